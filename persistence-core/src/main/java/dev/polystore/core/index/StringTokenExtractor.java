package dev.polystore.core.index;

import static dev.polystore.core.index.ValueExtractor.isValueless;
import static dev.polystore.core.index.ValueExtractor.primitiveString;
import static dev.polystore.core.index.ValueExtractor.text;
import static dev.polystore.core.index.ValueExtractor.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.core.index.ValueExtractor.Sink;
import java.math.BigDecimal;

/** Index entries of string and token parameters: plain strings, names, addresses, codes, identifiers. */
final class StringTokenExtractor {

    private StringTokenExtractor() {}

    // ---- string ----

    static void string(String code, FhirPathValue value, Sink sink) {
        JsonNode node = value.node();
        switch (value.typeName()) {
            case "HumanName" -> {
                addStringPart(code, node, "family", sink);
                addStringParts(code, node, "given", sink);
                addStringParts(code, node, "prefix", sink);
                addStringParts(code, node, "suffix", sink);
                addStringPart(code, node, "text", sink);
            }
            case "Address" -> {
                addStringParts(code, node, "line", sink);
                addStringPart(code, node, "city", sink);
                addStringPart(code, node, "district", sink);
                addStringPart(code, node, "state", sink);
                addStringPart(code, node, "postalCode", sink);
                addStringPart(code, node, "country", sink);
                addStringPart(code, node, "text", sink);
            }
            default -> {
                String s = primitiveString(value);
                if (s != null) {
                    addString(code, s, sink);
                } else if (!isValueless(value)) {
                    unsupported(code, "string", value, sink);
                }
            }
        }
    }

    private static void addStringPart(String code, JsonNode node, String field, Sink sink) {
        String s = text(node, field);
        if (s != null) {
            addString(code, s, sink);
        }
    }

    private static void addStringParts(String code, JsonNode node, String field, Sink sink) {
        JsonNode parts = node == null ? null : node.get(field);
        if (parts != null && parts.isArray()) {
            for (JsonNode part : parts) {
                if (part.isTextual()) {
                    addString(code, part.textValue(), sink);
                }
            }
        }
    }

    private static void addString(String code, String s, Sink sink) {
        if (!s.isBlank()) {
            sink.entry(StringEntry.of(code, s));
        }
    }

    // ---- token ----

    static void token(String code, FhirPathValue value, Sink sink) {
        JsonNode node = value.node();
        switch (value.typeName()) {
            case "Coding" -> coding(code, node, sink);
            case "CodeableConcept" -> codeableConcept(code, node, sink);
            case "CodeableReference" -> {
                JsonNode concept = node.get("concept");
                if (concept != null) {
                    codeableConcept(code, concept, sink);
                }
            }
            case "Identifier" -> identifier(code, node, sink);
            case "ContactPoint" -> {
                String v = text(node, "value");
                if (v != null) {
                    sink.entry(TokenEntry.of(code, null, v, null));
                }
            }
            default -> {
                Object sys = value.systemValue();
                if (sys instanceof Boolean b) {
                    sink.entry(TokenEntry.of(code, null, b.toString(), null));
                } else if (sys instanceof String s) {
                    sink.entry(TokenEntry.of(code, null, s, null));
                } else if (sys instanceof Integer || sys instanceof Long) {
                    sink.entry(TokenEntry.of(code, null, sys.toString(), null));
                } else if (sys instanceof BigDecimal d) {
                    sink.entry(TokenEntry.of(code, null, d.toPlainString(), null));
                } else if (!isValueless(value)) {
                    unsupported(code, "token", value, sink);
                }
            }
        }
    }

    private static void coding(String code, JsonNode coding, Sink sink) {
        String system = text(coding, "system");
        String c = text(coding, "code");
        String display = text(coding, "display");
        if (c != null || display != null || system != null) {
            sink.entry(TokenEntry.of(code, system, c, display));
        }
    }

    private static void codeableConcept(String code, JsonNode cc, Sink sink) {
        JsonNode codings = cc.get("coding");
        if (codings != null && codings.isArray()) {
            for (JsonNode coding : codings) {
                coding(code, coding, sink);
            }
        }
        String text = text(cc, "text");
        if (text != null) {
            String normalized = StringNormalizer.normalize(text);
            // a text that repeats a coding's display needs no entry of its own: :text matches when any entry's text
            // matches, and finds it through that coding's entry; nothing else reads a text-only entry
            if (!displayedByACoding(codings, normalized)) {
                sink.entry(new TokenEntry(code, null, null, text, normalized, null, null));
            }
        }
    }

    private static boolean displayedByACoding(JsonNode codings, String normalizedText) {
        if (codings == null || !codings.isArray()) {
            return false;
        }
        for (JsonNode coding : codings) {
            String display = text(coding, "display");
            if (display != null && StringNormalizer.normalize(display).equals(normalizedText)) {
                return true;
            }
        }
        return false;
    }

    private static void identifier(String code, JsonNode identifier, Sink sink) {
        String system = text(identifier, "system");
        String value = text(identifier, "value");
        JsonNode type = identifier.get("type");
        String typeText = text(type, "text");
        if (value == null && system == null && typeText == null) {
            return;
        }
        String normalizedText = typeText == null ? null : StringNormalizer.normalize(typeText);
        sink.entry(new TokenEntry(code, system, value, typeText, normalizedText, null, null));
        JsonNode codings = type == null ? null : type.get("coding");
        if (value != null && codings != null && codings.isArray()) {
            for (JsonNode coding : codings) {
                String typeCode = text(coding, "code");
                if (typeCode != null) {
                    sink.entry(new TokenEntry(
                            code, system, value, typeText, normalizedText, text(coding, "system"), typeCode));
                }
            }
        }
    }
}
