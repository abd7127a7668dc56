package dev.polystore.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.StoredResource;
import dev.polystore.api.TransactionProvider.BundleProgress;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.patch.FhirPathPatch;
import dev.polystore.core.patch.JsonPatch;
import dev.polystore.core.patch.ResourcePatch;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.store.ConditionalSearch;
import dev.polystore.core.store.FhirIds;
import dev.polystore.core.store.ParsedResource;
import dev.polystore.core.store.ResourceOperations;
import dev.polystore.core.store.ResourceStamper;
import dev.polystore.core.store.ResourceValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FHIR batch and transaction Bundles, processed once for every backend on top of the engine SPI (see R4 http.html
 * sections 3.1.0.11 and following). A transaction runs in one engine transaction; a batch's entries succeed or fail
 * one by one ({@link BatchBundles}).
 */
public final class BundleProcessor {
    private final StorageEngine engine;
    private final ResourceOperations ops;
    private final ResourceValidator validator;
    private final FhirJson bundleJson;
    private final ConditionalSearch conditions;
    private final SearchRunner searches;
    private final ConditionalReferences references;
    private static final int PARALLEL_THRESHOLD = 64;

    public BundleProcessor(
            StorageEngine engine, ResourceOperations ops, ConditionalSearch conditions, SearchRunner searches) {
        this.engine = engine;
        this.ops = ops;
        this.conditions = conditions;
        this.searches = searches;
        this.references = new ConditionalReferences(ops, conditions);
        this.validator = ops.validator();
        StorageLimits resourceLimits = validator.json().limits();
        long bundleBytes = Math.min(Integer.MAX_VALUE, resourceLimits.maxResourceBytes() * 64L);
        this.bundleJson = new FhirJson(new StorageLimits((int) bundleBytes, resourceLimits.maxJsonDepth() + 3));
    }

    /** Runs the search of a GET entry through the store's search path, reading through the given reader. */
    @FunctionalInterface
    public interface SearchRunner {
        /** One page of {@code query} for the tenant of {@code ctx}, as {@code FhirStore.search} would give it. */
        SearchResult search(TenantContext ctx, EngineReader reader, SearchQuery query);
    }

    /** Processes a batch or transaction Bundle and returns the response Bundle as JSON. */
    public String process(TenantContext ctx, String json, BundleProgress progress) {
        JsonNode root = bundleJson.parse(json, "Bundle");
        if (!root.isObject() || !"Bundle".equals(root.path("resourceType").asText(null))) {
            throw new InvalidResourceException("Expected a Bundle resource");
        }
        String type = root.path("type").asText("");
        JsonNode entries = root.path("entry");
        if (!entries.isMissingNode() && !entries.isArray()) {
            throw new InvalidResourceException("'Bundle.entry' must be an array");
        }
        BundleProgress listener = progress == null ? (done, total) -> {} : progress;
        return switch (type) {
            case "transaction" -> transaction(ctx, json, entries, listener);
            case "batch" -> batch(ctx, entries, listener);
            default ->
                throw new InvalidRequestException(
                        "Only 'batch' and 'transaction' Bundles can be processed, got type " + FhirIds.quote(type));
        };
    }

    BundleEntryRequest parseEntry(TenantContext ctx, int i, JsonNode entry) {
        BundleEntryRequest r = BundleEntryRequest.parse(i, entry, validator, engine.capabilities());
        ctx.check(r.operation(), r.type);
        if (r.condition != null) {
            ctx.check(Operation.SEARCH, r.type);
        }
        return r;
    }

    private String transaction(TenantContext ctx, String json, JsonNode entries, BundleProgress progress) {
        engine.capabilities().require(Capability.TRANSACTIONS);
        List<BundleEntryRequest> requests = requests(ctx, entries);
        // Plan outside the writer (conditions, ids, references, validation, index extraction) against the committed
        // data, so that other transactions write meanwhile; under the writer the plan's searches run again, and if
        // any answer changed, the transaction is planned again there, from the Bundle parsed anew (planning rewrites
        // the entries it plans in place).
        Plan optimistic = planOutsideWriter(ctx, requests);
        ObjectNode[] responses = new ObjectNode[requests.size()];
        engine.write(ctx.tenant(), w -> {
            Plan plan = optimistic != null && optimistic.holds(ctx, w, this)
                    ? optimistic
                    : plan(
                            ctx,
                            w,
                            requests(ctx, bundleJson.parse(json, "Bundle").path("entry")));
            List<BundleEntryRequest> order = new ArrayList<>(plan.requests());
            order.sort(Comparator.comparingInt((BundleEntryRequest r) -> r.method.phase())
                    .thenComparingInt(r -> r.index));
            int done = 0;
            for (BundleEntryRequest r : order) {
                try {
                    responses[r.index] = execute(ctx, w, r);
                } catch (FhirPersistenceException e) {
                    throw e.at("Bundle.entry[" + r.index + "]");
                }
                progress.entryProcessed(++done, order.size());
            }
            return null;
        });
        return response("transaction-response", responses);
    }

    /**
     * Validates and indexes the resources of POST and PUT entries ahead of their writes, on several cores when there
     * are many: the index extraction is the costly part of a write.
     */
    private void prepare(TenantContext ctx, EngineReader reader, List<BundleEntryRequest> requests) {
        ResourceIndexer indexer = ops.indexer(ctx, reader);
        List<BundleEntryRequest> writes = new ArrayList<>();
        for (BundleEntryRequest r : requests) {
            if (r.existing == null
                    && (r.method == BundleEntryRequest.Method.POST || r.method == BundleEntryRequest.Method.PUT)) {
                writes.add(r);
            }
        }
        (writes.size() >= PARALLEL_THRESHOLD ? writes.parallelStream() : writes.stream()).forEach(r -> {
            try {
                r.parsed = validator.check(r.type, r.resource);
                r.preIndexed = ops.preIndex(
                        indexer, r.parsed, r.method == BundleEntryRequest.Method.POST ? r.assignedId : r.id);
            } catch (FhirPersistenceException e) {
                throw e.at("Bundle.entry[" + r.index + "]");
            }
        });
    }

    /**
     * What a transaction will do, decided before its writes: the entries with conditions resolved, ids assigned,
     * references rewritten, resources validated and indexed; and the answers those decisions rest on.
     *
     * @param matches per conditional entry (by index), the id of its one match, or "" for none
     * @param conditionalReferences each conditional reference and the reference it was resolved to
     */
    private record Plan(
            List<BundleEntryRequest> requests,
            Map<Integer, String> matches,
            Map<String, String> conditionalReferences) {

        /** Whether every answer is still the same as seen through {@code reader} (the writer). */
        boolean holds(TenantContext ctx, EngineReader reader, BundleProcessor processor) {
            for (BundleEntryRequest r : requests) {
                String match = matches.get(r.index);
                if (match != null && !match.equals(processor.matchOf(ctx, reader, r))) {
                    return false;
                }
            }
            for (Map.Entry<String, String> e : conditionalReferences.entrySet()) {
                if (!e.getValue().equals(processor.references.resolveOne(ctx, reader, requests, e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The parsed, permission-checked entries of a transaction, each resource written once at most. */
    private List<BundleEntryRequest> requests(TenantContext ctx, JsonNode entries) {
        List<BundleEntryRequest> requests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                requests.add(parseEntry(ctx, i, entries.get(i)));
            } catch (FhirPersistenceException e) {
                throw e.at("Bundle.entry[" + i + "]");
            }
        }
        checkTargets(requests);
        return requests;
    }

    private Plan planOutsideWriter(TenantContext ctx, List<BundleEntryRequest> requests) {
        try {
            return engine.read(ctx.tenant(), reader -> plan(ctx, reader, requests));
        } catch (RuntimeException e) {
            return null; // planned again under the writer, where a failure is the answer
        }
    }

    /** Resolves conditions, assigns ids, rewrites references and prepares the writes of {@code requests}. */
    private Plan plan(TenantContext ctx, EngineReader reader, List<BundleEntryRequest> requests) {
        // Conditions are judged on the data as the transaction found it, before any of its writes.
        Map<Integer, String> matches = new HashMap<>();
        for (BundleEntryRequest r : requests) {
            try {
                String match = resolveCondition(ctx, reader, r);
                if (match != null) {
                    matches.put(r.index, match);
                }
            } catch (FhirPersistenceException e) {
                throw e.at("Bundle.entry[" + r.index + "]");
            }
        }
        checkTargets(requests);
        Map<String, String> newReferences = assignIds(requests);
        for (BundleEntryRequest r : requests) {
            if (r.resource != null && !newReferences.isEmpty()) {
                rewriteReferences(r.resource, newReferences);
            }
        }
        Map<String, String> conditionalReferences =
                conditions != null ? references.resolve(ctx, reader, requests) : Map.of();
        prepare(ctx, reader, requests);
        return new Plan(requests, matches, conditionalReferences);
    }

    /** A transaction may write each resource once. */
    private static void checkTargets(List<BundleEntryRequest> requests) {
        Set<String> targets = new HashSet<>();
        for (BundleEntryRequest r : requests) {
            if (r.method != BundleEntryRequest.Method.GET && r.target() != null && !targets.add(r.target())) {
                throw new InvalidRequestException("Two entries of one transaction write " + r.target()
                                + "; a transaction may write a resource once")
                        .at("Bundle.entry[" + r.index + "]");
            }
        }
    }

    private String batch(TenantContext ctx, JsonNode entries, BundleProgress progress) {
        engine.capabilities().require(Capability.BATCH);
        return response("batch-response", new BatchBundles(this, engine).process(ctx, entries, progress));
    }

    /** One write entry of a batch, in the writer's transaction: its condition, its conditional references, its write. */
    ObjectNode writeEntry(TenantContext ctx, EngineWriter w, BundleEntryRequest r) {
        resolveCondition(ctx, w, r);
        if (conditions != null) {
            references.resolve(ctx, w, List.of(r));
        }
        return execute(ctx, w, r);
    }

    /**
     * Resolves the condition of a conditional entry (ifNoneExist, or a {@code Type?query} url) to its target: R4
     * http.html 3.1.0.4.3 (update), 3.1.0.7.1 (delete), 3.1.0.8 (create), 3.1.0.6.2 (patch).
     */
    private String resolveCondition(TenantContext ctx, EngineReader reader, BundleEntryRequest r) {
        if (r.condition == null || r.method == BundleEntryRequest.Method.GET) {
            return null;
        }
        StoredResource match = match(ctx, reader, r);
        switch (r.method) {
            case POST -> r.existing = match;
            case PUT -> {
                String bodyId =
                        r.resource.path("id").isTextual() ? r.resource.get("id").textValue() : null;
                if (match != null) {
                    if (bodyId != null && !bodyId.equals(match.id())) {
                        throw new InvalidRequestException("The conditional update matches " + match.reference()
                                + " but the resource has the id " + FhirIds.quote(bodyId));
                    }
                    r.id = match.id();
                } else {
                    r.id = bodyId != null ? FhirIds.require(bodyId) : FhirIds.newId();
                }
            }
            case PATCH -> {
                if (match == null) {
                    throw new ResourceNotFoundException(
                            "The conditional patch condition " + r.type + "?" + r.condition + " matches no resource");
                }
                r.id = match.id();
            }
            case DELETE -> {
                if (match == null) {
                    r.noMatch = true;
                } else {
                    r.id = match.id();
                }
            }
            default -> {}
        }
        return match == null ? "" : match.id();
    }

    private StoredResource match(TenantContext ctx, EngineReader reader, BundleEntryRequest r) {
        ResolvedSearch search = conditions.resolve(ctx, reader, r.type, r.condition, r.interaction());
        return ConditionalSearch.single(reader, search, r.interaction(), r.condition);
    }

    /** The id of the one match of a conditional entry's condition, "" for none (the plan's check). */
    String matchOf(TenantContext ctx, EngineReader reader, BundleEntryRequest r) {
        StoredResource match = match(ctx, reader, r);
        return match == null ? "" : match.id();
    }

    /** Chooses ids for POST entries and maps each entry's fullUrl to its resource's new reference. */
    private static Map<String, String> assignIds(List<BundleEntryRequest> requests) {
        Map<String, String> map = new HashMap<>();
        for (BundleEntryRequest r : requests) {
            String reference = null;
            if (r.method == BundleEntryRequest.Method.POST && r.existing != null) {
                reference = r.existing.reference();
            } else if (r.method == BundleEntryRequest.Method.POST) {
                r.assignedId = FhirIds.newId();
                reference = r.type + "/" + r.assignedId;
            } else if (r.method == BundleEntryRequest.Method.PUT) {
                reference = r.target();
            }
            if (reference != null && r.fullUrl != null && !r.fullUrl.equals(reference)) {
                if (map.put(r.fullUrl, reference) != null) {
                    throw new InvalidRequestException("Two entries have the fullUrl " + FhirIds.quote(r.fullUrl))
                            .at("Bundle.entry[" + r.index + "]");
                }
            }
        }
        return map;
    }

    /** Replaces every string equal to a mapped fullUrl, and mapped urn: ids inside narrative, with the new reference. */
    static void rewriteReferences(JsonNode node, Map<String, String> map) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode value = e.getValue();
                if (value.isTextual()) {
                    String replacement = map.get(value.textValue());
                    if (replacement != null) {
                        e.setValue(TextNode.valueOf(replacement));
                    } else if (e.getKey().equals("div")) {
                        e.setValue(TextNode.valueOf(rewriteNarrative(value.textValue(), map)));
                    }
                } else {
                    rewriteReferences(value, map);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String replacement = map.get(value.textValue());
                    if (replacement != null) {
                        array.set(i, TextNode.valueOf(replacement));
                    }
                } else {
                    rewriteReferences(value, map);
                }
            }
        }
    }

    private static String rewriteNarrative(String div, Map<String, String> map) {
        String result = div;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().startsWith("urn:") && result.contains(e.getKey())) {
                result = result.replace(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    private ObjectNode execute(TenantContext ctx, EngineWriter w, BundleEntryRequest r) {
        long expected = r.ifMatch == 0 ? ResourceOperations.ANY_VERSION : r.ifMatch;
        return switch (r.method) {
            case POST ->
                r.existing != null
                        ? written(r.existing, "200 OK")
                        : written(ops.create(ctx, w, parsed(r), r.assignedId, r.preIndexed));
            case PUT -> written(ops.update(ctx, w, parsed(r), r.id, expected, r.preIndexed));
            case PATCH -> written(ops.patch(ctx, w, r.type, r.id, patchOf(r.resource), expected));
            case DELETE -> {
                StoredResource tombstone = r.noMatch ? null : ops.delete(ctx, w, r.type, r.id, expected);
                ObjectNode response = FhirJson.TRUSTED.createObjectNode();
                response.put("status", "204 No Content");
                if (tombstone != null) {
                    response.put("etag", tombstone.etag());
                    response.put("lastModified", ResourceStamper.formatInstant(tombstone.lastUpdated()));
                }
                yield response;
            }
            case GET -> get(ctx, w, r);
        };
    }

    private ParsedResource parsed(BundleEntryRequest r) {
        return r.parsed != null ? r.parsed : validator.check(r.type, r.resource);
    }

    ObjectNode get(TenantContext ctx, EngineReader reader, BundleEntryRequest r) {
        if (r.searchUrl != null) {
            SearchResult result = searches.search(ctx, reader, SearchQuery.parse(r.searchUrl));
            ObjectNode response = FhirJson.TRUSTED.createObjectNode();
            response.put("status", "200 OK");
            response.set("resource", ResultBundles.searchsetTree(result, ""));
            return response;
        }
        StoredResource found =
                r.version > 0 ? ops.vread(reader, r.type, r.id, r.version) : ops.read(reader, r.type, r.id);
        ObjectNode response = FhirJson.TRUSTED.createObjectNode();
        response.put("etag", found.etag());
        response.put("lastModified", ResourceStamper.formatInstant(found.lastUpdated()));
        if (r.ifNoneMatch != 0 && r.ifNoneMatch == found.versionId()) {
            response.put("status", "304 Not Modified");
            return response;
        }
        response.put("status", "200 OK");
        response.set("resource", readTree(found.json()));
        return response;
    }

    private static ObjectNode written(StoredResource stored) {
        return written(stored, stored.change() == ChangeKind.CREATE ? "201 Created" : "200 OK");
    }

    private static ObjectNode written(StoredResource stored, String status) {
        ObjectNode response = FhirJson.TRUSTED.createObjectNode();
        response.put("status", status);
        response.put("location", stored.versionedReference());
        response.put("etag", stored.etag());
        response.put("lastModified", ResourceStamper.formatInstant(stored.lastUpdated()));
        return response;
    }

    /**
     * A PATCH entry carries a FHIRPath Patch as a {@code Parameters} resource, or a JSON Patch as a {@code Binary}
     * resource with contentType application/json-patch+json.
     */
    private ResourcePatch patchOf(ObjectNode resource) {
        String type = resource.path("resourceType").asText("");
        if (type.equals("Parameters")) {
            engine.capabilities().require(Capability.FHIRPATH_PATCH);
            return FhirPathPatch.parse(resource, FhirPathEngine.forVersion(engine.fhirVersion()))::apply;
        }
        if (!type.equals("Binary")) {
            throw new InvalidRequestException(
                    "A PATCH entry's resource must be a Parameters (FHIRPath Patch) or a Binary holding a JSON Patch");
        }
        engine.capabilities().require(Capability.JSON_PATCH);
        String contentType = resource.path("contentType").asText("");
        if (!contentType.startsWith("application/json-patch+json")) {
            throw new InvalidRequestException("A PATCH Binary must have contentType application/json-patch+json, got "
                    + FhirIds.quote(contentType));
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(resource.path("data").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The PATCH Binary's data is not base64", e);
        }
        return JsonPatch.parse(new String(data, StandardCharsets.UTF_8))::apply;
    }

    private String response(String type, ObjectNode[] responses) {
        ObjectNode bundle = FhirJson.TRUSTED.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", FhirIds.newId());
        bundle.put("type", type);
        ArrayNode out = bundle.putArray("entry");
        for (ObjectNode response : responses) {
            ObjectNode entry = out.addObject();
            JsonNode resource = response.remove("resource");
            if (resource != null) {
                entry.set("resource", resource);
            }
            entry.set("response", response);
        }
        return validator.json().write(bundle);
    }

    private static JsonNode readTree(String json) {
        try {
            return FhirJson.TRUSTED.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }

    static String status(int code) {
        return code + " "
                + switch (code) {
                    case 200 -> "OK";
                    case 201 -> "Created";
                    case 204 -> "No Content";
                    case 304 -> "Not Modified";
                    case 400 -> "Bad Request";
                    case 403 -> "Forbidden";
                    case 404 -> "Not Found";
                    case 409 -> "Conflict";
                    case 410 -> "Gone";
                    case 412 -> "Precondition Failed";
                    case 413 -> "Payload Too Large";
                    case 422 -> "Unprocessable Entity";
                    case 501 -> "Not Implemented";
                    case 503 -> "Service Unavailable";
                    default -> "Error";
                };
    }
}
