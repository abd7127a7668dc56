package dev.polystore.api.search;

import dev.polystore.api.StoredResource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of search results. Matches and included resources are kept apart (FHIR {@code search.mode} {@code match}
 * and {@code include}); an included resource that is also a match appears only among the matches.
 *
 * @param matches the resources that match, in the requested order
 * @param includes the resources brought in by {@code _include} and {@code _revinclude}
 * <p>Under {@code _summary=true|text|data} or {@code _elements} the resources are views of the stored versions (same
 * version and ETag, JSON subsetted and tagged {@code SUBSETTED} in {@code meta.tag}); under {@code _summary=count}
 * there are no matches, no includes and no next cursor, only the total.
 *
 * @param total the number of matches over all pages when {@code _total} (or {@code _summary=count}) asked for it,
 *     else null
 * @param nextCursor an opaque cursor for the next page, or null on the last page
 * @param ignoredParameters parameters ignored under {@link SearchQuery.Handling#LENIENT}, as written
 * @param selfUrl the query as the store understood it, as a relative URL for the Bundle's {@code self} link
 * @since 0.1
 */
public record SearchResult(
        List<StoredResource> matches,
        List<StoredResource> includes,
        Long total,
        String nextCursor,
        List<String> ignoredParameters,
        String selfUrl) {

    public SearchResult {
        matches = List.copyOf(matches);
        includes = List.copyOf(includes);
        ignoredParameters = List.copyOf(ignoredParameters);
    }

    /** The total, if it was asked for. */
    public OptionalLong totalValue() {
        return total == null ? OptionalLong.empty() : OptionalLong.of(total);
    }

    /** The cursor for the next page, if there is one. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
