package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item of a FHIRPath result: a FHIR element (with its JSON node and FHIR type name, for example {@code date},
 * {@code HumanName}, {@code Patient}) or a System value (type {@code Boolean}, {@code String}, {@code Integer},
 * {@code Long}, {@code Decimal}, {@code Date}, {@code DateTime}, {@code Time} or {@code Quantity}). FHIR primitives
 * also convert to their System value ({@link #systemValue()}). Immutable.
 *
 * @since 0.1
 */
public final class FhirPathValue {

    private final String typeName;
    private final boolean system;
    private final JsonNode node;
    private final JsonNode extension;
    private final String path;
    private final Object value;
    private final Location location;

    /**
     * Where a FHIR element found by navigation sits in its JSON tree, so that callers (FHIRPath Patch) can change it.
     *
     * @param parent the JSON object holding the element; for the {@code id} and {@code extension} of a primitive,
     *     the object of the primitive's {@code _name} sibling
     * @param parentPath the element-model path of {@code parent} (a type name or a backbone element path, like
     *     {@link #path()}); {@code Element} for a primitive's {@code _name} object; null when untyped
     * @param name the element name as the model declares it, without a type suffix ({@code value})
     * @param key the JSON member holding the element ({@code valueQuantity}); a primitive's id and extensions are
     *     in the member {@code "_" + key}
     * @param index the position in the JSON array(s) of a repeating element, or -1 when the member is not an array
     * @since 0.1
     */
    public record Location(ObjectNode parent, String parentPath, String name, String key, int index) {
        public Location {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }
    }

    private FhirPathValue(
            String typeName,
            boolean system,
            JsonNode node,
            JsonNode extension,
            String path,
            Object value,
            Location location) {
        this.typeName = typeName;
        this.system = system;
        this.node = node;
        this.extension = extension;
        this.path = path;
        this.value = value;
        this.location = location;
    }

    private FhirPathValue(
            String typeName, boolean system, JsonNode node, JsonNode extension, String path, Object value) {
        this(typeName, system, node, extension, path, value, null);
    }

    static FhirPathValue ofSystem(String type, Object value) {
        return new FhirPathValue(type, true, null, null, null, value);
    }

    static FhirPathValue ofBoolean(boolean b) {
        return b ? TRUE : FALSE;
    }

    static FhirPathValue ofString(String s) {
        return new FhirPathValue("String", true, null, null, null, s);
    }

    static FhirPathValue ofInteger(int i) {
        return new FhirPathValue("Integer", true, null, null, null, i);
    }

    static FhirPathValue ofDecimal(BigDecimal d) {
        return new FhirPathValue("Decimal", true, null, null, null, d);
    }

    static FhirPathValue ofTemporal(FhirPathTemporal t) {
        String type = t.kind() == FhirPathTemporal.Kind.DATE
                ? "Date"
                : t.kind() == FhirPathTemporal.Kind.TIME ? "Time" : "DateTime";
        return new FhirPathValue(type, true, null, null, null, t);
    }

    static FhirPathValue ofQuantity(FhirPathQuantity q) {
        return new FhirPathValue("Quantity", true, null, null, null, q);
    }

    /** A FHIR element: {@code node} is its JSON value (null for a primitive that only has extensions). */
    static FhirPathValue ofFhir(String type, String path, JsonNode node, JsonNode extension) {
        return ofFhir(type, path, node, extension, null);
    }

    /** A FHIR element found by navigation, with where it sits in its tree (null if unknown). */
    static FhirPathValue ofFhir(String type, String path, JsonNode node, JsonNode extension, Location location) {
        return new FhirPathValue(type, false, node, extension, path, convert(type, node), location);
    }

    static final FhirPathValue TRUE = new FhirPathValue("Boolean", true, null, null, null, Boolean.TRUE);
    static final FhirPathValue FALSE = new FhirPathValue("Boolean", true, null, null, null, Boolean.FALSE);

    /** The type name without namespace: a FHIR type ({@code dateTime}, {@code Quantity}) or a System type. */
    public String typeName() {
        return typeName;
    }

    /** Whether the type is a System type (a literal or computed value) rather than a FHIR type. */
    public boolean isSystem() {
        return system;
    }

    /** {@code System.Integer}, {@code FHIR.Patient}, ... */
    public String qualifiedTypeName() {
        return (system ? "System." : "FHIR.") + typeName;
    }

    /** The JSON node of a FHIR element (an object for complex types and resources); null for System values. */
    public JsonNode node() {
        return node;
    }

    /** For a FHIR primitive, the JSON object of its {@code _name} sibling (id and extensions), else null. */
    public JsonNode extensionNode() {
        return extension;
    }

    /**
     * The element-model path navigation continues from: a type name ({@code Patient}, {@code HumanName}) or the path
     * of a backbone element ({@code Patient.contact}); null for System values and untyped JSON.
     */
    public String path() {
        return path;
    }

    /**
     * Where this element sits in the JSON tree it was navigated from (its parent object, member and array index), or
     * null when not known: System values, the evaluated resource itself, resources reached through
     * {@code resolve()} or variables.
     */
    public Location location() {
        return location;
    }

    /**
     * The System value: Boolean, String, Integer, Long, BigDecimal, {@link FhirPathTemporal} or
     * {@link FhirPathQuantity}; for FHIR primitives the converted value; for a FHIR Quantity its
     * {@link FhirPathQuantity}; null for other complex values and for primitives without a value.
     */
    public Object systemValue() {
        return value;
    }

    /** The System type the value converts to ({@code String} for a FHIR code), or null for complex types. */
    public String systemTypeName() {
        return system ? typeName : systemTypeOf(typeName);
    }

    /** A FHIR primitive element that has only an id or extensions, no value. */
    boolean isValueless() {
        return !system && node == null;
    }

    public boolean isPrimitive() {
        return value != null && !(value instanceof FhirPathQuantity);
    }

    public String asString() {
        return value instanceof String ? (String) value : null;
    }

    public Boolean asBoolean() {
        return value instanceof Boolean ? (Boolean) value : null;
    }

    /** Integer, Long and Decimal values as a BigDecimal, else null. */
    public BigDecimal asDecimal() {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        return null;
    }

    public FhirPathTemporal asTemporal() {
        return value instanceof FhirPathTemporal ? (FhirPathTemporal) value : null;
    }

    public FhirPathQuantity asQuantity() {
        return value instanceof FhirPathQuantity ? (FhirPathQuantity) value : null;
    }

    @Override
    public String toString() {
        if (value != null && !(value instanceof FhirPathQuantity && !system)) {
            return value instanceof BigDecimal ? ((BigDecimal) value).toPlainString() : value.toString();
        }
        return node != null ? node.toString() : "{}";
    }

    /** The System type of a FHIR primitive type, or null. */
    static String systemTypeOf(String fhirType) {
        switch (fhirType) {
            case "boolean":
                return "Boolean";
            case "string":
            case "code":
            case "id":
            case "uri":
            case "url":
            case "canonical":
            case "oid":
            case "uuid":
            case "markdown":
            case "base64Binary":
            case "xhtml":
            case "sid":
                return "String";
            case "integer":
            case "positiveInt":
            case "unsignedInt":
                return "Integer";
            case "integer64":
                return "Long";
            case "decimal":
                return "Decimal";
            case "date":
                return "Date";
            case "dateTime":
            case "instant":
                return "DateTime";
            case "time":
                return "Time";
            case "Quantity":
            case "Age":
            case "Duration":
            case "Distance":
            case "Count":
            case "SimpleQuantity":
            case "MoneyQuantity":
                return "Quantity";
            default:
                return null;
        }
    }

    private static Object convert(String type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String sys = systemTypeOf(type);
        if (sys == null) {
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.isNumber()) {
                return decimal(node);
            }
            return null;
        }
        switch (sys) {
            case "Boolean":
                return node.isBoolean() ? node.booleanValue() : Boolean.valueOf("true".equals(node.asText()));
            case "String":
                return node.asText();
            case "Integer":
                return node.isNumber() ? node.intValue() : parseInt(node.asText());
            case "Long":
                return node.isNumber() ? (Object) node.longValue() : parseLong(node.asText());
            case "Decimal":
                return decimal(node);
            case "Date":
                return FhirPathTemporal.parseDate(node.asText());
            case "DateTime":
                return FhirPathTemporal.parseDateTime(node.asText());
            case "Time":
                return FhirPathTemporal.parseTime(node.asText());
            case "Quantity": {
                JsonNode v = node.get("value");
                if (v == null || !v.isNumber() && !v.isTextual()) {
                    return null;
                }
                BigDecimal d = decimal(v);
                if (d == null) {
                    return null;
                }
                JsonNode code = node.get("code");
                JsonNode unit = node.get("unit");
                String u = code != null ? code.asText() : unit != null ? unit.asText() : "1";
                return new FhirPathQuantity(d, u, false);
            }
            default:
                return null;
        }
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        try {
            return new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
