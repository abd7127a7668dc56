package dev.polystore.api;

import java.util.List;
import java.util.Optional;

/**
 * One page of history, newest first. Delete tombstones appear as entries with {@link StoredResource#deleted()}.
 *
 * @param entries the versions on this page
 * @param nextCursor the cursor for the next page, or null when this is the last
 * @since 0.1
 */
public record HistoryPage(List<StoredResource> entries, String nextCursor) {
    public HistoryPage {
        entries = List.copyOf(entries);
    }

    /** The cursor for the next page, if there is one. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
