package dev.polystore.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.search.TotalMode;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.ListCriteria;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.ResourceSubsetter;
import dev.polystore.core.search.SearchParameterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What core does around an engine's search, the same for every backend: {@code _list} is replaced by {@code _id}
 * criteria ({@link ListCriteria}), {@code _summary=count} becomes a count without entries, and {@code _summary} /
 * {@code _elements} views are applied to the page ({@link ResourceSubsetter}).
 *
 * <p>{@code _summary=count} answers a {@link SearchResult} without matches, includes or next cursor, whose total is
 * the accurate number of matches. {@code _summary} views apply to matches and included resources alike; unqualified
 * {@code _elements} names apply to the matches only, {@code Type.element} names to every resource of that type. A
 * subsetted resource keeps its version, lastUpdated and ETag; only its JSON is the view.
 */
final class SearchExecution {

    private final StorageEngine engine;
    private final SearchParameterRegistry registry;
    private final ResourceSubsetter subsetter;

    SearchExecution(StorageEngine engine, SearchParameterRegistry registry) {
        this.engine = engine;
        this.registry = registry;
        this.subsetter = new ResourceSubsetter(registry.elements());
    }

    /** Runs one page; through {@code reader} (a transaction's view) when it is not null, else through the engine. */
    SearchResult run(TenantContext ctx, ResolvedSearch resolved, String cursor, EngineReader reader) {
        ResolvedSearch search = resolved;
        boolean countOnly = search.summary() == ResolvedSearch.SummaryMode.COUNT;
        if (ListCriteria.uses(search)) {
            ctx.check(Operation.READ, "List");
            ListCriteria.Rewritten rewritten =
                    new ListCriteria(registry, id -> readList(ctx, id, reader)).rewrite(search);
            if (rewritten.matchesNothing()) {
                Long total = countOnly || search.total() != TotalMode.NONE ? 0L : null;
                return new SearchResult(
                        List.of(), List.of(), total, null, search.ignoredParameters(), search.selfUrl());
            }
            search = rewritten.search();
        }
        if (countOnly) {
            search = countOnly(search);
        }
        EngineSearchPage page =
                reader == null ? engine.search(ctx.tenant(), search, cursor) : reader.search(search, cursor);
        if (countOnly) {
            return new SearchResult(
                    List.of(), List.of(), page.total(), null, search.ignoredParameters(), search.selfUrl());
        }
        return new SearchResult(
                view(page.matches(), search, true),
                view(page.includes(), search, false),
                page.total(),
                page.nextCursor(),
                search.ignoredParameters(),
                search.selfUrl());
    }

    private Optional<JsonNode> readList(TenantContext ctx, String id, EngineReader reader) {
        Optional<StoredResource> list =
                reader == null ? engine.read(ctx.tenant(), r -> r.current("List", id)) : reader.current("List", id);
        return list.filter(found -> !found.deleted()).map(found -> parse(found.json()));
    }

    private static ResolvedSearch countOnly(ResolvedSearch s) {
        return s.matchesOnly(0, TotalMode.ACCURATE);
    }

    private List<StoredResource> view(List<StoredResource> resources, ResolvedSearch search, boolean matches) {
        boolean bySummary = ResourceSubsetter.subsets(search.summary());
        if (!bySummary && search.elements().isEmpty()) {
            return resources;
        }
        List<StoredResource> out = new ArrayList<>(resources.size());
        for (StoredResource resource : resources) {
            Set<String> elements = ResourceSubsetter.elementsFor(resource.resourceType(), search.elements(), matches);
            if (!bySummary && elements.isEmpty()) {
                out.add(resource);
                continue;
            }
            ObjectNode tree = (ObjectNode) parse(resource.json());
            ObjectNode subset = subsetter.subset(tree, search.summary(), elements);
            out.add(new StoredResource(
                    resource.tenant(),
                    resource.resourceType(),
                    resource.id(),
                    resource.versionId(),
                    resource.lastUpdated(),
                    resource.fhirVersion(),
                    resource.change(),
                    write(subset)));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return FhirJson.TRUSTED.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored resource is not JSON", e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return FhirJson.TRUSTED.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
