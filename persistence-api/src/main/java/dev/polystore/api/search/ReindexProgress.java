package dev.polystore.api.search;

/**
 * Receives the progress of a {@link SearchIndexMaintenance#reindex reindex}, once after every batch, on the calling
 * thread. {@code done} grows with every call and the last call has {@code done == total}. {@code total} is the number
 * of live resources counted when the reindex started; it grows with {@code done} if resources are created meanwhile.
 * An exception thrown here stops the reindex (batches already done stay done) and propagates to the caller.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReindexProgress {

    /** Ignores progress. */
    ReindexProgress NONE = (done, total) -> {};

    void progress(long done, long total);
}
