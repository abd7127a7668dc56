package dev.polystore.core.index;

import static dev.polystore.core.index.ValueExtractor.decimal;
import static dev.polystore.core.index.ValueExtractor.isValueless;
import static dev.polystore.core.index.ValueExtractor.text;
import static dev.polystore.core.index.ValueExtractor.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.core.index.ValueExtractor.Sink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Index entries of number and quantity parameters: numbers, Quantities (with their UCUM canonical form), Money and
 * Ranges, each as the range its significant digits imply.
 */
final class NumberQuantityExtractor {

    static final String CURRENCY_SYSTEM = "urn:iso:std:iso:4217";

    private NumberQuantityExtractor() {}

    // ---- number ----

    static void number(String code, FhirPathValue value, Sink sink) {
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

    static void quantity(String code, FhirPathValue value, Sink sink) {
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
}
