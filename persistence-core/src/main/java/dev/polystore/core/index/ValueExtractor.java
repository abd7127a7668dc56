package dev.polystore.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.definitions.ElementModel;
import java.math.BigDecimal;
import java.time.DateTimeException;

/**
 * Turns one FHIRPath result item into the index entries of one search type. Stateless apart from the model. The work
 * per family of search types is done by {@link StringTokenExtractor}, {@link DateExtractor}, {@link
 * NumberQuantityExtractor} and {@link ReferenceUriExtractor}; the helpers they share are here.
 */
final class ValueExtractor {

    /** Receives what an extraction gives. */
    interface Sink {
        void entry(IndexEntry entry);

        void unsupported(String code, String message);

        void invalid(String code, String message);
    }

    private final ReferenceUriExtractor references;

    ValueExtractor(ElementModel model) {
        this.references = new ReferenceUriExtractor(model);
    }

    /** Adds the entries of {@code value}; a malformed value is reported to the sink and skipped. */
    void extract(SearchParamType type, String code, FhirPathValue value, JsonNode resource, Sink sink) {
        try {
            dispatch(type, code, value, resource, sink);
        } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
            sink.invalid(code, "a " + value.qualifiedTypeName() + " value cannot be indexed: " + e.getMessage());
        }
    }

    private void dispatch(SearchParamType type, String code, FhirPathValue value, JsonNode resource, Sink sink) {
        switch (type) {
            case STRING -> StringTokenExtractor.string(code, value, sink);
            case TOKEN -> StringTokenExtractor.token(code, value, sink);
            case DATE -> DateExtractor.date(code, value, sink);
            case NUMBER -> NumberQuantityExtractor.number(code, value, sink);
            case QUANTITY -> NumberQuantityExtractor.quantity(code, value, sink);
            case REFERENCE -> references.reference(code, value, resource, sink);
            case URI -> ReferenceUriExtractor.uri(code, value, sink);
            default -> sink.unsupported(code, "type " + type.code() + " is not indexed from values");
        }
    }

    /**
     * The search type a value of this FHIR type is usually indexed as, for composite components whose parameter the
     * definitions do not define; null when there is none.
     */
    static SearchParamType inferType(FhirPathValue value) {
        switch (value.typeName()) {
            case "string", "markdown", "HumanName", "Address", "String" -> {
                return SearchParamType.STRING;
            }
            case "code", "boolean", "id", "Coding", "CodeableConcept", "Identifier", "ContactPoint", "Boolean" -> {
                return SearchParamType.TOKEN;
            }
            case "date", "dateTime", "instant", "Period", "Timing", "Date", "DateTime" -> {
                return SearchParamType.DATE;
            }
            case "decimal", "integer", "positiveInt", "unsignedInt", "integer64", "Decimal", "Integer", "Long" -> {
                return SearchParamType.NUMBER;
            }
            case "Quantity",
                    "Age",
                    "Duration",
                    "Distance",
                    "Count",
                    "SimpleQuantity",
                    "MoneyQuantity",
                    "Money",
                    "Range" -> {
                return SearchParamType.QUANTITY;
            }
            case "Reference", "canonical" -> {
                return SearchParamType.REFERENCE;
            }
            case "uri", "url", "oid", "uuid" -> {
                return SearchParamType.URI;
            }
            default -> {
                return null;
            }
        }
    }

    // ---- helpers ----

    static String primitiveString(FhirPathValue value) {
        Object v = value.systemValue();
        return v instanceof String s ? s : null;
    }

    /** A primitive that only has extensions (no value), or an empty complex value. */
    static boolean isValueless(FhirPathValue value) {
        return !value.isSystem() && value.node() == null;
    }

    static void unsupported(String code, String searchType, FhirPathValue value, Sink sink) {
        sink.unsupported(
                code, "a " + value.qualifiedTypeName() + " value cannot be indexed for a " + searchType + " parameter");
    }

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    static BigDecimal decimal(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || !(v.isNumber() || v.isTextual())) {
            return null;
        }
        if (v.isBigDecimal()) {
            return v.decimalValue();
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
