package dev.polystore.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.error.InvalidResourceException;

/**
 * JSON parsing and writing with FHIR's rules: decimals keep their written precision, duplicate keys and trailing
 * content are errors, and a store's size and depth limits are enforced while parsing.
 */
public final class FhirJson {

    /** A mapper without size or depth limits, for content the store itself produced. */
    public static final ObjectMapper TRUSTED = build(new StorageLimits(Integer.MAX_VALUE, 10_000));

    private final ObjectMapper mapper;
    private final StorageLimits limits;

    public FhirJson(StorageLimits limits) {
        this.limits = limits;
        this.mapper = build(limits);
    }

    private static ObjectMapper build(StorageLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(Math.max(limits.maxResourceBytes(), 1024))
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** The mapper, for writing trees. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The limits this parser enforces. */
    public StorageLimits limits() {
        return limits;
    }

    /**
     * Parses JSON text within the limits.
     *
     * @throws InvalidResourceException if it is too large (413), too deep, or not JSON (400)
     */
    public JsonNode parse(String json, String what) {
        if (json == null) {
            throw new InvalidResourceException(what + " is missing");
        }
        long size = utf8Length(json, limits.maxResourceBytes());
        if (size > limits.maxResourceBytes()) {
            throw InvalidResourceException.tooLarge(size, limits.maxResourceBytes());
        }
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidResourceException(what + " is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidResourceException(
                    what + " is nested deeper than the store's limit of " + limits.maxJsonDepth(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidResourceException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Throws if {@code json} is over the size limit.
     *
     * @throws InvalidResourceException (413)
     */
    public void checkSize(String json) {
        long size = utf8Length(json, limits.maxResourceBytes());
        if (size > limits.maxResourceBytes()) {
            throw InvalidResourceException.tooLarge(size, limits.maxResourceBytes());
        }
    }

    /** Writes a tree as compact JSON text. */
    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /** The UTF-8 length of {@code s}, exact up to {@code cap} and some value above {@code cap} beyond it. */
    static long utf8Length(String s, long cap) {
        int chars = s.length();
        if (chars > cap) {
            return chars;
        }
        if ((long) chars * 3 <= cap) {
            return chars; // cannot exceed the cap; exact length not needed
        }
        long bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
