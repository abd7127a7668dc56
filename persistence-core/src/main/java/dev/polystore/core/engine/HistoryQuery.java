package dev.polystore.core.engine;

import java.time.Instant;

/**
 * An engine-level history query, already validated.
 *
 * @param resourceType null for every type
 * @param id null for every resource of the type
 * @param since only versions with lastUpdated at or after this instant, or null
 * @param currentAfter with {@code currentBefore}: only versions whose successor (if any) has lastUpdated strictly after
 *     this instant, or null for no such filter
 * @param currentBefore only versions with lastUpdated strictly before this instant, or null
 * @param beforePosition only rows with a position strictly below this one ({@link Long#MAX_VALUE} for the first page)
 * @param limit the most rows to return
 */
public record HistoryQuery(
        String resourceType,
        String id,
        Instant since,
        Instant currentAfter,
        Instant currentBefore,
        long beforePosition,
        int limit) {}
