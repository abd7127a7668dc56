package dev.polystore.api.search;

import java.util.Optional;

/**
 * The comparison prefix of a number, date or quantity search value (R4 search.html 3.1.1.4.1). Without a prefix a
 * value means {@link #EQ}.
 *
 * @since 0.1
 */
public enum SearchPrefix {
    /** The ranges overlap completely: the target lies within the value's precision range. */
    EQ,
    /** Not {@link #EQ}. */
    NE,
    /** The target is greater (for ranges: its end is after the value's end). */
    GT,
    /** The target is less (for ranges: its start is before the value's start). */
    LT,
    /** {@link #GT} or {@link #EQ}. */
    GE,
    /** {@link #LT} or {@link #EQ}. */
    LE,
    /** Starts after: the target starts at or after the end of the value's range. */
    SA,
    /** Ends before: the target ends at or before the start of the value's range. */
    EB,
    /** Approximately equal; the tolerance is documented by the store. */
    AP;

    /** The two-letter code, for example {@code ge}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The prefix a value starts with, if its first two characters are one. */
    public static Optional<SearchPrefix> of(String value) {
        if (value.length() >= 2) {
            String head = value.substring(0, 2);
            for (SearchPrefix p : values()) {
                if (p.code().equals(head)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
