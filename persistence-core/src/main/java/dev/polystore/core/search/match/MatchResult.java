package dev.polystore.core.search.match;

/**
 * The three-valued answer of {@link IndexMatcher}: a criterion matches a resource, does not, or cannot be decided from
 * the resource's own index entries (chains, {@code _has}, terminology modifiers, full text...).
 *
 * @since 0.1
 */
public enum MatchResult {
    /** The resource satisfies the criterion. */
    MATCH,
    /** The resource does not satisfy the criterion. */
    NO_MATCH,
    /** The criterion needs other resources, a terminology server or an engine feature to decide. */
    UNDECIDABLE;

    /** {@link #MATCH} for true, {@link #NO_MATCH} for false. */
    public static MatchResult of(boolean matches) {
        return matches ? MATCH : NO_MATCH;
    }

    /** Three-valued OR: a match wins, then undecidable. */
    public MatchResult or(MatchResult other) {
        if (this == MATCH || other == MATCH) {
            return MATCH;
        }
        return this == UNDECIDABLE || other == UNDECIDABLE ? UNDECIDABLE : NO_MATCH;
    }

    /** Three-valued AND: a non-match wins, then undecidable. */
    public MatchResult and(MatchResult other) {
        if (this == NO_MATCH || other == NO_MATCH) {
            return NO_MATCH;
        }
        return this == UNDECIDABLE || other == UNDECIDABLE ? UNDECIDABLE : MATCH;
    }

    /** Three-valued NOT: undecidable stays undecidable. */
    public MatchResult not() {
        return switch (this) {
            case MATCH -> NO_MATCH;
            case NO_MATCH -> MATCH;
            case UNDECIDABLE -> UNDECIDABLE;
        };
    }
}
