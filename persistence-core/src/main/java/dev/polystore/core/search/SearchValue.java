package dev.polystore.core.search;

import dev.polystore.api.search.SearchPrefix;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One typed search value: an item of the OR-list of a criterion, parsed according to its parameter's type and
 * modifier, with FHIR escapes ({@code \,} {@code \|} {@code \$} {@code \\}) removed.
 *
 * @since 0.1
 */
public sealed interface SearchValue {

    /**
     * A token {@code [system|]code} (also a reference's {@code :identifier} and token {@code :not :above :below}).
     *
     * @param system the system: null when none was written (any system), {@code ""} for {@code |code} (explicitly no
     *     system)
     * @param code the code: null for {@code system|} (any code in the system)
     */
    record Token(String system, String code) implements SearchValue {
        /** Checks that at least one of the two is given. */
        public Token {
            if (system == null && code == null) {
                throw new IllegalArgumentException("a token needs a system or a code");
            }
        }
    }

    /**
     * A token {@code :of-type} value {@code typeSystem|typeCode|value} (an Identifier's type and value).
     *
     * @param typeSystem the system of the identifier type ({@code ""} if written empty)
     * @param typeCode the code of the identifier type
     * @param value the identifier value
     */
    record OfType(String typeSystem, String typeCode, String value) implements SearchValue {
        /** Checks the parts are present. */
        public OfType {
            Objects.requireNonNull(typeSystem, "typeSystem");
            Objects.requireNonNull(typeCode, "typeCode");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A text to search in display texts: token {@code :text}, {@code :code-text}, {@code :text-advanced}; R5
     * reference {@code :text} (on {@code Reference.display}).
     *
     * @param text the text, unescaped
     */
    record Text(String text) implements SearchValue {
        /** Checks the text is present. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A string value (string parameters, with or without {@code :exact :contains :text}).
     *
     * @param value the value, unescaped
     */
    record StringValue(String value) implements SearchValue {
        /** Checks the value is present. */
        public StringValue {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A string the value must end with, after both are normalized by case and accent as in the default string search:
     * {@code _filter}'s {@code ew} on string parameters (ordinary search has no such match).
     *
     * @param value the value, unescaped
     */
    record StringEnd(String value) implements SearchValue {
        /** Checks the value is present. */
        public StringEnd {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A uri value: uri parameters, and the value set of token {@code :in} / {@code :not-in}.
     *
     * @param uri the uri, unescaped
     */
    record Uri(String uri) implements SearchValue {
        /** Checks the uri is present. */
        public Uri {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /**
     * A date value and the range {@code [start, end)} its precision covers: {@code 2020} is {@code
     * [2020-01-01T00:00:00Z, 2021-01-01T00:00:00Z)}, {@code 2020-03-04T10:15} is one minute. A date, or a dateTime
     * without a zone, is taken as UTC. The prefix {@code ap} is kept as given: its tolerance is left to execution.
     *
     * @param prefix the comparison ({@link SearchPrefix#EQ} when none was written)
     * @param start the first instant of the range, inclusive
     * @param end the end of the range, exclusive
     * @param precision the precision the value was written at
     * @param text the value as written, without prefix
     */
    record Date(SearchPrefix prefix, Instant start, Instant end, DatePrecision precision, String text)
            implements SearchValue {
        /** Checks the parts are present and the range is not empty. */
        public Date {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(precision, "precision");
            Objects.requireNonNull(text, "text");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("empty date range");
            }
        }
    }

    /**
     * A period the value's own period must overlap ({@code _filter}'s {@code po}): an entry {@code [ts, te)} matches
     * when it starts before the period ends and ends after it starts (an open end is unbounded). Ordinary search has
     * no such match: its {@code ge}/{@code le} prefixes also match ranges wholly above or below.
     *
     * @param period the period, a date value parsed as in ordinary search (its prefix is {@code eq})
     */
    record DateOverlap(Date period) implements SearchValue {
        /** Checks the period is present. */
        public DateOverlap {
            Objects.requireNonNull(period, "period");
        }
    }

    /** The precision a date value is written at. */
    enum DatePrecision {
        /** {@code YYYY}. */
        YEAR,
        /** {@code YYYY-MM}. */
        MONTH,
        /** {@code YYYY-MM-DD}. */
        DAY,
        /** {@code YYYY-MM-DDThh:mm}. */
        MINUTE,
        /** {@code YYYY-MM-DDThh:mm:ss}. */
        SECOND,
        /** {@code YYYY-MM-DDThh:mm:ss.s} and finer. */
        FRACTION
    }

    /**
     * A number and its implicit precision range {@code [low, high)}: half a unit of the last significant digit either
     * side. {@code 100} is {@code [99.5, 100.5)}, {@code 100.0} is {@code [99.95, 100.05)}; in exponent form the
     * mantissa's digits count: {@code 1e2} (one significant digit) is {@code [50, 150)}, {@code 1.0e2} is {@code [95,
     * 105)}.
     *
     * @param prefix the comparison ({@link SearchPrefix#EQ} when none was written)
     * @param value the number exactly as written
     * @param low the lower bound, inclusive
     * @param high the upper bound, exclusive
     */
    record Number(SearchPrefix prefix, BigDecimal value, BigDecimal low, BigDecimal high) implements SearchValue {
        /** Checks the parts are present. */
        public Number {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /**
     * A quantity {@code [prefix]number[|system|code]}.
     *
     * @param number the prefix, number and precision range
     * @param system the unit system, or null when not given (any system)
     * @param code the unit code, or null when not given (any unit)
     */
    record Quantity(Number number, String system, String code) implements SearchValue {
        /** Checks the number is present. */
        public Quantity {
            Objects.requireNonNull(number, "number");
        }
    }

    /**
     * A reference value: a local reference ({@code 123}, {@code Patient/123}, {@code Patient/123/_history/2}), an
     * absolute URL (with type, id and version filled in when it ends like a local reference), or a canonical {@code
     * url|version}.
     *
     * @param type the resource type (from the value or the {@code :[type]} modifier), or null when unknown
     * @param id the resource id, or null for a URL that does not end in {@code Type/id}
     * @param version the {@code _history} version, or null
     * @param url the absolute URL or canonical as written, or null for a local reference
     * @param canonicalVersion the version after {@code |} of a canonical, or null
     */
    record Reference(String type, String id, String version, String url, String canonicalVersion)
            implements SearchValue {
        /** Checks that it is either local (id) or absolute (url). */
        public Reference {
            if (id == null && url == null) {
                throw new IllegalArgumentException("a reference needs an id or a url");
            }
        }
    }

    /**
     * A composite value: one value per component, parsed by the component's type, written joined by {@code $}.
     *
     * @param components the component values, in the order of the definition's components
     */
    record Composite(List<SearchValue> components) implements SearchValue {
        /** Copies the list. */
        public Composite {
            components = List.copyOf(components);
        }
    }

    /**
     * The value of a parameter of type special other than the ones the resolver knows ({@code near}, ...).
     *
     * @param value the value, unescaped
     */
    record Special(String value) implements SearchValue {
        /** Checks the value is present. */
        public Special {
            Objects.requireNonNull(value, "value");
        }
    }
}
