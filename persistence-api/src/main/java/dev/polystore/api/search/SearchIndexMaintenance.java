package dev.polystore.api.search;

import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;

/**
 * Maintenance of the search index when search parameters change (capability {@code CUSTOM_SEARCH_PARAMETERS}).
 *
 * <p>A store indexes every version it writes with the search parameters in force for the tenant at that moment: the
 * official ones of its FHIR release, the store-wide custom ones given when it was built, and the active {@code
 * SearchParameter} resources stored in the tenant. A parameter registered later therefore does <em>not</em> find
 * resources written before it, until they are reindexed; a parameter deleted or changed leaves its old entries in the
 * index until then (they are unreachable once the code is unknown).
 *
 * @since 0.1
 */
public interface SearchIndexMaintenance {

    /**
     * Re-extracts the search index entries of the current version of every live resource the request covers, in the
     * context's tenant, with the parameters now in force (reloaded first, as {@link #refreshSearchParameters}). No
     * resource, version, {@code versionId} or {@code lastUpdated} changes and no history entry is added. The work runs
     * on the calling thread in batches of {@link ReindexRequest#batchSize()} resources, each in its own short write
     * transaction, so writers are never held for long; resources written concurrently keep the entries of their own
     * write (see {@link ReindexResult#skipped()}). If it stops half-way, the batches done stay done and a new reindex
     * starts over.
     *
     * @throws ForbiddenException unless the context may {@code REINDEX} the type (every type, for a reindex of all)
     * @throws InvalidRequestException for an unknown resource type
     * @throws UnsupportedCapabilityException if the store does not declare {@code CUSTOM_SEARCH_PARAMETERS}
     */
    ReindexResult reindex(TenantContext context, ReindexRequest request, ReindexProgress progress);

    /**
     * Forgets the cached search parameters of the context's tenant, so that the next operation reads the tenant's
     * SearchParameter resources again. A store notices the SearchParameter writes and deletes it makes itself; call
     * this when another store instance (another process on the same database) may have changed them. Needs no
     * particular permission: it changes no data.
     *
     * @throws UnsupportedCapabilityException if the store does not declare {@code CUSTOM_SEARCH_PARAMETERS}
     */
    void refreshSearchParameters(TenantContext context);
}
