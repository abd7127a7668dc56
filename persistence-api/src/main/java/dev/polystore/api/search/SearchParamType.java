package dev.polystore.api.search;

/**
 * The type of a FHIR search parameter, which decides how its values are indexed and matched (R4 search.html 3.1.1.4).
 *
 * @since 0.1
 */
public enum SearchParamType {
    NUMBER("number"),
    DATE("date"),
    STRING("string"),
    TOKEN("token"),
    REFERENCE("reference"),
    COMPOSITE("composite"),
    QUANTITY("quantity"),
    URI("uri"),
    SPECIAL("special");

    private final String code;

    SearchParamType(String code) {
        this.code = code;
    }

    /** The FHIR code, for example {@code token}. */
    public String code() {
        return code;
    }

    /**
     * The type for a FHIR code.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static SearchParamType fromCode(String code) {
        for (SearchParamType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown search parameter type '" + code + "'");
    }
}
