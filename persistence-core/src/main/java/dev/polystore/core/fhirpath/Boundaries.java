package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;

/** precision(), lowBoundary() and highBoundary(). */
final class Boundaries {

    private static final int[] DATE_DIGITS = {4, 6, 8, 10, 12, 14, 17};
    private static final int[] TIME_DIGITS = {0, 0, 0, 2, 4, 6, 9};

    private Boundaries() {}

    static FhirPathValue apply(Functions.Fn fn, FhirPathValue v, Integer p) {
        Object o = v.systemValue();
        if (fn == Functions.Fn.PRECISION) {
            if (o instanceof BigDecimal) {
                return FhirPathValue.ofInteger(Math.max(((BigDecimal) o).scale(), 0));
            }
            if (o instanceof Integer || o instanceof Long) {
                return FhirPathValue.ofInteger(0);
            }
            if (o instanceof FhirPathTemporal) {
                FhirPathTemporal t = (FhirPathTemporal) o;
                int[] digits = t.kind() == FhirPathTemporal.Kind.TIME ? TIME_DIGITS : DATE_DIGITS;
                return FhirPathValue.ofInteger(digits[t.precision().ordinal()]);
            }
            return null;
        }
        boolean low = fn == Functions.Fn.LOWBOUNDARY;
        if (o instanceof FhirPathQuantity) {
            FhirPathQuantity q = (FhirPathQuantity) o;
            BigDecimal b = decimal(q.value(), p, low);
            return b == null ? null : FhirPathValue.ofQuantity(new FhirPathQuantity(b, q.unit(), q.calendar()));
        }
        if (o instanceof FhirPathTemporal) {
            return temporal((FhirPathTemporal) o, p, low);
        }
        BigDecimal d = v.asDecimal();
        if (d == null) {
            return null;
        }
        BigDecimal b = decimal(d, p, low);
        return b == null ? null : FhirPathValue.ofDecimal(b);
    }

    private static BigDecimal decimal(BigDecimal d, Integer precision, boolean low) {
        int p = precision == null ? 8 : precision;
        if (p < 0 || p > 28) {
            return null;
        }
        int scale = Math.max(d.scale(), 0);
        BigDecimal half = BigDecimal.ONE.movePointLeft(scale + 1).multiply(BigDecimal.valueOf(5));
        BigDecimal b = low ? d.subtract(half) : d.add(half);
        if (b.abs().compareTo(BigDecimal.ONE.movePointLeft(p)) < 0 && p < scale) {
            return BigDecimal.ZERO.setScale(p);
        }
        return b.setScale(p, low ? RoundingMode.FLOOR : RoundingMode.CEILING);
    }

    private static FhirPathValue temporal(FhirPathTemporal t, Integer digits, boolean low) {
        boolean time = t.kind() == FhirPathTemporal.Kind.TIME;
        int[] table = time ? TIME_DIGITS : DATE_DIGITS;
        int d = digits == null ? (time ? 9 : t.kind() == FhirPathTemporal.Kind.DATE ? 8 : 17) : digits;
        int target = -1;
        for (int i = time ? 3 : 0; i < table.length; i++) {
            if (table[i] == d) {
                target = i;
            }
        }
        if (target < 0) {
            return null;
        }
        FhirPathTemporal.Precision p = FhirPathTemporal.Precision.values()[target];
        int cur = t.precision().ordinal();
        int month = t.month();
        int day = t.day();
        int hour = t.hour();
        int minute = t.minute();
        int second = t.second();
        int millis = t.millisecond();
        if (!low) {
            if (cur < 1) {
                month = 12;
            }
            if (cur < 2 && !time) {
                day = java.time.YearMonth.of(t.year(), month).lengthOfMonth();
            }
            if (cur < 3) {
                hour = 23;
            }
            if (cur < 4) {
                minute = 59;
            }
            if (cur < 5) {
                second = 59;
            }
            if (cur < 6) {
                millis = 999;
            }
        }
        FhirPathTemporal.Kind kind = t.kind();
        if (kind == FhirPathTemporal.Kind.DATE && target > 2) {
            kind = FhirPathTemporal.Kind.DATE_TIME;
        }
        ZoneOffset offset = t.offset();
        if (kind == FhirPathTemporal.Kind.DATE_TIME && offset == null && target >= 3) {
            offset = low ? ZoneOffset.ofHours(14) : ZoneOffset.ofHours(-12);
        }
        if (kind == FhirPathTemporal.Kind.DATE_TIME && target <= 2) {
            kind = FhirPathTemporal.Kind.DATE;
        }
        return FhirPathValue.ofTemporal(new FhirPathTemporal(
                kind,
                p,
                t.year(),
                target >= 1 ? month : 1,
                target >= 2 ? day : 1,
                target >= 3 ? hour : 0,
                target >= 4 ? minute : 0,
                target >= 5 ? second : 0,
                target >= 6 ? millis : 0,
                offset));
    }
}
