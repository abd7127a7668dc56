package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.core.search.ResolvedSearch;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keyed reads of one tenant's data inside an engine. The tenant is fixed when the reader is handed out, and every
 * query an implementation runs is restricted to it. Implementations do not interpret FHIR: they return what is stored.
 */
public interface EngineReader {

    /** The current version of a resource, including a delete tombstone; empty if it never existed. */
    Optional<StoredResource> current(String resourceType, String id);

    /** The current versions of several resources; tombstones included, missing ones left out, in no order. */
    List<StoredResource> currentMany(String resourceType, Collection<String> ids);

    /** One version of a resource, tombstones included. */
    Optional<StoredResource> version(String resourceType, String id, long versionId);

    /** Every version of a resource, newest first; empty if it never existed. */
    List<StoredResource> versions(String resourceType, String id);

    /** The number of resources whose current version is not a tombstone; {@code resourceType} null = every type. */
    long countLive(String resourceType);

    /** History rows matching {@code query} in its order (newest first), at most {@code query.limit()}. */
    List<HistoryRow> history(HistoryQuery query);

    /**
     * One page of a resolved search, seen from this reader: inside a write transaction it sees the transaction's own
     * writes, which conditional operations and conditional references need to be atomic. Engines that declare {@code
     * SEARCH} implement it natively; the default refuses.
     *
     * @param cursor null for the first page, else a {@link EngineSearchPage#nextCursor()} this engine produced
     */
    default EngineSearchPage search(ResolvedSearch search, String cursor) {
        throw new UnsupportedCapabilityException("This engine does not execute searches");
    }

    /**
     * Up to {@code limit} current, live (not deleted) resources, ordered by resource type and then id (plain string
     * order, as the engine compares keys), starting after {@code after} (null: from the first). Pages through a tenant
     * for reindexing; each call may see writes committed since the previous one. Engines that declare {@code
     * CUSTOM_SEARCH_PARAMETERS} implement it; the default refuses.
     *
     * @param resourceType the type to page through, or null for every type
     */
    default List<StoredResource> currentBatch(String resourceType, ResourceKey after, int limit) {
        throw new UnsupportedCapabilityException("This engine cannot page through current resources");
    }
}
