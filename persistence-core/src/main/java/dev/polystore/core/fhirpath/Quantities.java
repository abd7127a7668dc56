package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;

/** Quantity comparison with a small table of common UCUM units (no full UCUM engine). */
final class Quantities {

    private record Unit(String base, BigDecimal factor) {}

    private static final Map<String, Unit> UNITS = new HashMap<>();

    static {
        put("s", "ms", "0.001");
        put("s", "s", "1");
        put("s", "min", "60");
        put("s", "h", "3600");
        put("s", "d", "86400");
        put("s", "wk", "604800");
        put("s", "mo", "2629800");
        put("s", "a", "31557600");
        put("g", "ug", "0.000001");
        put("g", "mg", "0.001");
        put("g", "g", "1");
        put("g", "kg", "1000");
        put("g", "[lb_av]", "453.59237");
        put("g", "[oz_av]", "28.349523125");
        put("m", "um", "0.000001");
        put("m", "mm", "0.001");
        put("m", "cm", "0.01");
        put("m", "dm", "0.1");
        put("m", "m", "1");
        put("m", "km", "1000");
        put("m", "[in_i]", "0.0254");
        put("m", "[ft_i]", "0.3048");
        put("l", "uL", "0.000001");
        put("l", "mL", "0.001");
        put("l", "ml", "0.001");
        put("l", "dL", "0.1");
        put("l", "dl", "0.1");
        put("l", "L", "1");
        put("l", "l", "1");
    }

    private static void put(String base, String unit, String factor) {
        UNITS.put(unit, new Unit(base, new BigDecimal(factor)));
    }

    private Quantities() {}

    /** The UCUM code of a calendar keyword for comparison purposes, or the unit itself. */
    private static String ucum(FhirPathQuantity q, boolean equivalence) {
        if (!q.calendar()) {
            return q.unit();
        }
        switch (q.unit()) {
            case "year":
                return equivalence ? "a" : "year";
            case "month":
                return equivalence ? "mo" : "month";
            case "week":
                return "wk";
            case "day":
                return "d";
            case "hour":
                return "h";
            case "minute":
                return "min";
            case "second":
                return "s";
            case "millisecond":
                return "ms";
            default:
                return q.unit();
        }
    }

    /** Both values in one unit, or null when the units are not comparable. */
    private static BigDecimal[] common(FhirPathQuantity a, FhirPathQuantity b, boolean equivalence) {
        String ua = ucum(a, equivalence);
        String ub = ucum(b, equivalence);
        if (ua.equals(ub)) {
            return new BigDecimal[] {a.value(), b.value()};
        }
        Unit x = UNITS.get(ua);
        Unit y = UNITS.get(ub);
        if (x == null || y == null || !x.base().equals(y.base())) {
            return null;
        }
        return new BigDecimal[] {a.value().multiply(x.factor()), b.value().multiply(y.factor())};
    }

    static Boolean equal(FhirPathQuantity a, FhirPathQuantity b, boolean equivalence) {
        BigDecimal[] v = common(a, b, equivalence);
        if (v == null) {
            return equivalence ? Boolean.FALSE : null;
        }
        if (equivalence) {
            return Values.decimalEquivalent(v[0], v[1]);
        }
        return v[0].compareTo(v[1]) == 0;
    }

    static Integer compare(FhirPathQuantity a, FhirPathQuantity b) {
        BigDecimal[] v = common(a, b, false);
        return v == null ? null : v[0].compareTo(v[1]);
    }

    static FhirPathQuantity add(FhirPathQuantity a, FhirPathQuantity b, int sign) {
        BigDecimal[] v = common(a, b, false);
        if (v == null) {
            throw new FhirPathException("cannot add quantities in " + a.unit() + " and " + b.unit());
        }
        if (ucum(a, false).equals(ucum(b, false))) {
            return new FhirPathQuantity(
                    sign > 0 ? a.value().add(b.value()) : a.value().subtract(b.value()), a.unit(), a.calendar());
        }
        BigDecimal sum = sign > 0 ? v[0].add(v[1]) : v[0].subtract(v[1]);
        Unit unit = UNITS.get(ucum(a, false));
        return new FhirPathQuantity(
                sum.divide(unit.factor(), MathContext.DECIMAL64).stripTrailingZeros(), a.unit(), a.calendar());
    }

    /**
     * Multiplies or divides two quantities. Units of one dimension are converted to its base unit first
     * ({@code 2 'cm' * 2 'm' = 0.04 'm2'}, {@code 4 'g' / 2 'g' = 2 '1'}); other units combine symbolically.
     */
    static FhirPathQuantity multiply(FhirPathQuantity a, FhirPathQuantity b, boolean divide) {
        String ua = ucum(a, false);
        String ub = ucum(b, false);
        Unit x = UNITS.get(ua);
        Unit y = UNITS.get(ub);
        BigDecimal va = a.value();
        BigDecimal vb = b.value();
        String unit;
        if (ua.equals(ub)) {
            unit = divide ? "1" : ua + "2";
        } else if (x != null && y != null && x.base().equals(y.base())) {
            va = va.multiply(x.factor());
            vb = vb.multiply(y.factor());
            unit = divide ? "1" : x.base() + "2";
        } else {
            unit = ua.equals("1") ? (divide ? "1/" + ub : ub) : ub.equals("1") ? ua : ua + (divide ? "/" : ".") + ub;
        }
        BigDecimal v = divide ? Operators.divide(va, vb) : va.multiply(vb);
        return new FhirPathQuantity(v, unit, false);
    }

    /** Multiplies or divides by a number. */
    static FhirPathQuantity scale(FhirPathQuantity q, BigDecimal factor, boolean divide) {
        if (divide) {
            return new FhirPathQuantity(q.value().divide(factor, MathContext.DECIMAL64), q.unit(), q.calendar());
        }
        return new FhirPathQuantity(q.value().multiply(factor), q.unit(), q.calendar());
    }
}
