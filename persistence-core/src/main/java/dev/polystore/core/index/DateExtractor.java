package dev.polystore.core.index;

import static dev.polystore.core.index.ValueExtractor.isValueless;
import static dev.polystore.core.index.ValueExtractor.text;
import static dev.polystore.core.index.ValueExtractor.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.fhirpath.FhirPathTemporal;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.core.index.ValueExtractor.Sink;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;

/** Index entries of date parameters: dates and dateTimes, Periods and Timings, as [start, end) instants in UTC. */
final class DateExtractor {

    private DateExtractor() {}

    // ---- date ----

    static void date(String code, FhirPathValue value, Sink sink) {
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
}
