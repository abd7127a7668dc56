package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.time.Instant;
import java.util.Objects;

/**
 * A date parameter value as the half-open range of instants {@code [start, end)} it covers (R4 search.html 3.1.1.4.7):
 * a date {@code 2020} covers {@code [2020-01-01T00:00Z, 2021-01-01T00:00Z)}, a dateTime to the second covers that
 * second, an instant or dateTime with milliseconds covers one millisecond. Values without a time zone (dates, and
 * partial dateTimes without a time) are taken as UTC. A Period covers {@code [start's start, end's end)}; a missing
 * start or end is an unbounded side, shown by {@link #startUnbounded()} / {@link #endUnbounded()} (the field is then
 * null); an invalid Period whose end is before its start covers {@code [start, start)}. A Timing covers the outer limits
 * of its events and {@code repeat.boundsPeriod} (the schedule in between is ignored, as the specification says);
 * {@code boundsDuration} and {@code boundsRange} are relative to an unknown start and are ignored, so a Timing with
 * neither events nor a boundsPeriod gives no entry.
 *
 * @param code the parameter code
 * @param start the first instant covered, or null when unbounded
 * @param end the first instant after the range, or null when unbounded
 * @since 0.1
 */
public record DateEntry(String code, Instant start, Instant end) implements IndexEntry {

    public DateEntry {
        Objects.requireNonNull(code, "code");
        if (start == null && end == null) {
            throw new IllegalArgumentException("a date entry needs at least one bound");
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("date range ends before it starts: " + start + " .. " + end);
        }
    }

    /** Whether the range has no lower bound (a Period without start). */
    public boolean startUnbounded() {
        return start == null;
    }

    /** Whether the range has no upper bound (a Period without end: ongoing). */
    public boolean endUnbounded() {
        return end == null;
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.DATE;
    }
}
