package dev.polystore.core.engine;

import java.time.Instant;

/**
 * An engine-level history query, already validated. Rows come ordered by lastUpdated descending, ties broken by
 * position descending.
 *
 * @param resourceType null for every type
 * @param id null for every resource of the type
 * @param since only versions with lastUpdated at or after this instant, or null
 * @param currentAfter only versions whose successor (if any) has lastUpdated strictly after this instant, or null for no
 *     such filter
 * @param currentBefore only versions with lastUpdated strictly before this instant, or null
 * @param after continue after this row (exclusive) in the order above, or null for the first page
 * @param limit the most rows to return
 */
public record HistoryQuery(
        String resourceType,
        String id,
        Instant since,
        Instant currentAfter,
        Instant currentBefore,
        HistoryCursorPosition after,
        int limit) {

    /** Where a page ended: the lastUpdated (epoch milliseconds) and engine position of its last row. */
    public record HistoryCursorPosition(long lastUpdatedMillis, long position) {}
}
