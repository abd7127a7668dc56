package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import dev.polystore.api.search.TotalMode;
import dev.polystore.core.search.ResolvedSearch;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The reader of a tenant that has never written anything, whose schema, database or file an engine has not created: it
 * finds nothing. Engines hand it out for reads of such a tenant, so that a read (or a tenant id mistyped, or guessed)
 * creates nothing.
 */
public final class EmptyTenantReader implements EngineReader {
    public static final EmptyTenantReader INSTANCE = new EmptyTenantReader();

    private EmptyTenantReader() {}

    @Override
    public Optional<StoredResource> current(String resourceType, String id) {
        return Optional.empty();
    }

    @Override
    public List<StoredResource> currentMany(String resourceType, Collection<String> ids) {
        return List.of();
    }

    @Override
    public Optional<StoredResource> version(String resourceType, String id, long versionId) {
        return Optional.empty();
    }

    @Override
    public List<StoredResource> versions(String resourceType, String id) {
        return List.of();
    }

    @Override
    public long countLive(String resourceType) {
        return 0;
    }

    @Override
    public List<HistoryRow> history(HistoryQuery query) {
        return List.of();
    }

    /** No matches; a total of 0 where the search asks for one (as the engines' own searches count). */
    @Override
    public EngineSearchPage search(ResolvedSearch search, String cursor) {
        boolean counted = search.total() != TotalMode.NONE
                || search.summary() == ResolvedSearch.SummaryMode.COUNT
                || Integer.valueOf(0).equals(search.count());
        return new EngineSearchPage(List.of(), List.of(), counted ? 0L : null, null);
    }

    @Override
    public List<StoredResource> currentBatch(String resourceType, ResourceKey after, int limit) {
        return List.of();
    }
}
