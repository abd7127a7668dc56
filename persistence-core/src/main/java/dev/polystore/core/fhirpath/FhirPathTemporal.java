package dev.polystore.core.fhirpath;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A System.Date, System.DateTime or System.Time value with its precision and, for date-times with a time part, an
 * optional UTC offset. Fields below the precision are zero (month and day: one). Immutable.
 *
 * @since 0.1
 */
public final class FhirPathTemporal {

    /** Which System type this is. */
    public enum Kind {
        DATE,
        DATE_TIME,
        TIME
    }

    /** The finest field present. */
    public enum Precision {
        YEAR,
        MONTH,
        DAY,
        HOUR,
        MINUTE,
        SECOND,
        MILLISECOND
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?(?:T(?:(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?"
                    + "(Z|[+-]\\d{2}:\\d{2})?)?)?");
    private static final Pattern TIME = Pattern.compile("(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?");

    private final Kind kind;
    private final Precision precision;
    private final int year;
    private final int month;
    private final int day;
    private final int hour;
    private final int minute;
    private final int second;
    private final int millis;
    private final ZoneOffset offset;

    public FhirPathTemporal(
            Kind kind,
            Precision precision,
            int year,
            int month,
            int day,
            int hour,
            int minute,
            int second,
            int millis,
            ZoneOffset offset) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.precision = Objects.requireNonNull(precision, "precision");
        this.year = year;
        this.month = month;
        this.day = day;
        this.hour = hour;
        this.minute = minute;
        this.second = second;
        this.millis = millis;
        this.offset = precision.ordinal() >= Precision.HOUR.ordinal() ? offset : null;
    }

    /** Parses a FHIR date ({@code 2012}, {@code 2012-04}, {@code 2012-04-15}); null when malformed. */
    public static FhirPathTemporal parseDate(String text) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return build(Kind.DATE, m.group(1), m.group(2), m.group(3), null, null, null, null, null);
    }

    /** Parses a FHIR dateTime or instant (also a bare date, which then has a day or coarser precision). */
    public static FhirPathTemporal parseDateTime(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        if (m.group(4) == null && m.group(8) != null) {
            return null;
        }
        return build(
                Kind.DATE_TIME,
                m.group(1),
                m.group(2),
                m.group(3),
                m.group(4),
                m.group(5),
                m.group(6),
                m.group(7),
                m.group(8));
    }

    /** Parses a FHIR time ({@code 14:34:28}, also hour or minute precision); null when malformed. */
    public static FhirPathTemporal parseTime(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return build(Kind.TIME, null, null, null, m.group(1), m.group(2), m.group(3), m.group(4), null);
    }

    private static FhirPathTemporal build(
            Kind kind, String y, String mo, String d, String h, String mi, String s, String frac, String tz) {
        Precision p;
        if (frac != null) {
            p = Precision.MILLISECOND;
        } else if (s != null) {
            p = Precision.SECOND;
        } else if (mi != null) {
            p = Precision.MINUTE;
        } else if (h != null) {
            p = Precision.HOUR;
        } else if (d != null) {
            p = Precision.DAY;
        } else if (mo != null) {
            p = Precision.MONTH;
        } else {
            p = Precision.YEAR;
        }
        int year = y == null ? 0 : Integer.parseInt(y);
        int month = mo == null ? 1 : Integer.parseInt(mo);
        int day = d == null ? 1 : Integer.parseInt(d);
        int hour = h == null ? 0 : Integer.parseInt(h);
        int minute = mi == null ? 0 : Integer.parseInt(mi);
        int second = s == null ? 0 : Integer.parseInt(s);
        int millis = 0;
        if (frac != null) {
            String f = (frac + "00").substring(0, 3);
            millis = Integer.parseInt(f);
        }
        if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        if (kind != Kind.TIME && (day < 1 || day > YearMonth.of(year, month).lengthOfMonth())) {
            return null;
        }
        ZoneOffset offset = null;
        if (tz != null) {
            try {
                offset = "Z".equals(tz) ? ZoneOffset.UTC : ZoneOffset.of(tz);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return new FhirPathTemporal(kind, p, year, month, day, hour, minute, second, millis, offset);
    }

    public Kind kind() {
        return kind;
    }

    public Precision precision() {
        return precision;
    }

    public int year() {
        return year;
    }

    public int month() {
        return month;
    }

    public int day() {
        return day;
    }

    public int hour() {
        return hour;
    }

    public int minute() {
        return minute;
    }

    public int second() {
        return second;
    }

    public int millisecond() {
        return millis;
    }

    /** The UTC offset, or null when none was given (or the precision is coarser than an hour). */
    public ZoneOffset offset() {
        return offset;
    }

    /**
     * The earliest instant this value may stand for (missing fields at their minimum); {@code defaultOffset} applies
     * when no offset was given. Not for times.
     */
    public OffsetDateTime lowBoundary(ZoneOffset defaultOffset) {
        return OffsetDateTime.of(
                year, month, day, hour, minute, second, millis * 1_000_000, offset != null ? offset : defaultOffset);
    }

    /** The latest instant (inclusive, millisecond resolution) this value may stand for. Not for times. */
    public OffsetDateTime highBoundary(ZoneOffset defaultOffset) {
        OffsetDateTime low = lowBoundary(defaultOffset);
        OffsetDateTime next;
        switch (precision) {
            case YEAR:
                next = low.plusYears(1);
                break;
            case MONTH:
                next = low.plusMonths(1);
                break;
            case DAY:
                next = low.plusDays(1);
                break;
            case HOUR:
                next = low.plusHours(1);
                break;
            case MINUTE:
                next = low.plusMinutes(1);
                break;
            case SECOND:
                next = low.plusSeconds(1);
                break;
            default:
                next = low.plusNanos(1_000_000);
                break;
        }
        return next.minusNanos(1_000_000);
    }

    /** 0 year .. 5 second (second and millisecond are one precision for comparison). */
    private int level() {
        return Math.min(precision.ordinal(), 5);
    }

    private int field(int level) {
        switch (level) {
            case 0:
                return year;
            case 1:
                return month;
            case 2:
                return day;
            case 3:
                return hour;
            case 4:
                return minute;
            default:
                return second * 1000 + millis;
        }
    }

    private FhirPathTemporal toUtc() {
        if (offset == null || offset.getTotalSeconds() == 0) {
            return this;
        }
        if (kind == Kind.TIME) {
            LocalTime t = LocalTime.of(hour, minute, second, millis * 1_000_000).minusSeconds(offset.getTotalSeconds());
            return new FhirPathTemporal(
                    kind, precision, 0, 1, 1, t.getHour(), t.getMinute(), t.getSecond(), millis, ZoneOffset.UTC);
        }
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                .minusSeconds(offset.getTotalSeconds());
        return new FhirPathTemporal(
                kind,
                precision,
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                millis,
                ZoneOffset.UTC);
    }

    /** Whether the two can be compared at all (times only with times). */
    public boolean comparableKind(FhirPathTemporal other) {
        return (kind == Kind.TIME) == (other.kind == Kind.TIME);
    }

    /**
     * Compares by the FHIRPath rules: negative, zero or positive, or null when the answer depends on fields only one
     * of the two has (different precisions) or when only one of two times has a UTC offset. Values with an offset are
     * normalised to UTC.
     */
    public Integer compare(FhirPathTemporal other) {
        FhirPathTemporal a = this;
        FhirPathTemporal b = other;
        if ((a.offset == null) != (b.offset == null) && a.level() >= 3 && b.level() >= 3) {
            return null;
        }
        if (a.offset != null || b.offset != null) {
            a = a.toUtc();
            b = b.toUtc();
        }
        int start = kind == Kind.TIME ? 3 : 0;
        int la = a.level();
        int lb = b.level();
        int common = Math.min(la, lb);
        for (int l = start; l <= common; l++) {
            int x = a.field(l);
            int y = b.field(l);
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return la == lb ? 0 : null;
    }

    /** Whether both have the same precision (second and millisecond count as one). */
    public boolean samePrecision(FhirPathTemporal other) {
        return level() == other.level();
    }

    /** This value plus (sign 1) or minus (sign -1) a calendar duration; null when the unit is not a duration. */
    FhirPathTemporal plus(FhirPathQuantity q, int sign) {
        String unit = durationUnit(q);
        if (unit == null) {
            throw new FhirPathException("cannot add or subtract " + q + " to a date/time");
        }
        long amount = q.value().longValue() * sign;
        Precision p = precision;
        long ms;
        switch (unit) {
            case "year":
                return shift(amount * 12, 0);
            case "month":
                if (p == Precision.YEAR) {
                    return shift((amount / 12) * 12, 0);
                }
                return shift(amount, 0);
            case "week":
                ms = amount * 7 * 86_400_000L;
                break;
            case "day":
                ms = amount * 86_400_000L;
                break;
            case "hour":
                ms = amount * 3_600_000L;
                break;
            case "minute":
                ms = amount * 60_000L;
                break;
            case "second":
                ms = amount * 1000L;
                break;
            default:
                ms = amount;
                break;
        }
        if (kind != Kind.TIME) {
            // truncate to the value's precision
            long unitMs;
            switch (p) {
                case YEAR:
                    return shift((ms / (365L * 86_400_000L)) * 12, 0);
                case MONTH:
                    return shift(ms / (30L * 86_400_000L), 0);
                case DAY:
                    unitMs = 86_400_000L;
                    break;
                case HOUR:
                    unitMs = 3_600_000L;
                    break;
                case MINUTE:
                    unitMs = 60_000L;
                    break;
                case SECOND:
                    unitMs = 1000L;
                    break;
                default:
                    unitMs = 1L;
                    break;
            }
            ms = (ms / unitMs) * unitMs;
        }
        return shift(0, ms);
    }

    private FhirPathTemporal shift(long months, long ms) {
        if (kind == Kind.TIME) {
            LocalTime t =
                    LocalTime.of(hour, minute, second, millis * 1_000_000).plusNanos((ms % 86_400_000L) * 1_000_000L);
            return new FhirPathTemporal(
                    kind,
                    precision,
                    0,
                    1,
                    1,
                    t.getHour(),
                    t.getMinute(),
                    t.getSecond(),
                    t.getNano() / 1_000_000,
                    offset);
        }
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                .plusMonths(months)
                .plusNanos(ms * 1_000_000L);
        return new FhirPathTemporal(
                kind,
                precision,
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                t.getNano() / 1_000_000,
                offset);
    }

    /** The calendar unit of a duration quantity (year ... millisecond), or null. */
    static String durationUnit(FhirPathQuantity q) {
        if (q.calendar()) {
            return q.unit();
        }
        switch (q.unit()) {
            case "wk":
                return "week";
            case "d":
                return "day";
            case "h":
                return "hour";
            case "min":
                return "minute";
            case "s":
                return "second";
            case "ms":
                return "millisecond";
            case "year":
            case "years":
                return "year";
            case "month":
            case "months":
                return "month";
            case "week":
            case "weeks":
                return "week";
            case "day":
            case "days":
                return "day";
            case "hour":
            case "hours":
                return "hour";
            case "minute":
            case "minutes":
                return "minute";
            case "second":
            case "seconds":
                return "second";
            case "millisecond":
            case "milliseconds":
                return "millisecond";
            default:
                return null;
        }
    }

    /** The same value cut to {@code p} (a date-time or time). */
    FhirPathTemporal withPrecision(Kind k, Precision p) {
        return new FhirPathTemporal(
                k,
                p,
                year,
                p.ordinal() >= 1 ? month : 1,
                p.ordinal() >= 2 ? day : 1,
                p.ordinal() >= 3 ? hour : 0,
                p.ordinal() >= 4 ? minute : 0,
                p.ordinal() >= 5 ? second : 0,
                p.ordinal() >= 6 ? millis : 0,
                offset);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FhirPathTemporal)) {
            return false;
        }
        FhirPathTemporal t = (FhirPathTemporal) o;
        return kind == t.kind
                && precision == t.precision
                && year == t.year
                && month == t.month
                && day == t.day
                && hour == t.hour
                && minute == t.minute
                && second == t.second
                && millis == t.millis
                && Objects.equals(offset, t.offset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, year, month, day, hour, minute, second, millis, offset);
    }

    /** ISO 8601 text at this precision, without the FHIRPath {@code @} prefix. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32);
        int p = precision.ordinal();
        if (kind != Kind.TIME) {
            pad(sb, year, 4);
            if (p >= 1) {
                sb.append('-');
                pad(sb, month, 2);
            }
            if (p >= 2) {
                sb.append('-');
                pad(sb, day, 2);
            }
            if (kind == Kind.DATE || p < 3) {
                return sb.toString();
            }
            sb.append('T');
        }
        pad(sb, hour, 2);
        if (p >= 4) {
            sb.append(':');
            pad(sb, minute, 2);
        }
        if (p >= 5) {
            sb.append(':');
            pad(sb, second, 2);
        }
        if (p >= 6) {
            sb.append('.');
            pad(sb, millis, 3);
        }
        if (offset != null && kind == Kind.DATE_TIME) {
            sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
