package dev.polystore.core.patch;

import static dev.polystore.core.patch.PatchJson.capitalize;
import static dev.polystore.core.patch.PatchJson.find;
import static dev.polystore.core.patch.PatchJson.insertAt;
import static dev.polystore.core.patch.PatchJson.listSize;
import static dev.polystore.core.patch.PatchJson.normalizeList;
import static dev.polystore.core.patch.PatchJson.pad;
import static dev.polystore.core.patch.PatchJson.renameMember;
import static dev.polystore.core.patch.PatchJson.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathException;
import dev.polystore.core.fhirpath.FhirPathExpression;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.ElementModel;
import java.util.List;

/**
 * Applies one {@link PatchOperation} to the working copy of a resource: finds the elements its path designates, checks
 * that the operation's value fits there and edits the JSON. Every problem is an {@link InvalidResourceException}
 * (422) naming the operation, its type and path.
 */
final class PatchApplier {

    /** A list: the array(s) under {@code key} in {@code parent}; {@code info} is null when untyped. */
    private record ListRef(ObjectNode parent, String key, ElementInfo info) {}

    private final FhirPathEngine engine;
    private final ElementModel model;
    private final PatchOperation op;
    private final ObjectNode root;

    PatchApplier(FhirPathEngine engine, ElementModel model, PatchOperation op, ObjectNode root) {
        this.engine = engine;
        this.model = model;
        this.op = op;
        this.root = root;
    }

    void run() {
        switch (op.type()) {
            case ADD -> add();
            case INSERT -> insert();
            case DELETE -> delete();
            case REPLACE -> replace();
            case MOVE -> move();
        }
    }

    private InvalidResourceException failed(String message) {
        return InvalidResourceException.unprocessable("FHIRPath Patch operation " + op.number() + " (" + op.type().code
                + " at '" + op.pathText() + "'): " + message);
    }

    private InvalidResourceException outOfRange(String what, int value, int size) {
        return failed(
                what + " " + value + " is out of range: the list has " + size + " element" + (size == 1 ? "" : "s"));
    }

    private List<FhirPathValue> evaluate(FhirPathExpression expression) {
        try {
            return engine.evaluate(expression, root);
        } catch (FhirPathException e) {
            throw failed(e.getMessage());
        }
    }

    private FhirPathValue single(List<FhirPathValue> matches) {
        if (matches.isEmpty()) {
            throw failed("the path matches no element");
        }
        if (matches.size() > 1) {
            throw failed("the path matches " + matches.size() + " elements; it must match exactly one");
        }
        return matches.get(0);
    }

    /** Where {@code v} sits in the working copy; null for the resource itself. */
    private ElementSlot slot(FhirPathValue v) {
        if (v.isSystem()) {
            throw failed("the path yields a computed value (" + v.typeName() + "), not an element of the resource");
        }
        FhirPathValue.Location loc = v.location();
        if (loc != null) {
            if (!within(root, loc.parent())) {
                throw failed("the path leads outside the resource being patched");
            }
            return new ElementSlot(loc.parent(), loc.parentPath(), loc.name(), loc.key(), loc.index());
        }
        if (v.node() == root) {
            return null;
        }
        if (v.node() != null && v.node().isObject()) {
            ElementSlot found = find(root, v.node());
            if (found != null) {
                return found;
            }
        }
        throw failed("the path leads outside the resource being patched");
    }

    private ElementInfo info(ElementSlot slot) {
        if (slot.parentPath() == null) {
            return null;
        }
        return model.element(slot.parentPath(), slot.name()).orElse(null);
    }

    // -------------------------------------------------------- add

    private void add() {
        FhirPathValue target = single(evaluate(op.path()));
        ElementSlot slot = slot(target);
        JsonNode node = target.node();
        if (node != null && node.isObject()) {
            addChild((ObjectNode) node, target.path(), op.name(), op.value());
            return;
        }
        // a primitive: its id and extensions live in the _name sibling
        if (!op.name().equals("extension") && !op.name().equals("id")) {
            throw failed("the path matches a primitive (" + target.typeName() + "), which can only get an id or"
                    + " extensions, not '" + op.name() + "'");
        }
        addChild(extensionObject(slot), "Element", op.name(), op.value());
    }

    /** The {@code _name} object of the primitive at {@code slot}, created when absent. */
    private ObjectNode extensionObject(ElementSlot slot) {
        ObjectNode parent = slot.parent();
        String extKey = "_" + slot.key();
        if (slot.index() < 0) {
            JsonNode ext = parent.get(extKey);
            if (ext instanceof ObjectNode o) {
                return o;
            }
            return parent.putObject(extKey);
        }
        JsonNode values = parent.get(slot.key());
        int size = Math.max(values != null && values.isArray() ? values.size() : 0, slot.index() + 1);
        ArrayNode ext = parent.get(extKey) instanceof ArrayNode a ? a : parent.putArray(extKey);
        pad(ext, size);
        if (ext.get(slot.index()) instanceof ObjectNode o) {
            return o;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ext.set(slot.index(), o);
        return o;
    }

    /**
     * The definition of the child {@code name} of an element typed by {@code objPath}: null when the path is unknown
     * (null, or neither a type nor an element with children), an error when the element has no such child.
     */
    private ElementInfo childInfo(String objPath, String name) {
        if (objPath == null) {
            return null;
        }
        ElementInfo info = model.element(objPath, name).orElse(null);
        if (info == null && (model.isType(objPath) || !model.children(objPath).isEmpty())) {
            throw failed("'" + name + "' is not an element of " + objPath);
        }
        return info;
    }

    /** The JSON key of the choice element {@code name} holding {@code value}: {@code deceased} → deceasedBoolean. */
    private String choiceKey(String name, ElementInfo info, PatchValue value) {
        if (value.type() == null) {
            throw failed("'" + name + "' is a choice of types; its value must be a typed value[x]");
        }
        if (!info.types().contains(value.type())) {
            throw failed("'" + name + "' cannot be a " + value.type() + " (allowed: " + String.join(", ", info.types())
                    + ")");
        }
        return name + capitalize(value.type());
    }

    /** Adds {@code value} as the child {@code name} of {@code obj} (typed by {@code objPath}, if known). */
    private void addChild(ObjectNode obj, String objPath, String name, PatchValue value) {
        ElementInfo info = childInfo(objPath, name);
        String key = name;
        if (info != null && info.choice()) {
            key = choiceKey(name, info, value);
            for (String t : info.types()) {
                String k = name + capitalize(t);
                if (obj.has(k) || obj.has("_" + k)) {
                    throw failed("'" + name + "' already has a value (" + k + "); use replace");
                }
            }
        }
        JsonNode json = materialize(value, info, name);
        boolean repeating = info != null
                ? info.repeating()
                : obj.get(key) != null && obj.get(key).isArray();
        if (repeating) {
            JsonNode existing = obj.get(key);
            JsonNode existingExt = obj.get("_" + key);
            if (existing != null && !existing.isArray() || existingExt != null && !existingExt.isArray()) {
                throw failed("'" + key + "' is not a JSON array");
            }
            int size = listSize(obj, key);
            insertAt(obj, key, size, json, value.ext());
            return;
        }
        if (obj.has(key) || obj.has("_" + key)) {
            throw failed("'" + key + "' already has a value; use replace");
        }
        obj.set(key, json);
        if (value.ext() != null) {
            obj.set("_" + key, value.ext().deepCopy());
        }
    }

    /**
     * The JSON to write for {@code value} as element {@code info} (null: untyped), checking that the value's
     * type fits.
     */
    private JsonNode materialize(PatchValue value, ElementInfo info, String name) {
        if (value.parts() != null) {
            String typePath = null;
            if (info != null) {
                if (info.choice() || info.types().size() != 1) {
                    throw failed("'" + name + "' is a choice of types; its value must be a typed value[x]");
                }
                String type = info.types().get(0);
                if (model.isPrimitiveType(type)) {
                    throw failed("'" + name + "' is a " + type + "; give it as a value[x], not as parts");
                }
                if (model.isResourceType(type)) {
                    throw failed("'" + name + "' holds a resource; give it as a resource, not as parts");
                }
                typePath = info.childPath() != null ? info.childPath() : type;
            }
            ObjectNode built = JsonNodeFactory.instance.objectNode();
            for (PatchValue.Named part : value.parts()) {
                addChild(built, typePath, part.name(), part.value());
            }
            return built;
        }
        if (info != null && !fits(value, info)) {
            throw failed(
                    "'" + name + "' cannot be a " + value.type() + " (it is " + String.join(" | ", info.types()) + ")");
        }
        return value.json().deepCopy();
    }

    /**
     * Whether a typed value may be written to {@code info}: its type is one of the types or derives from one (or
     * it is a string for an xhtml element).
     */
    private boolean fits(PatchValue value, ElementInfo info) {
        for (String allowed : info.types()) {
            if (value.resource() != model.isResourceType(allowed)) {
                continue;
            }
            if (allowed.equals("xhtml") && "string".equals(value.type())) {
                return true; // xhtml is no Parameters value type: narrative is given as a valueString
            }
            for (String t = value.type(); t != null; t = model.baseType(t).orElse(null)) {
                if (t.equals(allowed)) {
                    return true;
                }
            }
        }
        return false;
    }

    // -------------------------------------------------------- insert / move

    private void insert() {
        List<FhirPathValue> matches = evaluate(op.path());
        ListRef list;
        if (matches.isEmpty()) {
            list = absentList();
        } else {
            list = list(matches);
        }
        int size = listSize(list.parent(), list.key());
        if (op.index() > size) {
            throw outOfRange("index", op.index(), size);
        }
        JsonNode json = materialize(op.value(), list.info(), list.key());
        insertAt(list.parent(), list.key(), op.index(), json, op.value().ext());
    }

    /** The empty list an insert path designates: {@code name} of the single match of the rest of the path. */
    private ListRef absentList() {
        if (op.list() == null) {
            throw failed("the path matches no element");
        }
        List<FhirPathValue> owners = evaluate(op.list());
        if (owners.isEmpty()) {
            throw failed("the path matches no element, and neither does '"
                    + op.pathText().substring(0, PatchOperationParser.lastTopLevelDot(op.pathText())) + "'");
        }
        FhirPathValue owner = single(owners);
        slot(owner);
        if (owner.node() == null || !owner.node().isObject()) {
            throw failed("the path matches no element");
        }
        ObjectNode obj = (ObjectNode) owner.node();
        ElementInfo info = childInfo(owner.path(), op.listName());
        if (info != null && (!info.repeating() || info.choice())) {
            throw failed("'" + op.listName() + "' is not a list");
        }
        return new ListRef(obj, op.listName(), info);
    }

    /** The one JSON list all {@code matches} are items of. */
    private ListRef list(List<FhirPathValue> matches) {
        ElementSlot first = null;
        for (FhirPathValue v : matches) {
            ElementSlot s = slot(v);
            if (s == null || s.index() < 0) {
                throw failed("the path does not designate a list");
            }
            if (first == null) {
                first = s;
            } else if (first.parent() != s.parent() || !first.key().equals(s.key())) {
                throw failed("the path matches items of more than one list");
            }
        }
        return new ListRef(first.parent(), first.key(), info(first));
    }

    private void move() {
        List<FhirPathValue> matches = evaluate(op.path());
        if (matches.isEmpty()) {
            throw failed("the path matches no element");
        }
        ListRef list = list(matches);
        int size = listSize(list.parent(), list.key());
        if (op.source() >= size) {
            throw outOfRange("source", op.source(), size);
        }
        if (op.destination() >= size) {
            throw outOfRange("destination", op.destination(), size);
        }
        ObjectNode parent = list.parent();
        for (String key : List.of(list.key(), "_" + list.key())) {
            if (parent.get(key) instanceof ArrayNode a) {
                pad(a, size);
                JsonNode item = a.remove(op.source());
                a.insert(op.destination(), item);
            }
        }
        normalizeList(parent, list.key());
    }

    // -------------------------------------------------------- delete / replace

    private void delete() {
        List<FhirPathValue> matches = evaluate(op.path());
        if (matches.isEmpty()) {
            return;
        }
        if (matches.size() > 1) {
            throw failed("the path matches " + matches.size() + " elements; delete removes only one");
        }
        ElementSlot slot = slot(matches.get(0));
        if (slot == null) {
            throw failed("the resource itself cannot be deleted");
        }
        remove(slot);
        prune(slot.parent());
    }

    private void replace() {
        FhirPathValue target = single(evaluate(op.path()));
        ElementSlot slot = slot(target);
        if (slot == null) {
            throw failed("the resource itself cannot be replaced");
        }
        ElementInfo info = info(slot);
        PatchValue value = op.value();
        String key = slot.key();
        if (info != null && info.choice()) {
            key = choiceKey(slot.name(), info, value);
        }
        JsonNode json = materialize(value, info, slot.name());
        ObjectNode parent = slot.parent();
        if (slot.index() < 0) {
            if (!key.equals(slot.key())) {
                renameMember(parent, slot.key(), key);
                renameMember(parent, "_" + slot.key(), "_" + key);
            }
            parent.set(key, json);
            if (value.ext() != null) {
                parent.set("_" + key, value.ext().deepCopy());
            } else {
                parent.remove("_" + key);
            }
            return;
        }
        int size = listSize(parent, key);
        ArrayNode values = parent.get(key) instanceof ArrayNode a ? a : parent.putArray(key);
        pad(values, size);
        values.set(slot.index(), json);
        if (parent.get("_" + key) instanceof ArrayNode ext) {
            pad(ext, size);
            ext.set(
                    slot.index(),
                    value.ext() == null ? NullNode.getInstance() : value.ext().deepCopy());
        } else if (value.ext() != null) {
            ArrayNode ext = parent.putArray("_" + key);
            pad(ext, size);
            ext.set(slot.index(), value.ext().deepCopy());
        }
        normalizeList(parent, key);
    }

    /** Removes the element at {@code slot} (with its primitive extensions). */
    private void remove(ElementSlot slot) {
        ObjectNode parent = slot.parent();
        String key = slot.key();
        if (slot.index() < 0) {
            parent.remove(key);
            parent.remove("_" + key);
            return;
        }
        if (key.startsWith("_") && parent.has(key.substring(1))) {
            // the extensions of one item of a primitive list: keep the lists aligned
            if (parent.get(key) instanceof ArrayNode ext && slot.index() < ext.size()) {
                ext.set(slot.index(), NullNode.getInstance());
            }
            normalizeList(parent, key.substring(1));
            return;
        }
        for (String k : List.of(key, "_" + key)) {
            if (parent.get(k) instanceof ArrayNode a && slot.index() < a.size()) {
                a.remove(slot.index());
            }
        }
        normalizeList(parent, key);
    }

    /** Removes objects left empty by a delete, from {@code node} up towards the root. */
    private void prune(ObjectNode node) {
        ObjectNode current = node;
        while (current != root && current.isEmpty()) {
            ElementSlot s = find(root, current);
            if (s == null) {
                return;
            }
            remove(s);
            current = s.parent();
        }
    }
}
