package dev.polystore.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.match.IndexMatcher;
import dev.polystore.core.search.match.MatchResult;
import dev.polystore.core.store.ConditionalSearch;
import dev.polystore.core.store.FhirIds;
import dev.polystore.core.store.ResourceOperations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Conditional references in a transaction ({@code "reference": "Patient?identifier=http://acme.org/mrn|123"}, R4
 * http.html 3.1.0.11.2 and bundle.html 2.36.4.1): each distinct one is resolved once, against the tenant's data as the
 * transaction will leave it, and replaced by {@code Type/id}. No match is a {@link ResourceNotFoundException}, several
 * a {@code PreconditionFailedException} (412), and the whole transaction fails.
 *
 * <p>"As the transaction will leave it": stored matches count unless this transaction deletes or replaces them, and
 * the resources this transaction creates or replaces count when they match (judged by the reference matcher on their
 * index entries). A resource this transaction patches is judged by its stored version.
 */
final class ConditionalReferences {
    private static final Pattern CONDITIONAL = Pattern.compile("[A-Z][A-Za-z]{1,63}\\?.+");

    private final ResourceOperations ops;
    private final ConditionalSearch conditions;
    private final IndexMatcher matcher = IndexMatcher.standard();

    ConditionalReferences(ResourceOperations ops, ConditionalSearch conditions) {
        this.ops = ops;
        this.conditions = conditions;
    }

    /** True if {@code reference} is a conditional reference ({@code Type?query}). */
    static boolean isConditional(String reference) {
        return CONDITIONAL.matcher(reference).matches();
    }

    /** The distinct conditional references in the written resources of a transaction, in order of appearance. */
    static Set<String> collect(List<BundleEntryRequest> requests) {
        Set<String> found = new LinkedHashSet<>();
        for (BundleEntryRequest r : requests) {
            if (r.resource != null && r.method != BundleEntryRequest.Method.PATCH) {
                collect(r.resource, found);
            }
        }
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            JsonNode reference = node.get("reference");
            if (reference != null && reference.isTextual() && isConditional(reference.textValue())) {
                found.add(reference.textValue());
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getValue().isContainerNode()) {
                    collect(e.getValue(), found);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, found);
            }
        }
    }

    /**
     * Resolves every conditional reference of the transaction's resources and rewrites them in place. Call after the
     * entries' own conditions are resolved and fullUrls rewritten, before anything is written.
     */
    Map<String, String> resolve(TenantContext ctx, EngineReader reader, List<BundleEntryRequest> requests) {
        Set<String> references = collect(requests);
        if (references.isEmpty()) {
            return Map.of();
        }
        Map<String, String> replacements = new HashMap<>();
        for (String reference : references) {
            replacements.put(reference, resolveOne(ctx, reader, requests, reference));
        }
        for (BundleEntryRequest r : requests) {
            if (r.resource != null && r.method != BundleEntryRequest.Method.PATCH) {
                rewrite(r.resource, replacements);
            }
        }
        return replacements;
    }

    /** The reference {@code reference} resolves to ({@code Type/id}), as described above. */
    String resolveOne(TenantContext ctx, EngineReader reader, List<BundleEntryRequest> requests, String reference) {
        int q = reference.indexOf('?');
        String type = reference.substring(0, q);
        ResolvedSearch search;
        try {
            search = conditions.resolve(
                    ctx, reader, ops.validator().requireType(type), reference, "conditional reference");
        } catch (RuntimeException e) {
            if (e instanceof InvalidRequestException || e instanceof dev.polystore.api.error.InvalidSearchException) {
                throw new InvalidRequestException(
                        "The conditional reference " + FhirIds.quote(reference) + " is not a valid search: "
                                + e.getMessage(),
                        e);
            }
            throw e;
        }
        // resources of this type that the transaction writes: their stored versions do not count
        Map<String, BundleEntryRequest> written = new LinkedHashMap<>();
        for (BundleEntryRequest r : requests) {
            if (r.type.equals(type) && r.method != BundleEntryRequest.Method.GET && r.target() != null) {
                written.put(r.id, r);
            }
        }
        Set<String> matches = new LinkedHashSet<>();
        for (StoredResource stored : ConditionalSearch.first(reader, search, 2 + written.size())) {
            BundleEntryRequest w = written.get(stored.id());
            if (w == null || w.method == BundleEntryRequest.Method.PATCH) {
                matches.add(stored.id());
            }
        }
        for (BundleEntryRequest r : requests) {
            if (!r.type.equals(type) || r.resource == null || r.existing != null) {
                continue;
            }
            if (r.method == BundleEntryRequest.Method.POST || r.method == BundleEntryRequest.Method.PUT) {
                String id = r.method == BundleEntryRequest.Method.POST ? r.assignedId : r.id;
                ObjectNode copy = r.resource.deepCopy();
                copy.put("id", id);
                if (matcher.evaluateAll(type, search.criteria(), ops.indexEntries(ctx, reader, type, copy))
                        == MatchResult.MATCH) {
                    matches.add(id);
                }
            }
        }
        if (matches.isEmpty()) {
            throw new ResourceNotFoundException(
                    "The conditional reference " + FhirIds.quote(reference) + " matches no resource");
        }
        if (matches.size() > 1) {
            throw ConditionalSearch.severalMatches("conditional reference", type, reference);
        }
        return type + "/" + new ArrayList<>(matches).get(0);
    }

    private static void rewrite(JsonNode node, Map<String, String> replacements) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode reference = object.get("reference");
            if (reference != null && reference.isTextual()) {
                String replacement = replacements.get(reference.textValue());
                if (replacement != null) {
                    object.set("reference", TextNode.valueOf(replacement));
                }
            }
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (e.getValue().isContainerNode()) {
                    rewrite(e.getValue(), replacements);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                rewrite(item, replacements);
            }
        }
    }
}
