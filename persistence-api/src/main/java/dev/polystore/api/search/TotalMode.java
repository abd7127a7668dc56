package dev.polystore.api.search;

/**
 * What {@code _total} asks for.
 *
 * @since 0.1
 */
public enum TotalMode {
    /** No total (the default: the cheapest). */
    NONE,
    /** A total that may be approximate. */
    ESTIMATE,
    /** The exact number of matches. */
    ACCURATE
}
