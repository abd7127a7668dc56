package dev.polystore.core.store;

import dev.polystore.api.StoredResource;
import dev.polystore.api.search.ReindexProgress;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.ReindexResult;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.ResourceKey;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.json.FhirJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-extracts the index entries of a tenant's current resources, batch by batch: each batch is read in a read
 * transaction, extracted outside any transaction, and written in one short write transaction that replaces the
 * entries of each resource whose current version is still the one read (the others were updated or deleted meanwhile
 * and indexed by that write, with the parameters in force then).
 */
final class Reindexer {
    private final StorageEngine engine;
    private final TenantSearchParameters parameters;

    Reindexer(StorageEngine engine, TenantSearchParameters parameters) {
        this.engine = engine;
        this.parameters = parameters;
    }

    ReindexResult run(TenantId tenant, ReindexRequest request, ReindexProgress progress) {
        parameters.invalidate(tenant);
        String type = request.resourceType();
        long counted = engine.read(tenant, r -> r.countLive(type));
        long done = 0;
        long reindexed = 0;
        ResourceKey after = null;
        while (true) {
            ResourceKey from = after;
            Batch batch = engine.read(
                    tenant,
                    r -> new Batch(
                            r.currentBatch(type, from, request.batchSize()),
                            parameters.forTenant(tenant, r).indexer()));
            if (batch.resources().isEmpty()) {
                break;
            }
            List<List<IndexEntry>> entries = new ArrayList<>(batch.resources().size());
            for (StoredResource resource : batch.resources()) {
                entries.add(extract(batch.indexer(), resource));
            }
            int replaced = engine.write(tenant, w -> {
                int n = 0;
                for (int i = 0; i < entries.size(); i++) {
                    if (w.replaceIndex(batch.resources().get(i), entries.get(i))) {
                        n++;
                    }
                }
                return n;
            });
            reindexed += replaced;
            done += batch.resources().size();
            progress.progress(done, Math.max(counted, done));
            if (batch.resources().size() < request.batchSize()) {
                break;
            }
            StoredResource last = batch.resources().get(batch.resources().size() - 1);
            after = new ResourceKey(last.resourceType(), last.id());
        }
        if (done < counted || done == 0) {
            // an empty tenant, or resources deleted while the reindex ran: report the end as reached
            progress.progress(done, done);
        }
        return new ReindexResult(done, reindexed, done - reindexed);
    }

    private record Batch(List<StoredResource> resources, ResourceIndexer indexer) {}

    private static List<IndexEntry> extract(ResourceIndexer indexer, StoredResource resource) {
        try {
            return indexer.index(resource.resourceType(), FhirJson.TRUSTED.readTree(resource.json()))
                    .entries();
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON of " + resource.versionedReference() + " does not parse", e);
        }
    }
}
