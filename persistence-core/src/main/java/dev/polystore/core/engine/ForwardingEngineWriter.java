package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.search.ResolvedSearch;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** An {@link EngineWriter} that passes every call to another; a subclass overrides what it watches or changes. */
public class ForwardingEngineWriter implements EngineWriter {
    private final EngineWriter w;

    public ForwardingEngineWriter(EngineWriter w) {
        this.w = w;
    }

    @Override
    public void append(StoredResource version, List<IndexEntry> indexEntries) {
        w.append(version, indexEntries);
    }

    @Override
    public boolean replaceIndex(StoredResource current, List<IndexEntry> indexEntries) {
        return w.replaceIndex(current, indexEntries);
    }

    @Override
    public void guardCondition(String resourceType) {
        w.guardCondition(resourceType);
    }

    @Override
    public <T> T attempt(Supplier<T> work) {
        return w.attempt(work);
    }

    @Override
    public Optional<StoredResource> current(String resourceType, String id) {
        return w.current(resourceType, id);
    }

    @Override
    public List<StoredResource> currentMany(String resourceType, Collection<String> ids) {
        return w.currentMany(resourceType, ids);
    }

    @Override
    public Optional<StoredResource> version(String resourceType, String id, long versionId) {
        return w.version(resourceType, id, versionId);
    }

    @Override
    public List<StoredResource> versions(String resourceType, String id) {
        return w.versions(resourceType, id);
    }

    @Override
    public long countLive(String resourceType) {
        return w.countLive(resourceType);
    }

    @Override
    public List<HistoryRow> history(HistoryQuery query) {
        return w.history(query);
    }

    @Override
    public EngineSearchPage search(ResolvedSearch search, String cursor) {
        return w.search(search, cursor);
    }

    @Override
    public List<StoredResource> currentBatch(String resourceType, ResourceKey after, int limit) {
        return w.currentBatch(resourceType, after, limit);
    }
}
