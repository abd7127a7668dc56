package dev.polystore.core.search;

import dev.polystore.api.search.SearchPrefix;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical helpers for search values: FHIR escaping, prefixes, dates and numbers. Every failure is an {@link
 * IllegalArgumentException} whose message says what is wrong; the resolver adds the parameter and value.
 */
final class SearchValues {
    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})"
            + "(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
    private static final Pattern PREFIX_LIKE = Pattern.compile("[A-Za-z]{2}.*");

    private SearchValues() {}

    /**
     * Splits {@code raw} on each {@code separator} not preceded by an escaping backslash; the parts keep their escapes.
     * Checks every escape: only {@code \,} {@code \|} {@code \$} {@code \\} exist.
     */
    static List<String> split(String raw, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                if (i + 1 >= raw.length()) {
                    throw new IllegalArgumentException("a trailing '\\' escapes nothing");
                }
                char next = raw.charAt(i + 1);
                if (next != ',' && next != '|' && next != '$' && next != '\\') {
                    throw new IllegalArgumentException(
                            "unknown escape '\\" + next + "' (only \\, \\| \\$ and \\\\ are allowed)");
                }
                current.append(c).append(next);
                i++;
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** Removes the escapes of a part returned by {@link #split}. */
    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                c = raw.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A value split into its prefix ({@link SearchPrefix#EQ} when none) and the rest. */
    record Prefixed(SearchPrefix prefix, String rest) {}

    /** Takes the prefix off a number, date or quantity value; two leading letters that are no prefix are an error. */
    static Prefixed prefix(String value) {
        if (!PREFIX_LIKE.matcher(value).matches()) {
            return new Prefixed(SearchPrefix.EQ, value);
        }
        Optional<SearchPrefix> prefix = SearchPrefix.of(value);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown prefix '" + value.substring(0, 2) + "' (expected eq, ne, gt, lt, ge, le, sa, eb or ap)");
        }
        return new Prefixed(prefix.get(), value.substring(2));
    }

    /** Parses a date or dateTime with its range; no zone means UTC. */
    static SearchValue.Date date(SearchPrefix prefix, String text) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]][Z|+hh:mm])");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            LocalDate date = LocalDate.of(year, month, day);
            LocalDateTime start;
            LocalDateTime end;
            SearchValue.DatePrecision precision;
            if (m.group(2) == null) {
                precision = SearchValue.DatePrecision.YEAR;
                start = date.atStartOfDay();
                end = start.plusYears(1);
            } else if (m.group(3) == null) {
                precision = SearchValue.DatePrecision.MONTH;
                start = date.atStartOfDay();
                end = start.plusMonths(1);
            } else if (m.group(4) == null) {
                precision = SearchValue.DatePrecision.DAY;
                start = date.atStartOfDay();
                end = start.plusDays(1);
            } else {
                int hour = Integer.parseInt(m.group(4));
                int minute = Integer.parseInt(m.group(5));
                int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                String fraction = m.group(7);
                int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
                start = LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
                if (m.group(6) == null) {
                    precision = SearchValue.DatePrecision.MINUTE;
                    end = start.plusMinutes(1);
                } else if (fraction == null) {
                    precision = SearchValue.DatePrecision.SECOND;
                    end = start.plusSeconds(1);
                } else {
                    precision = SearchValue.DatePrecision.FRACTION;
                    end = start.plusNanos(
                            BigDecimal.TEN.pow(9 - fraction.length()).longValueExact());
                }
            }
            ZoneOffset offset = offset(m.group(8));
            return new SearchValue.Date(prefix, start.toInstant(offset), end.toInstant(offset), precision, text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date: " + e.getMessage(), e);
        }
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equals("Z")) {
            return ZoneOffset.UTC;
        }
        int hours = Integer.parseInt(zone.substring(1, 3));
        int minutes = Integer.parseInt(zone.substring(4, 6));
        if (hours > 14 || minutes > 59) {
            throw new IllegalArgumentException("not a valid time zone offset '" + zone + "'");
        }
        return zone.charAt(0) == '-'
                ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
                : ZoneOffset.ofHoursMinutes(hours, minutes);
    }

    /** Parses a decimal (optionally with exponent) with its implicit precision range. */
    static SearchValue.Number number(SearchPrefix prefix, String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a number", e);
        }
        BigDecimal half = value.ulp().divide(BigDecimal.valueOf(2));
        return new SearchValue.Number(prefix, value, plain(value.subtract(half)), plain(value.add(half)));
    }

    /** The canonical plain form: no exponent, no trailing zeros after the point. */
    private static BigDecimal plain(BigDecimal d) {
        return new BigDecimal(d.stripTrailingZeros().toPlainString());
    }
}
