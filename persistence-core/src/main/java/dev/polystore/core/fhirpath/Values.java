package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Equality, equivalence, ordering and conversions of values. */
final class Values {

    private Values() {}

    static FhirPathValue fromJava(Object value) {
        if (value instanceof FhirPathValue) {
            return (FhirPathValue) value;
        }
        if (value instanceof String) {
            return FhirPathValue.ofString((String) value);
        }
        if (value instanceof Boolean) {
            return FhirPathValue.ofBoolean((Boolean) value);
        }
        if (value instanceof Integer) {
            return FhirPathValue.ofInteger((Integer) value);
        }
        if (value instanceof Long) {
            return FhirPathValue.ofSystem("Long", value);
        }
        if (value instanceof BigDecimal) {
            return FhirPathValue.ofDecimal((BigDecimal) value);
        }
        if (value instanceof Double || value instanceof Float) {
            return FhirPathValue.ofDecimal(new BigDecimal(value.toString()));
        }
        if (value instanceof FhirPathTemporal) {
            return FhirPathValue.ofTemporal((FhirPathTemporal) value);
        }
        if (value instanceof FhirPathQuantity) {
            return FhirPathValue.ofQuantity((FhirPathQuantity) value);
        }
        if (value instanceof JsonNode) {
            JsonNode node = (JsonNode) value;
            JsonNode rt = node.get("resourceType");
            if (rt != null && rt.isTextual()) {
                return FhirPathValue.ofFhir(rt.textValue(), rt.textValue(), node, null);
            }
            if (node.isTextual()) {
                return FhirPathValue.ofString(node.textValue());
            }
            if (node.isBoolean()) {
                return FhirPathValue.ofBoolean(node.booleanValue());
            }
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return FhirPathValue.ofInteger(node.intValue());
            }
            if (node.isNumber()) {
                return FhirPathValue.ofDecimal(node.decimalValue());
            }
            return FhirPathValue.ofFhir("Element", null, node, null);
        }
        throw new IllegalArgumentException(
                "unsupported variable value " + value.getClass().getName());
    }

    /** Singleton evaluation as a boolean: empty → null; one Boolean → it; one other item → true. */
    static Boolean toBoolean(List<FhirPathValue> v, String where) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new FhirPathException(where + " expects a single boolean, got a collection of " + v.size());
        }
        Object o = v.get(0).systemValue();
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        return Boolean.TRUE;
    }

    /** Strict: empty → null; one Boolean → it; else an error. */
    static Boolean strictBoolean(List<FhirPathValue> v, String where) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new FhirPathException(where + " expects a single boolean, got a collection of " + v.size());
        }
        Object o = v.get(0).systemValue();
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        throw new FhirPathException(
                where + " expects a boolean, got " + v.get(0).typeName());
    }

    static Integer integerArg(List<FhirPathValue> v, String where) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new FhirPathException(where + " expects a single integer");
        }
        Object o = v.get(0).systemValue();
        if (o instanceof Integer) {
            return (Integer) o;
        }
        if (o instanceof Long) {
            return (int) (long) (Long) o;
        }
        throw new FhirPathException(
                where + " expects an integer, got " + v.get(0).typeName());
    }

    static String stringArg(List<FhirPathValue> v, String where) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new FhirPathException(where + " expects a single string");
        }
        Object o = v.get(0).systemValue();
        if (o instanceof String) {
            return (String) o;
        }
        throw new FhirPathException(where + " expects a string, got " + v.get(0).typeName());
    }

    /** The single item of {@code v}, null when empty; error for several. */
    static FhirPathValue single(List<FhirPathValue> v, String where) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new FhirPathException(where + " expects a single value, got a collection of " + v.size());
        }
        return v.get(0);
    }

    // ---------------------------------------------------------------- equality

    /** {@code =} of two items: TRUE, FALSE or null (unknown). */
    static Boolean equal(FhirPathValue a, FhirPathValue b) {
        if (a.isValueless() || b.isValueless()) {
            return a.isValueless() && b.isValueless()
                    ? java.util.Objects.equals(a.extensionNode(), b.extensionNode())
                    : null;
        }
        Object x = a.systemValue();
        Object y = b.systemValue();
        if (x instanceof FhirPathQuantity && y instanceof FhirPathQuantity) {
            return Quantities.equal((FhirPathQuantity) x, (FhirPathQuantity) y, false);
        }
        boolean px = x != null && !(x instanceof FhirPathQuantity && !a.isSystem());
        boolean py = y != null && !(y instanceof FhirPathQuantity && !b.isSystem());
        if (px && py) {
            if (x instanceof String && y instanceof String) {
                return x.equals(y);
            }
            if (x instanceof Boolean && y instanceof Boolean) {
                return x.equals(y);
            }
            BigDecimal dx = a.asDecimal();
            BigDecimal dy = b.asDecimal();
            if (dx != null && dy != null) {
                return dx.compareTo(dy) == 0;
            }
            if (x instanceof FhirPathTemporal && y instanceof FhirPathTemporal) {
                FhirPathTemporal tx = (FhirPathTemporal) x;
                FhirPathTemporal ty = (FhirPathTemporal) y;
                if (!tx.comparableKind(ty)) {
                    return Boolean.FALSE;
                }
                Integer c = tx.compare(ty);
                return c == null ? null : c == 0;
            }
            return Boolean.FALSE;
        }
        if (px || py) {
            return Boolean.FALSE;
        }
        JsonNode nx = a.node();
        JsonNode ny = b.node();
        if (nx == ny) {
            return nx != null || java.util.Objects.equals(a.extensionNode(), b.extensionNode());
        }
        if (nx == null || ny == null || nx.size() != ny.size()) {
            return Boolean.FALSE;
        }
        return nx.equals(ny);
    }

    static List<FhirPathValue> equalCollections(List<FhirPathValue> l, List<FhirPathValue> r) {
        if (l.isEmpty() || r.isEmpty()) {
            return List.of();
        }
        if (l.size() != r.size()) {
            return List.of(FhirPathValue.FALSE);
        }
        boolean unknown = false;
        for (int i = 0; i < l.size(); i++) {
            Boolean e = equal(l.get(i), r.get(i));
            if (e == null) {
                unknown = true;
            } else if (!e) {
                return List.of(FhirPathValue.FALSE);
            }
        }
        return unknown ? List.of() : List.of(FhirPathValue.TRUE);
    }

    /** {@code ~} of two items. */
    static boolean equivalent(FhirPathValue a, FhirPathValue b) {
        Object x = a.systemValue();
        Object y = b.systemValue();
        if (x instanceof FhirPathQuantity && y instanceof FhirPathQuantity) {
            return Boolean.TRUE.equals(Quantities.equal((FhirPathQuantity) x, (FhirPathQuantity) y, true));
        }
        boolean px = x != null && !(x instanceof FhirPathQuantity && !a.isSystem());
        boolean py = y != null && !(y instanceof FhirPathQuantity && !b.isSystem());
        if (px && py) {
            if (x instanceof String && y instanceof String) {
                return normalize((String) x).equals(normalize((String) y));
            }
            if (x instanceof Boolean && y instanceof Boolean) {
                return x.equals(y);
            }
            BigDecimal dx = a.asDecimal();
            BigDecimal dy = b.asDecimal();
            if (dx != null && dy != null) {
                return decimalEquivalent(dx, dy);
            }
            if (x instanceof FhirPathTemporal && y instanceof FhirPathTemporal) {
                FhirPathTemporal tx = (FhirPathTemporal) x;
                FhirPathTemporal ty = (FhirPathTemporal) y;
                if (!tx.comparableKind(ty)) {
                    return false;
                }
                Integer c = tx.compare(ty);
                return c != null && c == 0;
            }
            return false;
        }
        if (px || py) {
            return false;
        }
        JsonNode nx = a.node();
        JsonNode ny = b.node();
        if (nx == null || ny == null) {
            return nx == ny;
        }
        return jsonEquivalent(nx, ny);
    }

    private static boolean jsonEquivalent(JsonNode x, JsonNode y) {
        if (x.isObject() && y.isObject()) {
            int nx = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = x.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("id")) {
                    continue;
                }
                nx++;
                JsonNode o = y.get(e.getKey());
                if (o == null || !jsonEquivalent(e.getValue(), o)) {
                    return false;
                }
            }
            int ny = 0;
            for (Map.Entry<String, JsonNode> e : y.properties()) {
                if (!e.getKey().equals("id")) {
                    ny++;
                }
            }
            return nx == ny;
        }
        if (x.isArray() && y.isArray()) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!jsonEquivalent(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (x.isTextual() && y.isTextual()) {
            return normalize(x.textValue()).equals(normalize(y.textValue()));
        }
        if (x.isNumber() && y.isNumber()) {
            return decimalEquivalent(x.decimalValue(), y.decimalValue());
        }
        return x.equals(y);
    }

    static boolean decimalEquivalent(BigDecimal dx, BigDecimal dy) {
        int scale = Math.min(Math.max(dx.scale(), 0), Math.max(dy.scale(), 0));
        return dx.setScale(scale, RoundingMode.HALF_UP).compareTo(dy.setScale(scale, RoundingMode.HALF_UP)) == 0;
    }

    private static String normalize(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static boolean equivalentCollections(List<FhirPathValue> l, List<FhirPathValue> r) {
        if (l.size() != r.size()) {
            return false;
        }
        List<FhirPathValue> remaining = new ArrayList<>(r);
        outer:
        for (FhirPathValue a : l) {
            for (int i = 0; i < remaining.size(); i++) {
                if (equivalent(a, remaining.get(i))) {
                    remaining.remove(i);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** Whether {@code list} holds an item equal to {@code v} (for union, distinct, in). */
    static boolean containsEqual(List<FhirPathValue> list, FhirPathValue v) {
        for (FhirPathValue x : list) {
            if (Boolean.TRUE.equals(equal(x, v))) {
                return true;
            }
        }
        return false;
    }

    static List<FhirPathValue> distinct(List<FhirPathValue> list) {
        int n = list.size();
        if (n <= 1) {
            return list;
        }
        List<FhirPathValue> out = new ArrayList<>(n);
        if (n <= 8) {
            for (FhirPathValue v : list) {
                if (!containsEqual(out, v)) {
                    out.add(v);
                }
            }
            return out;
        }
        // bucket by a hash consistent with equal(): only items of one bucket can be equal
        Map<Object, List<FhirPathValue>> buckets = new java.util.HashMap<>();
        for (FhirPathValue v : list) {
            List<FhirPathValue> bucket = buckets.computeIfAbsent(hashKey(v), k -> new ArrayList<>(1));
            if (!containsEqual(bucket, v)) {
                bucket.add(v);
                out.add(v);
            }
        }
        return out;
    }

    /** A key such that equal items have equal keys. */
    private static Object hashKey(FhirPathValue v) {
        if (v.isValueless()) {
            return "valueless";
        }
        Object o = v.systemValue();
        if (o instanceof FhirPathQuantity) {
            return "quantity";
        }
        if (o instanceof Integer || o instanceof Long || o instanceof BigDecimal) {
            BigDecimal d = v.asDecimal();
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (o instanceof FhirPathTemporal) {
            return "temporal";
        }
        if (o != null) {
            return o;
        }
        JsonNode n = v.node();
        return n == null ? "null" : n.hashCode();
    }

    // ---------------------------------------------------------------- ordering

    /** Compares two items; null when uncertain (date precision); error when not comparable. */
    static Integer compare(FhirPathValue a, FhirPathValue b) {
        Object x = a.systemValue();
        Object y = b.systemValue();
        if (x instanceof String && y instanceof String) {
            return Integer.signum(((String) x).compareTo((String) y));
        }
        BigDecimal dx = x instanceof FhirPathQuantity ? null : a.asDecimal();
        BigDecimal dy = y instanceof FhirPathQuantity ? null : b.asDecimal();
        if (dx != null && dy != null) {
            return dx.compareTo(dy);
        }
        if (x instanceof FhirPathTemporal
                && y instanceof FhirPathTemporal
                && ((FhirPathTemporal) x).comparableKind((FhirPathTemporal) y)) {
            return ((FhirPathTemporal) x).compare((FhirPathTemporal) y);
        }
        if (x instanceof FhirPathQuantity && y instanceof FhirPathQuantity) {
            return Quantities.compare((FhirPathQuantity) x, (FhirPathQuantity) y);
        }
        throw new FhirPathException("cannot compare " + a.typeName() + " with " + b.typeName());
    }
}
