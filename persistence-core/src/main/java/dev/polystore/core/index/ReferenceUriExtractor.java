package dev.polystore.core.index;

import static dev.polystore.core.index.ValueExtractor.isValueless;
import static dev.polystore.core.index.ValueExtractor.primitiveString;
import static dev.polystore.core.index.ValueExtractor.text;
import static dev.polystore.core.index.ValueExtractor.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.core.index.ValueExtractor.Sink;
import dev.polystore.definitions.ElementModel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Index entries of reference and uri parameters: References (literal, logical, contained), canonicals and plain uris.
 */
final class ReferenceUriExtractor {

    private static final Pattern RELATIVE =
            Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");
    private static final Pattern ABSOLUTE =
            Pattern.compile("[a-zA-Z][a-zA-Z0-9+.\\-]*://.*?/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})"
                    + "(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");

    private final ElementModel model;

    ReferenceUriExtractor(ElementModel model) {
        this.model = model;
    }

    // ---- reference ----

    void reference(String code, FhirPathValue value, JsonNode resource, Sink sink) {
        JsonNode node = value.node();
        String type = value.typeName();
        switch (type) {
            case "Reference" -> reference(code, node, resource, sink);
            case "CodeableReference" -> {
                JsonNode ref = node.get("reference");
                if (ref != null) {
                    reference(code, ref, resource, sink);
                }
            }
            case "canonical" -> {
                String s = value.asString();
                if (s != null) {
                    sink.entry(canonicalReference(code, s, resource));
                }
            }
            case "uri", "url", "uuid", "oid", "string", "String" -> {
                // a literal reference given as text (R5 Encounter location-period: location.reference)
                String s = value.asString();
                if (s != null) {
                    ReferenceEntry e = parseReference(code, s, null, resource);
                    if (e != null) {
                        sink.entry(e);
                    }
                }
            }
            default -> {
                if (model.isResourceType(type) && node != null && node.isObject()) {
                    String id = text(node, "id");
                    sink.entry(new ReferenceEntry(code, type, id, null, null, null, null, false, false));
                } else if (!isValueless(value)) {
                    unsupported(code, "reference", value, sink);
                }
            }
        }
    }

    private void reference(String code, JsonNode ref, JsonNode resource, Sink sink) {
        String reference = text(ref, "reference");
        String typeHint = referenceType(text(ref, "type"));
        JsonNode identifier = ref.get("identifier");
        String idSystem = text(identifier, "system");
        String idValue = text(identifier, "value");
        String display = text(ref, "display");
        ReferenceEntry parsed = reference == null ? null : parseReference(code, reference, typeHint, resource);
        if (parsed == null) {
            if (idValue != null || display != null || typeHint != null && idSystem != null) {
                sink.entry(new ReferenceEntry(
                        code,
                        typeHint,
                        null,
                        null,
                        null,
                        idSystem,
                        idValue,
                        false,
                        false,
                        display,
                        display == null ? null : StringNormalizer.normalize(display)));
            }
            return;
        }
        if (idValue != null || idSystem != null || display != null) {
            parsed = parsed.with(idSystem, idValue, display);
        }
        sink.entry(parsed);
    }

    /** Reference.type is a uri: {@code Patient} or {@code http://hl7.org/fhir/StructureDefinition/Patient}. */
    private static String referenceType(String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        int slash = type.lastIndexOf('/');
        return slash >= 0 ? type.substring(slash + 1) : type;
    }

    /** A literal reference; null when blank. */
    ReferenceEntry parseReference(String code, String reference, String typeHint, JsonNode resource) {
        String ref = reference.trim();
        if (ref.isEmpty()) {
            return null;
        }
        if (ref.startsWith("#")) {
            return containedReference(code, ref, typeHint, resource, false, null);
        }
        if (ref.startsWith("urn:")) {
            return new ReferenceEntry(code, typeHint, null, null, ref, null, null, false, false);
        }
        if (ref.contains("://")) {
            Matcher m = ABSOLUTE.matcher(ref);
            if (m.matches() && model.resourceTypes().contains(m.group(1))) {
                return new ReferenceEntry(code, m.group(1), m.group(2), m.group(3), ref, null, null, false, false);
            }
            return new ReferenceEntry(code, typeHint, null, null, ref, null, null, false, false);
        }
        Matcher m = RELATIVE.matcher(ref);
        if (m.matches() && model.resourceTypes().contains(m.group(1))) {
            return new ReferenceEntry(code, m.group(1), m.group(2), m.group(3), null, null, null, false, false);
        }
        // Not Type/id (a conditional reference left unresolved, a malformed value): keep it as written.
        return new ReferenceEntry(code, typeHint, null, null, ref, null, null, false, false);
    }

    private static ReferenceEntry containedReference(
            String code, String ref, String typeHint, JsonNode resource, boolean canonical, String version) {
        String localId = ref.substring(1);
        String type = typeHint;
        if (localId.isEmpty()) {
            // "#" refers to the containing resource itself
            String ownType = text(resource, "resourceType");
            String ownId = text(resource, "id");
            return new ReferenceEntry(
                    code, ownType != null ? ownType : "Resource", ownId, version, null, null, null, true, canonical);
        }
        JsonNode contained = resource == null ? null : resource.get("contained");
        if (contained != null && contained.isArray()) {
            for (JsonNode c : contained) {
                if (localId.equals(text(c, "id"))) {
                    type = text(c, "resourceType");
                    break;
                }
            }
        }
        return new ReferenceEntry(code, type, localId, version, null, null, null, true, canonical);
    }

    private static ReferenceEntry canonicalReference(String code, String value, JsonNode resource) {
        int bar = value.indexOf('|');
        String url = bar >= 0 ? value.substring(0, bar) : value;
        String version = bar >= 0 && bar + 1 < value.length() ? value.substring(bar + 1) : null;
        if (url.startsWith("#")) {
            return containedReference(code, url, null, resource, true, version);
        }
        return new ReferenceEntry(code, null, null, version, url, null, null, false, true);
    }

    // ---- uri ----

    static void uri(String code, FhirPathValue value, Sink sink) {
        String s = primitiveString(value);
        if (s == null) {
            if (!isValueless(value)) {
                unsupported(code, "uri", value, sink);
            }
            return;
        }
        if (s.isEmpty()) {
            return;
        }
        if ("canonical".equals(value.typeName())) {
            int bar = s.indexOf('|');
            if (bar >= 0) {
                sink.entry(new UriEntry(code, s.substring(0, bar), bar + 1 < s.length() ? s.substring(bar + 1) : null));
                return;
            }
        }
        sink.entry(new UriEntry(code, s, null));
    }
}
