package dev.polystore.api.search;

/**
 * What a {@link SearchIndexMaintenance#reindex reindex} did.
 *
 * @param total the live resources it visited
 * @param reindexed those whose index entries it re-extracted and replaced
 * @param skipped those it left alone because they were updated or deleted while the reindex ran (that write already
 *     indexed them with the current parameters)
 * @since 0.1
 */
public record ReindexResult(long total, long reindexed, long skipped) {
    public ReindexResult {
        if (total < 0 || reindexed < 0 || skipped < 0 || reindexed + skipped != total) {
            throw new IllegalArgumentException(
                    "inconsistent counts: total " + total + ", reindexed " + reindexed + ", skipped " + skipped);
        }
    }
}
