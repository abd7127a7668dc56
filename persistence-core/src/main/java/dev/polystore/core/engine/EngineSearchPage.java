package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import java.util.List;

/**
 * One page of an engine's search: current, live versions only.
 *
 * @param matches the matches in the requested order
 * @param includes resources brought in by {@code _include}/{@code _revinclude} that are not matches
 * @param total the total number of matches when the search asked for one, else null
 * @param nextCursor an opaque, engine-defined cursor for the next page, or null on the last page
 */
public record EngineSearchPage(
        List<StoredResource> matches, List<StoredResource> includes, Long total, String nextCursor) {
    public EngineSearchPage {
        matches = List.copyOf(matches);
        includes = List.copyOf(includes);
    }
}
