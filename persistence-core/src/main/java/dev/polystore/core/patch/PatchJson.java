package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON editing for FHIRPath Patch: lists kept aligned with their {@code _name} extension arrays, members renamed in
 * place, and nodes located by identity.
 */
final class PatchJson {

    private PatchJson() {}

    /** The number of items of the list {@code key} of {@code obj}, counting its {@code _key} array too. */
    static int listSize(ObjectNode obj, String key) {
        JsonNode values = obj.get(key);
        JsonNode ext = obj.get("_" + key);
        int n = values != null && values.isArray() ? values.size() : 0;
        return Math.max(n, ext != null && ext.isArray() ? ext.size() : 0);
    }

    /** Inserts {@code json} (with primitive extensions {@code ext}) at {@code index} of the list {@code key}. */
    static void insertAt(ObjectNode obj, String key, int index, JsonNode json, JsonNode ext) {
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
    static void pad(ArrayNode array, int size) {
        while (array.size() < size) {
            array.addNull();
        }
    }

    /**
     * Keeps the list {@code key} and its {@code _key} extensions valid: items missing from both go, an extension
     * array of nulls goes, trailing nulls of the shorter array go, and empty arrays go.
     */
    static void normalizeList(ObjectNode obj, String key) {
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
    static void renameMember(ObjectNode obj, String from, String to) {
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
    static boolean within(JsonNode tree, JsonNode target) {
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
    static ElementSlot find(ObjectNode tree, JsonNode target) {
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            JsonNode child = e.getValue();
            if (child == target) {
                return new ElementSlot(tree, null, e.getKey(), e.getKey(), -1);
            }
            if (child.isArray()) {
                for (int i = 0; i < child.size(); i++) {
                    JsonNode item = child.get(i);
                    if (item == target) {
                        return new ElementSlot(tree, null, e.getKey(), e.getKey(), i);
                    }
                    if (item instanceof ObjectNode o) {
                        ElementSlot s = find(o, target);
                        if (s != null) {
                            return s;
                        }
                    }
                }
            } else if (child instanceof ObjectNode o) {
                ElementSlot s = find(o, target);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    static String capitalize(String type) {
        return type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
    }
}
