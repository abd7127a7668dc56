package dev.polystore.core.search.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.IndexResult;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Indexes resources and resolves queries with the real R4 indexer and resolver. */
final class Harness {
    static final SearchParameterRegistry R4 = SearchParameterRegistry.of(FhirVersion.R4);
    static final SearchQueryResolver RESOLVER = new SearchQueryResolver(R4);
    static final ResourceIndexer INDEXER = ResourceIndexer.forVersion(FhirVersion.R4);

    private Harness() {}

    static JsonNode json(String text) {
        try {
            return FhirJson.TRUSTED.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode example(String name) {
        try (InputStream in = Harness.class.getClassLoader().getResourceAsStream("json/spec/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return FhirJson.TRUSTED.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IndexResult index(JsonNode resource) {
        return INDEXER.index(resource);
    }

    static List<IndexEntry> entries(JsonNode resource) {
        return index(resource).entries();
    }

    /** The only criterion of {@code query} ({@code Type?param=value}). */
    static Criterion criterion(String query) {
        ResolvedSearch resolved = RESOLVER.resolve(SearchQuery.parse(query));
        if (resolved.criteria().size() != 1) {
            throw new IllegalArgumentException("expected one criterion in " + query + ": " + resolved.criteria());
        }
        return resolved.criteria().get(0);
    }

    static List<Criterion> criteria(String query) {
        return RESOLVER.resolve(SearchQuery.parse(query)).criteria();
    }
}
