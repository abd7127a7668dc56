package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathException;
import dev.polystore.core.fhirpath.FhirPathExpression;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed and validated FHIRPath Patch: a {@code Parameters} resource whose parameters are all named
 * {@code operation}, each with the parts {@code type} ({@code add | insert | delete | replace | move}), {@code path}
 * (a FHIRPath expression) and, depending on the type, {@code name}, {@code value}, {@code index}, {@code source} and
 * {@code destination}. Paths are compiled once, by {@link #parse}; {@link #apply} works on a copy of the resource and
 * applies the operations in order, all or nothing.
 *
 * <ul>
 *   <li>{@code add}: the path must match exactly one element; the value becomes its child {@code name}: appended to
 *       the list when the element repeats, otherwise set when absent (an error when present). A choice element
 *       ({@code deceased}) is written under the name of the value's type ({@code deceasedBoolean}). On a primitive
 *       only {@code id} and {@code extension} can be added (they go to its {@code _name} sibling).
 *   <li>{@code insert}: the path designates a list (all its matches must be items of one JSON array); the value is
 *       inserted at {@code index}, which is at most the list's size. When the path matches nothing and ends with an
 *       element name ({@code Patient.identifier}), the list is that element of the single match of the rest of the
 *       path, so that an absent list can be started at index 0.
 *   <li>{@code delete}: the path must match at most one element; no match changes nothing. Objects and arrays left
 *       empty are removed.
 *   <li>{@code replace}: the path must match exactly one element, which the value replaces as a whole (extensions
 *       of a replaced primitive go with it unless the value brings its own {@code _value[x]}).
 *   <li>{@code move}: the path designates a list, like for insert; its item at {@code source} ends up at
 *       {@code destination}.
 * </ul>
 *
 * <p>Values are given as {@code value[x]} (its type must be the element's type or derive from it; a primitive's
 * {@code _value[x]} carries its id and extensions), as {@code resource} (for elements that hold a resource), or, for
 * complex and anonymous (backbone) elements, as parts: one part per child element, named like the element, each with
 * its own value or parts. Primitive lists keep their parallel {@code _name} extension arrays aligned.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class FhirPathPatch {

    private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> PART_NAMES =
            Set.of("type", "path", "name", "value", "index", "source", "destination");

    /** The operation types and the parts each takes besides {@code type} and {@code path}. */
    private enum Type {
        ADD("add", List.of("name", "value")),
        INSERT("insert", List.of("value", "index")),
        DELETE("delete", List.of()),
        REPLACE("replace", List.of("value")),
        MOVE("move", List.of("source", "destination"));

        final String code;
        final List<String> parts;

        Type(String code, List<String> parts) {
            this.code = code;
            this.parts = parts;
        }

        /** "an add", "a delete", ... */
        String article() {
            return (this == ADD || this == INSERT ? "an " : "a ") + code;
        }

        static Type of(String code) {
            for (Type t : values()) {
                if (t.code.equals(code)) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * A value to write: {@code json} with its FHIR {@code type} (from {@code value[x]}, or the resource type of a
     * {@code resource}) and the primitive extensions {@code ext} ({@code _value[x]}, else null); or, when
     * {@code parts} is not null, an element built from named parts (type null).
     */
    private record Value(String type, JsonNode json, JsonNode ext, boolean resource, List<NamedValue> parts) {}

    private record NamedValue(String name, Value value) {}

    /** One parsed operation; {@code list} and {@code listName} locate an absent list for insert (else null). */
    private record Operation(
            int number,
            Type type,
            String pathText,
            FhirPathExpression path,
            FhirPathExpression list,
            String listName,
            String name,
            Value value,
            int index,
            int source,
            int destination) {}

    /** Where an element sits: its parent object, element name, JSON key and array index (-1: not in an array). */
    private record Slot(ObjectNode parent, String parentPath, String name, String key, int index) {}

    /** A list: the array(s) under {@code key} in {@code parent}; {@code info} is null when untyped. */
    private record ListRef(ObjectNode parent, String key, ElementInfo info) {}

    private final FhirPathEngine engine;
    private final ElementModel model;
    private final List<Operation> operations;

    private FhirPathPatch(FhirPathEngine engine, ElementModel model, List<Operation> operations) {
        this.engine = engine;
        this.model = model;
        this.operations = List.copyOf(operations);
    }

    /**
     * Parses and validates a FHIRPath Patch. Throws {@link InvalidRequestException} (400), naming the operation, if
     * {@code parameters} is not a Parameters resource, a parameter is not an {@code operation}, a part is missing,
     * unknown, repeated or not allowed for the operation type, a path does not compile, or a value has an unknown
     * type or the wrong JSON shape.
     */
    public static FhirPathPatch parse(JsonNode parameters, FhirPathEngine engine) {
        Objects.requireNonNull(engine, "engine");
        if (parameters == null || !parameters.isObject()) {
            throw new InvalidRequestException("FHIRPath Patch must be a Parameters resource (a JSON object)");
        }
        JsonNode resourceType = parameters.get("resourceType");
        if (resourceType == null || !"Parameters".equals(resourceType.asText(null))) {
            throw new InvalidRequestException("FHIRPath Patch must be a Parameters resource, not "
                    + (resourceType == null ? "an object without resourceType" : "a " + resourceType));
        }
        ElementModel model = FhirDefinitions.of(engine.version()).elements();
        OperationParser parser = new OperationParser(engine, model);
        JsonNode params = parameters.get("parameter");
        List<Operation> operations = new ArrayList<>();
        if (params != null) {
            if (!params.isArray()) {
                throw new InvalidRequestException("FHIRPath Patch: Parameters.parameter must be an array");
            }
            for (int i = 0; i < params.size(); i++) {
                operations.add(parser.operation(i, params.get(i)));
            }
        }
        return new FhirPathPatch(engine, model, operations);
    }

    /** The number of operations. */
    public int size() {
        return operations.size();
    }

    /**
     * Applies the operations in order to a copy of {@code resource} and returns the copy; {@code resource} itself is
     * never changed. Throws {@link InvalidResourceException} (422), naming the operation, its type and path, if a
     * path matches no element (except for delete) or several, an index is out of range, a path fails to evaluate, or
     * a value is not allowed where it would go.
     */
    public JsonNode apply(JsonNode resource) {
        Objects.requireNonNull(resource, "resource");
        if (!resource.isObject()) {
            throw InvalidResourceException.unprocessable(
                    "FHIRPath Patch can only be applied to a resource (a JSON object)");
        }
        ObjectNode root = ((ObjectNode) resource).deepCopy();
        for (Operation op : operations) {
            new Applier(op, root).run();
        }
        return root;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FhirPathPatch[");
        for (Operation op : operations) {
            if (op.number() > 0) {
                sb.append(", ");
            }
            sb.append(op.type().code).append(' ').append(op.pathText());
        }
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------- parsing

    private static final class OperationParser {
        private final FhirPathEngine engine;
        private final ElementModel model;
        private final Set<String> valueTypes = new HashSet<>();

        OperationParser(FhirPathEngine engine, ElementModel model) {
            this.engine = engine;
            this.model = model;
            model.element("Parameters.parameter", "value").ifPresent(info -> valueTypes.addAll(info.types()));
        }

        Operation operation(int number, JsonNode param) {
            if (param == null || !param.isObject()) {
                throw invalid(number, "must be a JSON object");
            }
            JsonNode name = param.get("name");
            if (name == null || !name.isTextual()) {
                throw invalid(number, "the parameter has no name; it must be named 'operation'");
            }
            if (!name.textValue().equals("operation")) {
                throw invalid(number, "the parameter is named '" + name.textValue() + "'; it must be 'operation'");
            }
            for (String field : fieldNames(param)) {
                if (field.equals("resource") || isValueKey(field)) {
                    throw invalid(number, "an operation has no value of its own ('" + field + "'); give its parts");
                }
            }
            JsonNode partsNode = param.get("part");
            if (partsNode == null || !partsNode.isArray() || partsNode.isEmpty()) {
                throw invalid(number, "the operation has no parts");
            }
            Map<String, JsonNode> parts = new LinkedHashMap<>();
            for (JsonNode part : partsNode) {
                if (!part.isObject()) {
                    throw invalid(number, "each part must be a JSON object");
                }
                JsonNode partName = part.get("name");
                if (partName == null || !partName.isTextual()) {
                    throw invalid(number, "a part has no name");
                }
                String n = partName.textValue();
                if (!PART_NAMES.contains(n)) {
                    throw invalid(
                            number,
                            "unknown part '" + n + "' (expected type, path, name, value, index, source, destination)");
                }
                if (parts.put(n, part) != null) {
                    throw invalid(number, "part '" + n + "' is given more than once");
                }
            }
            JsonNode typePart = parts.get("type");
            if (typePart == null) {
                throw invalid(number, "part 'type' is missing");
            }
            JsonNode code = typePart.get("valueCode");
            if (code == null || !code.isTextual()) {
                throw invalid(number, "part 'type' must have a valueCode");
            }
            Type type = Type.of(code.textValue());
            if (type == null) {
                throw invalid(
                        number,
                        "unknown operation type '" + code.textValue()
                                + "' (expected add, insert, delete, replace or move)");
            }
            for (String n : parts.keySet()) {
                if (!n.equals("type") && !n.equals("path") && !type.parts.contains(n)) {
                    throw invalid(number, "part '" + n + "' does not apply to " + type.article() + " operation");
                }
            }
            if (!parts.containsKey("path")) {
                throw invalid(number, type.article() + " operation needs part 'path'");
            }
            for (String n : type.parts) {
                if (!parts.containsKey(n)) {
                    throw invalid(number, type.article() + " operation needs part '" + n + "'");
                }
            }
            String pathText = string(number, parts.get("path"), "path");
            FhirPathExpression path;
            try {
                path = engine.compile(pathText);
            } catch (FhirPathException e) {
                throw invalid(number, "path '" + pathText + "' is not a valid FHIRPath expression: " + e.getMessage());
            }
            FhirPathExpression list = null;
            String listName = null;
            if (type == Type.INSERT) {
                int dot = lastTopLevelDot(pathText);
                if (dot > 0) {
                    String tail = pathText.substring(dot + 1).trim();
                    if (tail.length() > 2 && tail.startsWith("`") && tail.endsWith("`")) {
                        tail = tail.substring(1, tail.length() - 1);
                    }
                    if (IDENTIFIER.matcher(tail).matches()) {
                        try {
                            list = engine.compile(pathText.substring(0, dot));
                            listName = tail;
                        } catch (FhirPathException e) {
                            list = null;
                        }
                    }
                }
            }
            String elementName = null;
            if (parts.containsKey("name")) {
                elementName = string(number, parts.get("name"), "name");
                if (!ELEMENT_NAME.matcher(elementName).matches()) {
                    throw invalid(number, "part 'name' must be an element name, not '" + elementName + "'");
                }
            }
            Value value = parts.containsKey("value") ? value(number, parts.get("value"), "part 'value'") : null;
            int index = parts.containsKey("index") ? integer(number, parts.get("index"), "index") : -1;
            int source = parts.containsKey("source") ? integer(number, parts.get("source"), "source") : -1;
            int destination =
                    parts.containsKey("destination") ? integer(number, parts.get("destination"), "destination") : -1;
            return new Operation(
                    number, type, pathText, path, list, listName, elementName, value, index, source, destination);
        }

        private static String string(int number, JsonNode part, String name) {
            JsonNode v = part.get("valueString");
            if (v == null || !v.isTextual() || v.textValue().isBlank()) {
                throw invalid(number, "part '" + name + "' must have a non-empty valueString");
            }
            return v.textValue();
        }

        private static int integer(int number, JsonNode part, String name) {
            JsonNode v = part.get("valueInteger");
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw invalid(number, "part '" + name + "' must have a valueInteger");
            }
            if (v.intValue() < 0) {
                throw invalid(number, "part '" + name + "' must not be negative, not " + v.intValue());
            }
            return v.intValue();
        }

        /** A value part: exactly one of value[x], resource, or parts (named values). */
        private Value value(int number, JsonNode part, String where) {
            List<String> alternatives = new ArrayList<>();
            for (String field : fieldNames(part)) {
                if (field.equals("resource") || field.equals("part") || isValueKey(field)) {
                    alternatives.add(field);
                }
            }
            if (alternatives.isEmpty()) {
                throw invalid(number, where + " has no value: give a value[x], a resource or parts");
            }
            if (alternatives.size() > 1) {
                throw invalid(number, where + " has more than one value: " + String.join(", ", alternatives));
            }
            String field = alternatives.get(0);
            JsonNode v = part.get(field);
            if (field.equals("resource")) {
                JsonNode rt = v.isObject() ? v.get("resourceType") : null;
                if (rt == null || !rt.isTextual() || !model.isResourceType(rt.textValue())) {
                    throw invalid(number, where + " has a resource without a known resourceType");
                }
                return new Value(rt.textValue(), v.deepCopy(), null, true, null);
            }
            if (field.equals("part")) {
                if (!v.isArray() || v.isEmpty()) {
                    throw invalid(number, where + " has no parts");
                }
                List<NamedValue> named = new ArrayList<>();
                for (JsonNode sub : v) {
                    if (!sub.isObject()) {
                        throw invalid(number, where + " has a part that is not a JSON object");
                    }
                    JsonNode n = sub.get("name");
                    if (n == null
                            || !n.isTextual()
                            || !ELEMENT_NAME.matcher(n.textValue()).matches()) {
                        throw invalid(number, where + " has a part without a valid element name");
                    }
                    named.add(new NamedValue(
                            n.textValue(), value(number, sub, "part '" + n.textValue() + "' of " + where)));
                }
                return new Value(null, null, null, false, List.copyOf(named));
            }
            String type = valueType(field.substring("value".length()));
            if (type == null) {
                throw invalid(number, where + " has a value of unknown type '" + field + "'");
            }
            String problem = shapeProblem(type, v);
            if (problem != null) {
                throw invalid(number, where + ": " + field + " " + problem);
            }
            JsonNode ext = part.get("_" + field);
            if (ext != null && !ext.isNull() && !ext.isObject()) {
                throw invalid(number, where + ": _" + field + " must be a JSON object");
            }
            if (ext != null && (ext.isNull() || !model.isPrimitiveType(type))) {
                ext = null;
            }
            return new Value(type, v.deepCopy(), ext == null ? null : ext.deepCopy(), false, null);
        }

        /** The FHIR type named by the suffix of a value[x] key ({@code Date} → date, {@code HumanName}). */
        private String valueType(String suffix) {
            if (suffix.isEmpty()) {
                return null;
            }
            String primitive = Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
            for (String candidate : List.of(suffix, primitive)) {
                if (valueTypes.isEmpty()
                        ? model.isType(candidate) && !model.isResourceType(candidate)
                        : valueTypes.contains(candidate)) {
                    return candidate;
                }
            }
            return null;
        }

        /** Why {@code v} is not JSON of FHIR type {@code type}, or null when it is. */
        private String shapeProblem(String type, JsonNode v) {
            if (!model.isPrimitiveType(type)) {
                return v.isObject() ? null : "must be a JSON object";
            }
            switch (type) {
                case "boolean":
                    return v.isBoolean() ? null : "must be true or false";
                case "integer":
                    return v.isIntegralNumber() && v.canConvertToInt() ? null : "must be an integer";
                case "unsignedInt":
                    return v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0
                            ? null
                            : "must be an integer of at least 0";
                case "positiveInt":
                    return v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 1
                            ? null
                            : "must be an integer of at least 1";
                case "decimal":
                    return v.isNumber() ? null : "must be a number";
                case "integer64":
                    return v.isTextual() || v.isIntegralNumber() ? null : "must be an integer";
                default:
                    return v.isTextual() && !v.textValue().isEmpty() ? null : "must be a non-empty string";
            }
        }
    }

    private static boolean isValueKey(String field) {
        return field.length() > 5 && field.startsWith("value") && Character.isUpperCase(field.charAt(5));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            names.add(e.getKey());
        }
        return names;
    }

    /**
     * The position of the last {@code .} of {@code path} outside parentheses, brackets, braces, strings and
     * delimited identifiers, or -1.
     */
    static int lastTopLevelDot(String path) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int j = i + 1;
                while (j < path.length() && path.charAt(j) != c) {
                    j += path.charAt(j) == '\\' ? 2 : 1;
                }
                i = j;
            } else if (c == '/' && i + 1 < path.length() && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '*')) {
                return -1; // comments: do not guess
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '.' && depth == 0) {
                boolean decimal = i > 0
                        && Character.isDigit(path.charAt(i - 1))
                        && i + 1 < path.length()
                        && Character.isDigit(path.charAt(i + 1));
                if (!decimal) {
                    last = i;
                }
            }
        }
        return last;
    }

    private static InvalidRequestException invalid(int number, String message) {
        return new InvalidRequestException("FHIRPath Patch operation " + number + ": " + message);
    }

    // ---------------------------------------------------------------- applying

    /** Applies one operation to the working copy. */
    private final class Applier {
        private final Operation op;
        private final ObjectNode root;

        Applier(Operation op, ObjectNode root) {
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
            return InvalidResourceException.unprocessable("FHIRPath Patch operation " + op.number() + " ("
                    + op.type().code + " at '" + op.pathText() + "'): " + message);
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
        private Slot slot(FhirPathValue v) {
            if (v.isSystem()) {
                throw failed("the path yields a computed value (" + v.typeName() + "), not an element of the resource");
            }
            FhirPathValue.Location loc = v.location();
            if (loc != null) {
                if (!within(root, loc.parent())) {
                    throw failed("the path leads outside the resource being patched");
                }
                return new Slot(loc.parent(), loc.parentPath(), loc.name(), loc.key(), loc.index());
            }
            if (v.node() == root) {
                return null;
            }
            if (v.node() != null && v.node().isObject()) {
                Slot found = find(root, v.node());
                if (found != null) {
                    return found;
                }
            }
            throw failed("the path leads outside the resource being patched");
        }

        private ElementInfo info(Slot slot) {
            if (slot.parentPath() == null) {
                return null;
            }
            return model.element(slot.parentPath(), slot.name()).orElse(null);
        }

        // -------------------------------------------------------- add

        private void add() {
            FhirPathValue target = single(evaluate(op.path()));
            Slot slot = slot(target);
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
        private ObjectNode extensionObject(Slot slot) {
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

        /** Adds {@code value} as the child {@code name} of {@code obj} (typed by {@code objPath}, if known). */
        private void addChild(ObjectNode obj, String objPath, String name, Value value) {
            ElementInfo info = null;
            if (objPath != null) {
                info = model.element(objPath, name).orElse(null);
                if (info == null
                        && (model.isType(objPath) || !model.children(objPath).isEmpty())) {
                    throw failed("'" + name + "' is not an element of " + objPath);
                }
            }
            String key = name;
            if (info != null && info.choice()) {
                if (value.type() == null) {
                    throw failed("'" + name + "' is a choice of types; its value must be a typed value[x]");
                }
                if (!info.types().contains(value.type())) {
                    throw failed("'" + name + "' cannot be a " + value.type() + " (allowed: "
                            + String.join(", ", info.types()) + ")");
                }
                key = name + capitalize(value.type());
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
        private JsonNode materialize(Value value, ElementInfo info, String name) {
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
                for (NamedValue part : value.parts()) {
                    addChild(built, typePath, part.name(), part.value());
                }
                return built;
            }
            if (info != null && !fits(value, info)) {
                throw failed("'" + name + "' cannot be a " + value.type() + " (it is "
                        + String.join(" | ", info.types()) + ")");
            }
            return value.json().deepCopy();
        }

        /**
         * Whether a typed value may be written to {@code info}: its type is one of the types or derives from one (or
         * it is a string for an xhtml element).
         */
        private boolean fits(Value value, ElementInfo info) {
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
                throw failed("index " + op.index() + " is out of range: the list has " + size + " element"
                        + (size == 1 ? "" : "s"));
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
                        + op.pathText().substring(0, lastTopLevelDot(op.pathText())) + "'");
            }
            FhirPathValue owner = single(owners);
            slot(owner);
            if (owner.node() == null || !owner.node().isObject()) {
                throw failed("the path matches no element");
            }
            ObjectNode obj = (ObjectNode) owner.node();
            ElementInfo info = null;
            if (owner.path() != null) {
                info = model.element(owner.path(), op.listName()).orElse(null);
                if (info == null
                        && (model.isType(owner.path())
                                || !model.children(owner.path()).isEmpty())) {
                    throw failed("'" + op.listName() + "' is not an element of " + owner.path());
                }
            }
            if (info != null && (!info.repeating() || info.choice())) {
                throw failed("'" + op.listName() + "' is not a list");
            }
            return new ListRef(obj, op.listName(), info);
        }

        /** The one JSON list all {@code matches} are items of. */
        private ListRef list(List<FhirPathValue> matches) {
            Slot first = null;
            for (FhirPathValue v : matches) {
                Slot s = slot(v);
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
                throw failed("source " + op.source() + " is out of range: the list has " + size + " element"
                        + (size == 1 ? "" : "s"));
            }
            if (op.destination() >= size) {
                throw failed("destination " + op.destination() + " is out of range: the list has " + size + " element"
                        + (size == 1 ? "" : "s"));
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
            Slot slot = slot(matches.get(0));
            if (slot == null) {
                throw failed("the resource itself cannot be deleted");
            }
            remove(slot);
            prune(slot.parent());
        }

        private void replace() {
            FhirPathValue target = single(evaluate(op.path()));
            Slot slot = slot(target);
            if (slot == null) {
                throw failed("the resource itself cannot be replaced");
            }
            ElementInfo info = info(slot);
            Value value = op.value();
            String key = slot.key();
            if (info != null && info.choice()) {
                if (value.type() == null) {
                    throw failed("'" + slot.name() + "' is a choice of types; its value must be a typed value[x]");
                }
                if (!info.types().contains(value.type())) {
                    throw failed("'" + slot.name() + "' cannot be a " + value.type() + " (allowed: "
                            + String.join(", ", info.types()) + ")");
                }
                key = slot.name() + capitalize(value.type());
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
                        value.ext() == null
                                ? NullNode.getInstance()
                                : value.ext().deepCopy());
            } else if (value.ext() != null) {
                ArrayNode ext = parent.putArray("_" + key);
                pad(ext, size);
                ext.set(slot.index(), value.ext().deepCopy());
            }
            normalizeList(parent, key);
        }

        /** Removes the element at {@code slot} (with its primitive extensions). */
        private void remove(Slot slot) {
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
                Slot s = find(root, current);
                if (s == null) {
                    return;
                }
                remove(s);
                current = s.parent();
            }
        }
    }

    // ---------------------------------------------------------------- JSON helpers

    /** The number of items of the list {@code key} of {@code obj}, counting its {@code _key} array too. */
    private static int listSize(ObjectNode obj, String key) {
        JsonNode values = obj.get(key);
        JsonNode ext = obj.get("_" + key);
        int n = values != null && values.isArray() ? values.size() : 0;
        return Math.max(n, ext != null && ext.isArray() ? ext.size() : 0);
    }

    /** Inserts {@code json} (with primitive extensions {@code ext}) at {@code index} of the list {@code key}. */
    private static void insertAt(ObjectNode obj, String key, int index, JsonNode json, JsonNode ext) {
        int size = listSize(obj, key);
        ArrayNode values = obj.get(key) instanceof ArrayNode a ? a : obj.putArray(key);
        pad(values, size);
        values.insert(index, json);
        JsonNode existingExt = obj.get("_" + key);
        if (existingExt instanceof ArrayNode e) {
            pad(e, size);
            e.insert(index, ext == null ? NullNode.getInstance() : ext.deepCopy());
        } else if (ext != null) {
            ArrayNode e = obj.putArray("_" + key);
            pad(e, size + 1);
            e.set(index, ext.deepCopy());
        }
        normalizeList(obj, key);
    }

    /** Pads {@code array} with nulls to {@code size} items. */
    private static void pad(ArrayNode array, int size) {
        while (array.size() < size) {
            array.addNull();
        }
    }

    /**
     * Keeps the list {@code key} and its {@code _key} extensions valid: items missing from both go, an extension
     * array of nulls goes, trailing nulls of the shorter array go, and empty arrays go.
     */
    private static void normalizeList(ObjectNode obj, String key) {
        ArrayNode values = obj.get(key) instanceof ArrayNode a ? a : null;
        ArrayNode ext = obj.get("_" + key) instanceof ArrayNode e ? e : null;
        if (ext != null) {
            int size = Math.max(values == null ? 0 : values.size(), ext.size());
            for (int i = size - 1; i >= 0; i--) {
                boolean noValue =
                        values == null || i >= values.size() || values.get(i).isNull();
                boolean noExt = i >= ext.size() || ext.get(i).isNull();
                if (noValue && noExt) {
                    if (values != null && i < values.size()) {
                        values.remove(i);
                    }
                    if (i < ext.size()) {
                        ext.remove(i);
                    }
                }
            }
            boolean allNull = true;
            for (JsonNode x : ext) {
                allNull &= x.isNull();
            }
            if (allNull) {
                obj.remove("_" + key);
            } else if (values != null) {
                pad(values, ext.size());
                pad(ext, values.size());
            }
        }
        if (values != null && values.isEmpty()) {
            obj.remove(key);
        }
    }

    /** Renames member {@code from} of {@code obj} to {@code to}, keeping its place among the members. */
    private static void renameMember(ObjectNode obj, String from, String to) {
        if (!obj.has(from)) {
            return;
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            members.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
        }
        obj.removeAll();
        obj.setAll(members);
    }

    /** Whether {@code target} is {@code tree} or a node inside it (by identity). */
    private static boolean within(JsonNode tree, JsonNode target) {
        if (tree == target) {
            return true;
        }
        if (tree.isContainerNode()) {
            for (JsonNode child : tree) {
                if (child.isContainerNode() && within(child, target)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the container node {@code target} sits below {@code tree} (by identity), or null. */
    private static Slot find(ObjectNode tree, JsonNode target) {
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            JsonNode child = e.getValue();
            if (child == target) {
                return new Slot(tree, null, e.getKey(), e.getKey(), -1);
            }
            if (child.isArray()) {
                for (int i = 0; i < child.size(); i++) {
                    JsonNode item = child.get(i);
                    if (item == target) {
                        return new Slot(tree, null, e.getKey(), e.getKey(), i);
                    }
                    if (item instanceof ObjectNode o) {
                        Slot s = find(o, target);
                        if (s != null) {
                            return s;
                        }
                    }
                }
            } else if (child instanceof ObjectNode o) {
                Slot s = find(o, target);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String capitalize(String type) {
        return type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
    }
}
