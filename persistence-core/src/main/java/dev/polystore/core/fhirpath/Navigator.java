package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.ElementModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Typed navigation of JSON trees through the element model of one FHIR release. Thread-safe. */
final class Navigator {

    static final Set<String> SYSTEM_TYPES =
            Set.of("Boolean", "String", "Integer", "Long", "Decimal", "Date", "DateTime", "Time", "Quantity", "Any");

    private final ElementModel model;

    /** An element of a type or backbone path, with its JSON keys precomputed (one per choice type). */
    private static final class Slot {
        final String name;
        final String[] keys;
        final String[] extKeys;
        final String[] types;
        final String[] paths;
        final boolean[] resourceTyped;

        Slot(int n, String name) {
            this.name = name;
            keys = new String[n];
            extKeys = new String[n];
            types = new String[n];
            paths = new String[n];
            resourceTyped = new boolean[n];
        }
    }

    private static final Slot MISSING = new Slot(0, "");

    /** Element lookups by path, then name; filled on demand, shared by all evaluations. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Slot>> slots = new ConcurrentHashMap<>();

    Navigator(ElementModel model) {
        this.model = model;
    }

    private Slot slot(String path, String name) {
        ConcurrentHashMap<String, Slot> byName = slots.get(path);
        if (byName == null) {
            byName = slots.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
        }
        Slot s = byName.get(name);
        if (s == null) {
            s = model.element(path, name).map(this::slotOf).orElse(MISSING);
            byName.putIfAbsent(name, s);
        }
        return s;
    }

    private Slot slotOf(ElementInfo info) {
        String name = info.name();
        if (info.choice()) {
            List<String> types = info.types();
            Slot s = new Slot(types.size(), name);
            for (int i = 0; i < types.size(); i++) {
                String t = types.get(i);
                s.keys[i] = name + Character.toUpperCase(t.charAt(0)) + t.substring(1);
                s.extKeys[i] = model.isPrimitiveType(t) ? "_" + s.keys[i] : null;
                s.types[i] = t;
                s.paths[i] = t;
                s.resourceTyped[i] = model.isResourceType(t);
            }
            return s;
        }
        Slot s = new Slot(1, name);
        String type = info.types().isEmpty() ? "Element" : info.types().get(0);
        s.keys[0] = name;
        s.extKeys[0] = model.isPrimitiveType(type) ? "_" + name : null;
        s.types[0] = type;
        s.paths[0] = info.childPath() != null ? info.childPath() : type;
        s.resourceTyped[0] = model.isResourceType(type);
        return s;
    }

    ElementModel model() {
        return model;
    }

    /** A resource (or any JSON object with a resourceType) as a typed value; untyped JSON as an Element. */
    FhirPathValue wrap(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode rt = node.get("resourceType");
        if (rt != null && rt.isTextual()) {
            String type = rt.textValue();
            return FhirPathValue.ofFhir(type, model.isType(type) ? type : null, node, null);
        }
        return infer(node, null);
    }

    private static FhirPathValue infer(JsonNode x, JsonNode ext) {
        return infer(x, ext, null);
    }

    private static FhirPathValue infer(JsonNode x, JsonNode ext, FhirPathValue.Location at) {
        if (x == null || x.isNull()) {
            return FhirPathValue.ofFhir("string", null, null, ext, at);
        }
        if (x.isTextual()) {
            return FhirPathValue.ofFhir("string", null, x, ext, at);
        }
        if (x.isBoolean()) {
            return FhirPathValue.ofFhir("boolean", null, x, ext, at);
        }
        if (x.isIntegralNumber()) {
            return FhirPathValue.ofFhir("integer", null, x, ext, at);
        }
        if (x.isNumber()) {
            return FhirPathValue.ofFhir("decimal", null, x, ext, at);
        }
        JsonNode rt = x.get("resourceType");
        if (rt != null && rt.isTextual()) {
            return FhirPathValue.ofFhir(rt.textValue(), null, x, null, at);
        }
        return FhirPathValue.ofFhir("Element", null, x, null, at);
    }

    /** Where an element sits: in {@code parent} (when it is an object) under {@code key}, at {@code index} or -1. */
    private static FhirPathValue.Location at(JsonNode parent, String parentPath, String name, String key, int index) {
        return parent instanceof ObjectNode o ? new FhirPathValue.Location(o, parentPath, name, key, index) : null;
    }

    /** child() outcome: the element is defined on the item's type (or the item is untyped). */
    static final int DEFINED = 0;
    /** child() outcome: the item's type is known and has no such element. */
    static final int UNDEFINED = 1;

    /** Appends the children called {@code name} of {@code item} to {@code out}. */
    void child(FhirPathValue item, String name, List<FhirPathValue> out, boolean strict) {
        if (childChecked(item, name, out) == UNDEFINED && strict) {
            throw new FhirPathException("'" + name + "' is not an element of " + item.path());
        }
    }

    /** Like child(), reporting whether the element is defined on a known type instead of failing. */
    int childChecked(FhirPathValue item, String name, List<FhirPathValue> out) {
        if (item.isSystem()) {
            return DEFINED;
        }
        JsonNode node = item.node();
        if (node == null || !node.isObject()) {
            // a primitive: only id and extension, kept in the _name sibling
            JsonNode ext = item.extensionNode();
            if (ext != null && ext.isObject()) {
                if (name.equals("extension")) {
                    addAll("Extension", "Extension", ext, "Element", name, name, ext.get("extension"), null, out);
                } else if (name.equals("id")) {
                    addAll("string", "string", ext, "Element", name, name, ext.get("id"), null, out);
                }
            }
            return DEFINED;
        }
        String path = item.path();
        if (path != null) {
            Slot slot = slot(path, name);
            if (slot != MISSING) {
                navigate(node, path, slot, out);
                return DEFINED;
            }
            if (isTypeName(name)) {
                if (isOfType(item, new Nodes.TypeSpec(null, name))) {
                    out.add(item);
                }
                return DEFINED;
            }
            if (model.isType(path) || !model.children(path).isEmpty()) {
                return UNDEFINED;
            }
        }
        // untyped: plain JSON navigation
        JsonNode rt = node.get("resourceType");
        if (rt != null && name.equals(rt.asText())) {
            out.add(item);
            return DEFINED;
        }
        JsonNode v = node.get(name);
        JsonNode e = node.get("_" + name);
        if (v == null && e == null) {
            return DEFINED;
        }
        if (v != null && v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode xe = e != null && e.isArray() && i < e.size() ? e.get(i) : null;
                out.add(infer(v.get(i), xe == null || xe.isNull() ? null : xe, at(node, null, name, name, i)));
            }
        } else {
            out.add(infer(v, e, at(node, null, name, name, -1)));
        }
        return DEFINED;
    }

    private boolean isTypeName(String name) {
        return !name.isEmpty() && Character.isUpperCase(name.charAt(0)) && model.isType(name);
    }

    private void navigate(JsonNode node, String nodePath, Slot slot, List<FhirPathValue> out) {
        for (int i = 0; i < slot.keys.length; i++) {
            JsonNode v = node.get(slot.keys[i]);
            JsonNode e = slot.extKeys[i] == null ? null : node.get(slot.extKeys[i]);
            if (v != null || e != null) {
                addAll(
                        slot.types[i],
                        slot.paths[i],
                        node,
                        nodePath,
                        slot.name,
                        slot.keys[i],
                        v,
                        e,
                        out,
                        slot.resourceTyped[i]);
                return;
            }
        }
    }

    private void navigate(JsonNode node, String nodePath, ElementInfo info, List<FhirPathValue> out) {
        String name = info.name();
        if (info.choice()) {
            for (String t : info.types()) {
                String key = name + Character.toUpperCase(t.charAt(0)) + t.substring(1);
                JsonNode v = node.get(key);
                JsonNode e = node.get("_" + key);
                if (v != null || e != null) {
                    addAll(t, t, node, nodePath, name, key, v, e, out);
                    return;
                }
            }
            return;
        }
        String type = info.types().isEmpty() ? "Element" : info.types().get(0);
        String childPath = info.childPath() != null ? info.childPath() : type;
        JsonNode v = node.get(name);
        JsonNode e = model.isPrimitiveType(type) ? node.get("_" + name) : null;
        if (v != null || e != null) {
            addAll(type, childPath, node, nodePath, name, name, v, e, out);
        }
    }

    private void addAll(
            String type,
            String path,
            JsonNode parent,
            String parentPath,
            String name,
            String key,
            JsonNode v,
            JsonNode e,
            List<FhirPathValue> out) {
        addAll(type, path, parent, parentPath, name, key, v, e, out, model.isResourceType(type));
    }

    /**
     * Appends the element(s) held by {@code parent}'s member {@code key} (value {@code v}, primitive extensions
     * {@code e}), each with its location.
     */
    private void addAll(
            String type,
            String path,
            JsonNode parent,
            String parentPath,
            String name,
            String key,
            JsonNode v,
            JsonNode e,
            List<FhirPathValue> out,
            boolean resourceTyped) {
        if (v != null && v.isArray()) {
            int n = v.size();
            boolean extArray = e != null && e.isArray();
            for (int i = 0; i < n; i++) {
                JsonNode x = v.get(i);
                JsonNode xe = extArray && i < e.size() ? e.get(i) : null;
                if (xe != null && xe.isNull()) {
                    xe = null;
                }
                if (x.isNull()) {
                    if (xe == null) {
                        continue;
                    }
                    x = null;
                }
                out.add(make(type, path, x, xe, resourceTyped, at(parent, parentPath, name, key, i)));
            }
            if (extArray) {
                for (int i = n; i < e.size(); i++) {
                    if (!e.get(i).isNull()) {
                        out.add(make(type, path, null, e.get(i), resourceTyped, at(parent, parentPath, name, key, i)));
                    }
                }
            }
        } else if (v == null || v.isNull()) {
            if (e != null && e.isArray()) {
                for (int i = 0; i < e.size(); i++) {
                    JsonNode xe = e.get(i);
                    if (!xe.isNull()) {
                        out.add(make(type, path, null, xe, resourceTyped, at(parent, parentPath, name, key, i)));
                    }
                }
            } else if (e != null && !e.isNull()) {
                out.add(make(type, path, null, e, resourceTyped, at(parent, parentPath, name, key, -1)));
            }
        } else {
            out.add(make(
                    type,
                    path,
                    v,
                    e != null && e.isObject() ? e : null,
                    resourceTyped,
                    at(parent, parentPath, name, key, -1)));
        }
    }

    private FhirPathValue make(
            String type, String path, JsonNode x, JsonNode xe, boolean resourceTyped, FhirPathValue.Location location) {
        if (resourceTyped && x != null && x.isObject()) {
            JsonNode rt = x.get("resourceType");
            if (rt != null && rt.isTextual()) {
                String actual = rt.textValue();
                return FhirPathValue.ofFhir(actual, model.isType(actual) ? actual : null, x, null, location);
            }
        }
        return FhirPathValue.ofFhir(type, path, x, xe, location);
    }

    /** Appends every child element of {@code item} (children()). */
    void children(FhirPathValue item, List<FhirPathValue> out) {
        if (item.isSystem()) {
            return;
        }
        JsonNode node = item.node();
        if (node == null || !node.isObject()) {
            JsonNode ext = item.extensionNode();
            if (ext != null && ext.isObject()) {
                addAll(
                        "Extension",
                        "Extension",
                        ext,
                        "Element",
                        "extension",
                        "extension",
                        ext.get("extension"),
                        null,
                        out);
            }
            return;
        }
        String path = item.path();
        List<ElementInfo> infos = path == null ? List.of() : model.children(path);
        if (!infos.isEmpty()) {
            for (ElementInfo info : infos) {
                navigate(node, path, info, out);
            }
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (key.equals("resourceType")) {
                continue;
            }
            if (key.startsWith("_")) {
                if (!node.has(key.substring(1))) {
                    child(item, key.substring(1), out, false);
                }
                continue;
            }
            child(item, key, out, false);
        }
    }

    /**
     * For as() and ofType(): FHIR primitives must match exactly (a code is not "as" a string), other types by
     * inheritance. An unqualified System type name also matches the FHIR primitive that maps to it exactly
     * ({@code value.as(DateTime)} in the R4 SearchParameter Observation-code-value-date means FHIR dateTime).
     */
    boolean isOfTypeForCast(FhirPathValue item, Nodes.TypeSpec spec) {
        if (spec.namespace() == null
                && !item.isSystem()
                && SYSTEM_TYPES.contains(spec.name())
                && !model.isType(spec.name())
                && item.typeName().equalsIgnoreCase(spec.name())) {
            return true;
        }
        if (!isOfType(item, spec)) {
            return false;
        }
        return item.isSystem()
                || !model.isPrimitiveType(item.typeName())
                || item.typeName().equals(spec.name());
    }

    /** Whether {@code name} (unqualified or FHIR/System qualified) names a known type; throws for unknown types. */
    boolean isOfType(FhirPathValue item, Nodes.TypeSpec spec) {
        String ns = spec.namespace();
        String name = spec.name();
        boolean systemName = SYSTEM_TYPES.contains(name);
        if (ns == null && !systemName && !model.isType(name)) {
            throw new FhirPathException("unknown type " + name);
        }
        if ("FHIR".equals(ns) && !model.isType(name)) {
            throw new FhirPathException("unknown type FHIR." + name);
        }
        if ("System".equals(ns) && !systemName) {
            return false;
        }
        if (item.isSystem()) {
            return !"FHIR".equals(ns) && (item.typeName().equals(name) || name.equals("Any"));
        }
        if ("System".equals(ns)) {
            return false;
        }
        for (String t = item.typeName(); t != null; t = model.baseType(t).orElse(null)) {
            if (t.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
