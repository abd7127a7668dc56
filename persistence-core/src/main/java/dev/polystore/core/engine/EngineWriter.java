package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.core.index.IndexEntry;
import java.util.List;
import java.util.function.Supplier;

/** Reads and writes inside one atomic engine transaction on one tenant. */
public interface EngineWriter extends EngineReader {

    /**
     * Appends a new version and makes it the resource's current version. The caller has read the current version in
     * this transaction and passes the next version number. The engine must refuse, with {@link
     * VersionConflictException#concurrentModification}, a version that already exists or that does not follow the
     * current version directly (this is what makes optimistic locking safe on engines with concurrent writers).
     *
     * <p>{@code indexEntries} are the search index entries of the new version (empty for a tombstone, and when the
     * engine does not declare {@code SEARCH}); the engine replaces the resource's previous entries with them in the
     * same transaction.
     */
    void append(StoredResource version, List<IndexEntry> indexEntries);

    /**
     * Replaces the search index entries of a resource with {@code indexEntries}, without writing a version, if {@code
     * current} is still the resource's current, live version (same {@code versionId}); otherwise changes nothing and
     * returns false (a concurrent update or delete wrote the entries of its own version). Engines that declare {@code
     * CUSTOM_SEARCH_PARAMETERS} implement it; the default refuses.
     */
    default boolean replaceIndex(StoredResource current, List<IndexEntry> indexEntries) {
        throw new UnsupportedCapabilityException("This engine cannot replace index entries");
    }

    /**
     * Called in this transaction before a search whose outcome decides a write: the condition of a conditional create,
     * update, patch or delete on {@code resourceType}. An engine whose transactions can run concurrently makes such
     * decisions on one tenant and type take turns until commit (for example with a lock), so that two conditional
     * creates never both find no match and both create. The default does nothing: right for an engine with one writer
     * at a time.
     */
    default void guardCondition(String resourceType) {}

    /**
     * Runs {@code work} as a part of this transaction that can fail on its own (a savepoint): if {@code work} throws,
     * every write it made is undone, the exception propagates, and the transaction goes on as it was before; if it
     * returns, its writes have reached the engine, so that a failure they cause (a version conflict, say) was thrown
     * from here. Engines whose {@link StorageEngine#supportsAttempts()} is true implement it; batch Bundles then write
     * many entries in one transaction, each entry in its own attempt. The default refuses.
     */
    default <T> T attempt(Supplier<T> work) {
        throw new UnsupportedCapabilityException("This engine cannot undo part of a transaction");
    }
}
