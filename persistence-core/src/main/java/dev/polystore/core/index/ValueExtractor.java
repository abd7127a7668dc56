package dev.polystore.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.fhirpath.FhirPathTemporal;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.definitions.ElementModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one FHIRPath result item into the index entries of one search type. Stateless apart from the model. */
final class ValueExtractor {

    static final String CURRENCY_SYSTEM = "urn:iso:std:iso:4217";

    private static final Pattern RELATIVE =
            Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");
    private static final Pattern ABSOLUTE =
            Pattern.compile("[a-zA-Z][a-zA-Z0-9+.\\-]*://.*?/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})"
                    + "(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");

    /** Receives what an extraction gives. */
    interface Sink {
        void entry(IndexEntry entry);

        void unsupported(String code, String message);

        void invalid(String code, String message);
    }

    private final ElementModel model;

    ValueExtractor(ElementModel model) {
        this.model = model;
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
            case STRING -> string(code, value, sink);
            case TOKEN -> token(code, value, sink);
            case DATE -> date(code, value, sink);
            case NUMBER -> number(code, value, sink);
            case QUANTITY -> quantity(code, value, sink);
            case REFERENCE -> reference(code, value, resource, sink);
            case URI -> uri(code, value, sink);
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

    // ---- string ----

    private void string(String code, FhirPathValue value, Sink sink) {
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

    private void token(String code, FhirPathValue value, Sink sink) {
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
            sink.entry(TokenEntry.of(code, null, null, text));
        }
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

    // ---- date ----

    private void date(String code, FhirPathValue value, Sink sink) {
        JsonNode node = value.node();
        switch (value.typeName()) {
            case "Period" -> {
                DateEntry e = period(code, node);
                if (e != null) {
                    sink.entry(e);
                }
            }
            case "Timing" -> {
                DateEntry e = timing(code, node);
                if (e != null) {
                    sink.entry(e);
                }
            }
            default -> {
                FhirPathTemporal t = value.asTemporal();
                String systemType = value.systemTypeName();
                if (t != null && t.kind() != FhirPathTemporal.Kind.TIME) {
                    sink.entry(new DateEntry(code, start(t), end(t)));
                } else if (t == null
                        && value.node() != null
                        && ("Date".equals(systemType) || "DateTime".equals(systemType))) {
                    sink.invalid(
                            code,
                            "malformed " + value.typeName() + " '"
                                    + value.node().asText() + "'");
                } else if (!isValueless(value)) {
                    unsupported(code, "date", value, sink);
                }
            }
        }
    }

    static Instant start(FhirPathTemporal t) {
        return t.lowBoundary(ZoneOffset.UTC).toInstant();
    }

    static Instant end(FhirPathTemporal t) {
        return t.highBoundary(ZoneOffset.UTC).toInstant().plusMillis(1);
    }

    private static FhirPathTemporal parseTemporal(JsonNode node, String field) {
        String s = text(node, field);
        return s == null ? null : FhirPathTemporal.parseDateTime(s);
    }

    private static DateEntry period(String code, JsonNode period) {
        FhirPathTemporal start = parseTemporal(period, "start");
        FhirPathTemporal end = parseTemporal(period, "end");
        if (start == null && text(period, "start") != null || end == null && text(period, "end") != null) {
            throw new DateTimeException("malformed Period " + period);
        }
        if (start == null && end == null) {
            return null;
        }
        Instant s = start == null ? null : start(start);
        Instant e = end == null ? null : end(end);
        if (s != null && e != null && e.isBefore(s)) {
            e = s; // an invalid Period (end before start): keep what is certain, the start
        }
        return new DateEntry(code, s, e);
    }

    /** The outer limits of the events and repeat.boundsPeriod (R4 search.html 3.1.1.4.7: schedule details ignored). */
    private static DateEntry timing(String code, JsonNode timing) {
        Instant min = null;
        Instant max = null;
        boolean any = false;
        boolean openStart = false;
        boolean openEnd = false;
        JsonNode events = timing.get("event");
        if (events != null && events.isArray()) {
            for (JsonNode event : events) {
                FhirPathTemporal t = event.isTextual() ? FhirPathTemporal.parseDateTime(event.textValue()) : null;
                if (t == null && event.isTextual()) {
                    throw new DateTimeException("malformed Timing.event '" + event.textValue() + "'");
                }
                if (t != null) {
                    any = true;
                    min = min(min, start(t));
                    max = max(max, end(t));
                }
            }
        }
        JsonNode repeat = timing.get("repeat");
        JsonNode bounds = repeat == null ? null : repeat.get("boundsPeriod");
        if (bounds != null) {
            DateEntry p = period(code, bounds);
            if (p != null) {
                any = true;
                if (p.start() == null) {
                    openStart = true;
                } else {
                    min = min(min, p.start());
                }
                if (p.end() == null) {
                    openEnd = true;
                } else {
                    max = max(max, p.end());
                }
            }
        }
        if (!any) {
            return null;
        }
        return new DateEntry(code, openStart ? null : min, openEnd ? null : max);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    // ---- number ----

    private void number(String code, FhirPathValue value, Sink sink) {
        if ("Range".equals(value.typeName())) {
            BigDecimal[] bounds = rangeBounds(value.node());
            if (bounds != null) {
                sink.entry(new NumberEntry(code, null, bounds[0], bounds[1]));
            }
            return;
        }
        BigDecimal d = value.asDecimal();
        if (d != null) {
            BigDecimal half = halfUnit(d);
            sink.entry(new NumberEntry(code, d, d.subtract(half), d.add(half)));
        } else if (!isValueless(value)) {
            unsupported(code, "number", value, sink);
        }
    }

    /** Half of the last written digit's unit: 100 → 0.5, 100.00 → 0.005, 1E+2 → 50. */
    static BigDecimal halfUnit(BigDecimal d) {
        return new BigDecimal(BigInteger.valueOf(5), d.scale() + 1);
    }

    /** [low's lower bound, high's upper bound) of a Range; a side is null when absent; null when both are. */
    private static BigDecimal[] rangeBounds(JsonNode range) {
        BigDecimal low = decimal(range.get("low"), "value");
        BigDecimal high = decimal(range.get("high"), "value");
        if (low == null && high == null) {
            return null;
        }
        return new BigDecimal[] {
            low == null ? null : low.subtract(halfUnit(low)), high == null ? null : high.add(halfUnit(high))
        };
    }

    // ---- quantity ----

    private void quantity(String code, FhirPathValue value, Sink sink) {
        JsonNode node = value.node();
        String type = value.typeName();
        switch (type) {
            case "Quantity", "Age", "Duration", "Distance", "Count", "SimpleQuantity", "MoneyQuantity" -> {
                QuantityEntry e = quantity(code, node);
                if (e != null) {
                    sink.entry(e);
                }
            }
            case "Money" -> {
                BigDecimal v = decimal(node, "value");
                if (v != null) {
                    BigDecimal half = halfUnit(v);
                    sink.entry(new QuantityEntry(
                            code,
                            v,
                            v.subtract(half),
                            v.add(half),
                            CURRENCY_SYSTEM,
                            text(node, "currency"),
                            null,
                            null,
                            null,
                            null,
                            null));
                }
            }
            case "Range" -> {
                QuantityEntry e = range(code, node);
                if (e != null) {
                    sink.entry(e);
                }
            }
            case "SampledData" -> {
                // A series of samples is not one quantity: nothing to index (R4 value-quantity includes it).
            }
            default -> {
                if (!isValueless(value)) {
                    unsupported(code, "quantity", value, sink);
                }
            }
        }
    }

    private static QuantityEntry quantity(String code, JsonNode q) {
        BigDecimal v = decimal(q, "value");
        if (v == null) {
            return null;
        }
        BigDecimal half = halfUnit(v);
        BigDecimal low = v.subtract(half);
        BigDecimal high = v.add(half);
        String comparator = text(q, "comparator");
        if (comparator != null) {
            if (comparator.startsWith("<")) {
                low = null;
            } else if (comparator.startsWith(">")) {
                high = null;
            }
        }
        String system = text(q, "system");
        String unitCode = text(q, "code");
        BigDecimal cValue = null;
        BigDecimal cLow = null;
        BigDecimal cHigh = null;
        String cUnit = null;
        if (UcumCanonicalizer.UCUM_SYSTEM.equals(system) && unitCode != null) {
            UcumCanonicalizer ucum = UcumCanonicalizer.get();
            Optional<UcumCanonicalizer.Canonical> c = ucum.canonicalize(v, unitCode);
            if (c.isPresent()) {
                cValue = c.get().value();
                cUnit = c.get().unit();
                cLow = low == null
                        ? null
                        : ucum.canonicalize(low, unitCode).orElseThrow().value();
                cHigh = high == null
                        ? null
                        : ucum.canonicalize(high, unitCode).orElseThrow().value();
            }
        }
        return new QuantityEntry(code, v, low, high, system, unitCode, text(q, "unit"), cValue, cLow, cHigh, cUnit);
    }

    private static QuantityEntry range(String code, JsonNode range) {
        BigDecimal[] bounds = rangeBounds(range);
        if (bounds == null) {
            return null;
        }
        JsonNode lowQ = range.get("low");
        JsonNode highQ = range.get("high");
        JsonNode unitSource = decimal(lowQ, "value") != null ? lowQ : highQ;
        String system = text(unitSource, "system");
        String unitCode = text(unitSource, "code");
        BigDecimal cLow = null;
        BigDecimal cHigh = null;
        String cUnit = null;
        if (UcumCanonicalizer.UCUM_SYSTEM.equals(system) && unitCode != null) {
            UcumCanonicalizer ucum = UcumCanonicalizer.get();
            Optional<UcumCanonicalizer.Canonical> l =
                    bounds[0] == null ? Optional.empty() : ucum.canonicalize(bounds[0], unitCodeOr(lowQ, unitCode));
            Optional<UcumCanonicalizer.Canonical> h =
                    bounds[1] == null ? Optional.empty() : ucum.canonicalize(bounds[1], unitCodeOr(highQ, unitCode));
            boolean lowOk = bounds[0] == null || l.isPresent();
            boolean highOk = bounds[1] == null || h.isPresent();
            String unit = l.map(UcumCanonicalizer.Canonical::unit)
                    .orElseGet(() -> h.map(UcumCanonicalizer.Canonical::unit).orElse(null));
            if (lowOk
                    && highOk
                    && unit != null
                    && (l.isEmpty()
                            || h.isEmpty()
                            || l.get().unit().equals(h.get().unit()))) {
                cLow = l.map(UcumCanonicalizer.Canonical::value).orElse(null);
                cHigh = h.map(UcumCanonicalizer.Canonical::value).orElse(null);
                cUnit = unit;
            }
        }
        return new QuantityEntry(
                code, null, bounds[0], bounds[1], system, unitCode, text(unitSource, "unit"), null, cLow, cHigh, cUnit);
    }

    private static String unitCodeOr(JsonNode q, String fallback) {
        String c = text(q, "code");
        return c != null ? c : fallback;
    }

    // ---- reference ----

    private void reference(String code, FhirPathValue value, JsonNode resource, Sink sink) {
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

    private void uri(String code, FhirPathValue value, Sink sink) {
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

    // ---- helpers ----

    private static String primitiveString(FhirPathValue value) {
        Object v = value.systemValue();
        return v instanceof String s ? s : null;
    }

    /** A primitive that only has extensions (no value), or an empty complex value. */
    private static boolean isValueless(FhirPathValue value) {
        return !value.isSystem() && value.node() == null;
    }

    private static void unsupported(String code, String searchType, FhirPathValue value, Sink sink) {
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
