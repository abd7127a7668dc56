package dev.polystore.tck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * JSON utilities of the TCK: exact parsing (decimals keep their written scale, so {@code 1.50} differs from {@code
 * 1.5}), the expected form of a stored resource, and readable differences for failure messages.
 */
final class TckJson {

    /**
     * Parses floats as exact {@link java.math.BigDecimal}s and keeps their scale; refuses trailing tokens. Compare the
     * resulting trees with {@link #exactlyEqual}, not {@code equals} (which ignores the scale of decimals).
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .setNodeFactory(new JsonNodeFactory(true));

    /** The {@code meta.lastUpdated} form the store writes: UTC, millisecond precision. */
    static final DateTimeFormatter LAST_UPDATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private TckJson() {}

    /** Parses JSON text (test fixtures and store output); an unparsable text is an AssertionError naming it. */
    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not valid JSON: " + abbreviate(json, 300), e);
        }
    }

    /** Parses a JSON object. */
    static ObjectNode parseObject(String json) {
        JsonNode node = parse(json);
        if (!(node instanceof ObjectNode)) {
            throw new AssertionError("Expected a JSON object but got: " + abbreviate(json, 300));
        }
        return (ObjectNode) node;
    }

    /** Serialises a tree. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code instant} as the store writes it into {@code meta.lastUpdated}. */
    static String lastUpdated(Instant instant) {
        return LAST_UPDATED.format(instant);
    }

    /**
     * What the store must hold for {@code input} written as {@code stored}: the input with {@code id}, {@code
     * meta.versionId} and {@code meta.lastUpdated} set; every other member (including other {@code meta} members)
     * unchanged.
     */
    static ObjectNode withStoreMetadata(JsonNode input, StoredResource stored) {
        ObjectNode expected = ((ObjectNode) input).deepCopy();
        expected.put("id", stored.id());
        JsonNode meta = expected.get("meta");
        ObjectNode metaObject = meta instanceof ObjectNode ? (ObjectNode) meta : expected.putObject("meta");
        metaObject.put("versionId", Long.toString(stored.versionId()));
        metaObject.put("lastUpdated", lastUpdated(stored.lastUpdated()));
        return expected;
    }

    /** The deepest nesting of objects and arrays; a scalar is 0, {@code {}} is 1. */
    static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    /**
     * Where two trees first differ ({@link #exactlyEqual}), as a JSON Pointer with both values, or null if they are
     * equal.
     */
    static String firstDifference(JsonNode expected, JsonNode actual) {
        return difference("", expected, actual);
    }

    /**
     * Exact tree equality: objects regardless of member order, arrays in order, numbers by kind (integral or not) and
     * exact value including the scale of decimals ({@code 1.50} differs from {@code 1.5}; Jackson's own {@code
     * DecimalNode.equals} ignores the scale), everything else by value.
     */
    static boolean exactlyEqual(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() != b.isIntegralNumber()) {
                return false;
            }
            return a.isIntegralNumber()
                    ? a.bigIntegerValue().equals(b.bigIntegerValue())
                    : a.decimalValue().equals(b.decimalValue());
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : a.properties()) {
                JsonNode other = b.get(field.getKey());
                if (other == null || !exactlyEqual(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!exactlyEqual(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String difference(String path, JsonNode expected, JsonNode actual) {
        if (exactlyEqual(expected, actual)) {
            return null;
        }
        String where = path.isEmpty() ? "/" : path;
        if (expected.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                JsonNode other = actual.get(field.getKey());
                String child = path + "/" + field.getKey();
                if (other == null) {
                    return "at " + child + ": expected "
                            + abbreviate(field.getValue().toString(), 200) + " but the member is missing";
                }
                String d = difference(child, field.getValue(), other);
                if (d != null) {
                    return d;
                }
            }
            for (Map.Entry<String, JsonNode> field : actual.properties()) {
                if (!expected.has(field.getKey())) {
                    return "at " + path + "/" + field.getKey() + ": unexpected member with value "
                            + abbreviate(field.getValue().toString(), 200);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return "at " + where + ": expected an array of " + expected.size() + " items but got " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "/" + i, expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
        }
        return "at " + where + ": expected " + abbreviate(expected.toString(), 200) + " ("
                + expected.getNodeType() + ") but got " + abbreviate(actual.toString(), 200) + " ("
                + actual.getNodeType() + ")";
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    /** The top-level {@code resourceType} and {@code id} of a JSON text, found by streaming (cheap for huge texts). */
    record Head(boolean isObject, String resourceType, String id, boolean idIsString) {}

    /**
     * Streams through {@code json} and reports whether it is one well-formed JSON object and its top-level {@code
     * resourceType} and {@code id} when those are strings. Returns null if the text is not well-formed JSON.
     */
    static Head head(String json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                return p.nextToken() == null ? new Head(false, null, null, false) : null;
            }
            String type = null;
            String id = null;
            boolean idIsString = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("resourceType")) {
                    type = p.getText();
                } else if (name.equals("id")) {
                    idIsString = value == JsonToken.VALUE_STRING;
                    id = idIsString ? p.getText() : null;
                } else {
                    p.skipChildren();
                }
            }
            return p.nextToken() == null ? new Head(true, type, id, idIsString) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
