package dev.polystore.core.store;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.ConditionalResult;
import dev.polystore.api.FhirStore;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.StorageTransaction;
import dev.polystore.api.StoredResource;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.search.ReindexProgress;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.ReindexResult;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.core.bundle.BundleProcessor;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.HistoryQuery;
import dev.polystore.core.engine.HistoryRow;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.patch.ResourcePatch;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.terminology.TenantTerminology;
import dev.polystore.core.terminology.TerminologyRewriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The one implementation of the {@link FhirStore} contract on top of a backend's {@link StorageEngine}: every call is
 * permission-checked against its {@link TenantContext} and validated before the engine is touched, and every FHIR rule
 * lives here (or in the classes it calls), not in the backends.
 */
public final class EngineFhirStore implements FhirStore {
    private static final int PARALLEL_VALIDATION_THRESHOLD = 64;
    private final StorageEngine engine;
    private final ResourceValidator validator;
    private final ResourceOperations operations;
    private final BundleProcessor bundles;
    private final TenantSearchParameters searchParameters;
    private final Reindexer reindexer;
    private final ConditionalSearch conditions;
    private final SearchExecution searchExecution;
    private final TerminologyRewriter terminology;
    private final AtomicBoolean closed = new AtomicBoolean();

    public EngineFhirStore(StorageEngine engine, StorageLimits limits) {
        this(engine, limits, Clock.systemUTC());
    }

    public EngineFhirStore(StorageEngine engine, StorageLimits limits, Clock clock) {
        this(engine, limits, clock, List.of(), null);
    }

    /**
     * A store whose engine declares {@code CUSTOM_SEARCH_PARAMETERS} may be given store-wide custom search parameters:
     * SearchParameter resources (JSON) in force in every tenant, under the rules of {@link
     * dev.polystore.core.search.CustomSearchParameters} (their status is not consulted).
     *
     * @throws dev.polystore.api.error.ConfigurationException if one is invalid
     * @throws dev.polystore.api.error.UnsupportedCapabilityException if some are given and the engine does not declare
     *     the capability
     */
    public EngineFhirStore(StorageEngine engine, StorageLimits limits, Clock clock, List<String> searchParameters) {
        this(engine, limits, clock, searchParameters, null);
    }

    /**
     * The full constructor: store-wide custom search parameters as above, and the terminology service consulted
     * first for {@code :in :not-in :above :below}, or null to answer only from the tenant's own CodeSystem and
     * ValueSet resources (see {@link TerminologyService}).
     */
    public EngineFhirStore(
            StorageEngine engine,
            StorageLimits limits,
            Clock clock,
            List<String> searchParameters,
            TerminologyService terminology) {
        Objects.requireNonNull(engine, "engine");
        this.validator = new ResourceValidator(engine.fhirVersion(), Objects.requireNonNull(limits, "limits"));
        boolean searches = engine.capabilities().supports(Capability.SEARCH);
        boolean custom = searches && engine.capabilities().supports(Capability.CUSTOM_SEARCH_PARAMETERS);
        if (!searchParameters.isEmpty()) {
            engine.capabilities().require(Capability.CUSTOM_SEARCH_PARAMETERS);
        }
        this.searchParameters =
                searches ? new TenantSearchParameters(engine.fhirVersion(), searchParameters, custom) : null;
        this.engine = custom ? new SearchParameterTrackingEngine(engine, this.searchParameters) : engine;
        this.operations = new ResourceOperations(validator, new StoreClock(clock), this.searchParameters);
        this.reindexer = custom ? new Reindexer(this.engine, this.searchParameters) : null;
        this.searchExecution = searches
                ? new SearchExecution(
                        this.engine, this.searchParameters.shared().registry())
                : null;
        this.terminology = searches
                ? new TerminologyRewriter(
                        terminology,
                        new TenantTerminology(
                                this.engine, this.searchParameters.shared().resolver()))
                : null;
        this.conditions = new ConditionalSearch(
                this.searchParameters, searches ? this.terminology::rewrite : (tenant, search) -> search);
        this.bundles = new BundleProcessor(
                this.engine, operations, conditions, (ctx, reader, query) -> search(ctx, query, null, reader));
    }

    @Override
    public Capabilities capabilities() {
        return engine.capabilities();
    }

    @Override
    public FhirVersion fhirVersion() {
        return engine.fhirVersion();
    }

    private TenantContext guard(TenantContext ctx, Operation op, String type) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        ctx.check(op, type);
        if (type != null) {
            validator.requireType(type);
        }
        return ctx;
    }

    @Override
    public StoredResource create(TenantContext ctx, String resourceType, String json) {
        guard(ctx, Operation.CREATE, resourceType);
        ParsedResource parsed = validator.parse(resourceType, json);
        String id = FhirIds.newId();
        return engine.write(ctx.tenant(), w -> operations.create(ctx, w, parsed, id));
    }

    @Override
    public StoredResource update(TenantContext ctx, String resourceType, String id, String json) {
        return updateIfMatch(ctx, resourceType, id, json, ResourceOperations.ANY_VERSION);
    }

    @Override
    public StoredResource updateIfMatch(
            TenantContext ctx, String resourceType, String id, String json, long expectedVersion) {
        guard(ctx, Operation.UPDATE, resourceType);
        FhirIds.require(id);
        ParsedResource parsed = validator.parse(resourceType, json);
        ResourceValidator.requireMatchingId(parsed, id);
        return engine.write(ctx.tenant(), w -> operations.update(ctx, w, parsed, id, expectedVersion));
    }

    @Override
    public StoredResource patch(TenantContext ctx, String resourceType, String id, String jsonPatch) {
        return patchIfMatch(ctx, resourceType, id, jsonPatch, ResourceOperations.ANY_VERSION);
    }

    @Override
    public StoredResource patchIfMatch(
            TenantContext ctx, String resourceType, String id, String jsonPatch, long expectedVersion) {
        guard(ctx, Operation.UPDATE, resourceType);
        FhirIds.require(id);
        ResourcePatch patch =
                ResourcePatch.parse(jsonPatch, validator.json(), engine.fhirVersion(), engine.capabilities());
        return engine.write(ctx.tenant(), w -> operations.patch(ctx, w, resourceType, id, patch, expectedVersion));
    }

    @Override
    public ConditionalResult conditionalCreate(TenantContext ctx, String resourceType, String json, String condition) {
        guard(ctx, Operation.CREATE, resourceType);
        ctx.check(Operation.SEARCH, resourceType);
        engine.capabilities().require(Capability.CONDITIONAL_CREATE);
        ParsedResource parsed = validator.parse(resourceType, json);
        String id = FhirIds.newId();
        return engine.write(ctx.tenant(), w -> {
            ResolvedSearch search = conditions.resolve(ctx, w, resourceType, condition, "conditional create");
            StoredResource match = ConditionalSearch.single(w, search, "conditional create", condition);
            return match != null
                    ? new ConditionalResult(ConditionalResult.Outcome.MATCHED, match)
                    : new ConditionalResult(ConditionalResult.Outcome.CREATED, operations.create(ctx, w, parsed, id));
        });
    }

    @Override
    public ConditionalResult conditionalUpdate(TenantContext ctx, String resourceType, String condition, String json) {
        guard(ctx, Operation.UPDATE, resourceType);
        ctx.check(Operation.SEARCH, resourceType);
        engine.capabilities().require(Capability.CONDITIONAL_UPDATE);
        ParsedResource parsed = validator.parse(resourceType, json);
        if (parsed.bodyId() != null) {
            FhirIds.require(parsed.bodyId());
        } else {
            ctx.check(Operation.CREATE, resourceType);
        }
        String newId = parsed.bodyId() != null ? parsed.bodyId() : FhirIds.newId();
        return engine.write(ctx.tenant(), w -> {
            ResolvedSearch search = conditions.resolve(ctx, w, resourceType, condition, "conditional update");
            StoredResource match = ConditionalSearch.single(w, search, "conditional update", condition);
            if (match == null) {
                StoredResource created = operations.update(ctx, w, parsed, newId, ResourceOperations.ANY_VERSION);
                return new ConditionalResult(outcomeOf(created), created);
            }
            ResourceValidator.requireMatchingId(parsed, match.id());
            StoredResource updated = operations.update(ctx, w, parsed, match.id(), ResourceOperations.ANY_VERSION);
            return new ConditionalResult(ConditionalResult.Outcome.UPDATED, updated);
        });
    }

    @Override
    public ConditionalResult conditionalPatch(TenantContext ctx, String resourceType, String condition, String patch) {
        guard(ctx, Operation.UPDATE, resourceType);
        ctx.check(Operation.SEARCH, resourceType);
        engine.capabilities().require(Capability.CONDITIONAL_PATCH);
        ResourcePatch parsedPatch =
                ResourcePatch.parse(patch, validator.json(), engine.fhirVersion(), engine.capabilities());
        return engine.write(ctx.tenant(), w -> {
            ResolvedSearch search = conditions.resolve(ctx, w, resourceType, condition, "conditional patch");
            StoredResource match = ConditionalSearch.single(w, search, "conditional patch", condition);
            if (match == null) {
                throw new ResourceNotFoundException(
                        "The conditional patch condition " + resourceType + "?" + condition + " matches no resource");
            }
            StoredResource patched =
                    operations.patch(ctx, w, resourceType, match.id(), parsedPatch, ResourceOperations.ANY_VERSION);
            return new ConditionalResult(ConditionalResult.Outcome.UPDATED, patched);
        });
    }

    @Override
    public List<StoredResource> conditionalDelete(
            TenantContext ctx, String resourceType, String condition, boolean allowMultiple) {
        guard(ctx, Operation.DELETE, resourceType);
        ctx.check(Operation.SEARCH, resourceType);
        engine.capabilities().require(Capability.CONDITIONAL_DELETE);
        return engine.write(ctx.tenant(), w -> {
            ResolvedSearch search = conditions.resolve(ctx, w, resourceType, condition, "conditional delete");
            List<StoredResource> matches =
                    allowMultiple ? ConditionalSearch.all(w, search) : ConditionalSearch.firstTwo(w, search);
            if (!allowMultiple && matches.size() > 1) {
                throw ConditionalSearch.severalMatches("conditional delete", resourceType, condition);
            }
            List<StoredResource> tombstones = new ArrayList<>(matches.size());
            for (StoredResource match : matches) {
                tombstones.add(operations.delete(ctx, w, resourceType, match.id(), ResourceOperations.ANY_VERSION));
            }
            return tombstones;
        });
    }

    private static ConditionalResult.Outcome outcomeOf(StoredResource written) {
        return written.change() == ChangeKind.CREATE
                ? ConditionalResult.Outcome.CREATED
                : ConditionalResult.Outcome.UPDATED;
    }

    @Override
    public StoredResource read(TenantContext ctx, String resourceType, String id) {
        guard(ctx, Operation.READ, resourceType);
        FhirIds.require(id);
        return engine.read(ctx.tenant(), r -> operations.read(r, resourceType, id));
    }

    @Override
    public boolean exists(TenantContext ctx, String resourceType, String id) {
        guard(ctx, Operation.READ, resourceType);
        FhirIds.require(id);
        return engine.read(
                ctx.tenant(),
                r -> r.current(resourceType, id).filter(v -> !v.deleted()).isPresent());
    }

    @Override
    public List<StoredResource> readMany(TenantContext ctx, String resourceType, Collection<String> ids) {
        guard(ctx, Operation.READ, resourceType);
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            unique.add(FhirIds.require(id));
        }
        if (unique.isEmpty()) {
            return List.of();
        }
        List<StoredResource> found = engine.read(ctx.tenant(), r -> r.currentMany(resourceType, unique));
        Map<String, StoredResource> byId = new HashMap<>();
        for (StoredResource s : found) {
            if (!s.deleted()) {
                byId.put(s.id(), s);
            }
        }
        List<StoredResource> result = new ArrayList<>(byId.size());
        for (String id : unique) {
            StoredResource s = byId.get(id);
            if (s != null) {
                result.add(s);
            }
        }
        return result;
    }

    @Override
    public long count(TenantContext ctx, String resourceType) {
        guard(ctx, Operation.READ, resourceType);
        return engine.read(ctx.tenant(), r -> r.countLive(resourceType));
    }

    @Override
    public long countAll(TenantContext ctx) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        if (!ctx.permissions().allowsOnAllTypes(Operation.READ)) {
            ctx.check(Operation.READ, null);
        }
        return engine.read(ctx.tenant(), r -> r.countLive(null));
    }

    @Override
    public StoredResource delete(TenantContext ctx, String resourceType, String id) {
        return deleteIfMatch(ctx, resourceType, id, ResourceOperations.ANY_VERSION);
    }

    @Override
    public StoredResource deleteIfMatch(TenantContext ctx, String resourceType, String id, long expectedVersion) {
        guard(ctx, Operation.DELETE, resourceType);
        FhirIds.require(id);
        return engine.write(ctx.tenant(), w -> operations.delete(ctx, w, resourceType, id, expectedVersion));
    }

    @Override
    public List<StoredResource> writeBulk(TenantContext ctx, List<ResourceWrite> writes) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        engine.capabilities().require(Capability.BULK_WRITE);
        // Validate (parse) and index every write before taking the engine's writer; large lists on several cores.
        ParsedResource[] parsed = new ParsedResource[writes.size()];
        String[] ids = new String[writes.size()];
        ResourceOperations.PreIndexed[] preIndexed = new ResourceOperations.PreIndexed[writes.size()];
        ResourceIndexer indexer = writes.isEmpty() ? null : operations.indexer(ctx, engine);
        IntStream indexes = IntStream.range(0, writes.size());
        (writes.size() >= PARALLEL_VALIDATION_THRESHOLD ? indexes.parallel() : indexes).forEach(i -> {
            ResourceWrite write = writes.get(i);
            try {
                guard(ctx, write.id() == null ? Operation.CREATE : Operation.UPDATE, write.resourceType());
                ParsedResource p = validator.parse(write.resourceType(), write.json());
                if (write.id() != null) {
                    FhirIds.require(write.id());
                    ResourceValidator.requireMatchingId(p, write.id());
                }
                parsed[i] = p;
                ids[i] = write.id() == null ? FhirIds.newId() : write.id();
                preIndexed[i] = operations.preIndex(indexer, p, ids[i]);
            } catch (FhirPersistenceException e) {
                throw e.at("writes[" + i + "]");
            }
        });
        return engine.write(ctx.tenant(), w -> {
            List<StoredResource> out = new ArrayList<>(parsed.length);
            for (int i = 0; i < parsed.length; i++) {
                out.add(
                        writes.get(i).id() == null
                                ? operations.create(ctx, w, parsed[i], ids[i], preIndexed[i])
                                : operations.update(
                                        ctx, w, parsed[i], ids[i], ResourceOperations.ANY_VERSION, preIndexed[i]));
            }
            return out;
        });
    }

    @Override
    public StoredResource vread(TenantContext ctx, String resourceType, String id, long versionId) {
        guard(ctx, Operation.READ, resourceType);
        engine.capabilities().require(Capability.VREAD);
        FhirIds.require(id);
        return engine.read(ctx.tenant(), r -> operations.vread(r, resourceType, id, versionId));
    }

    @Override
    public List<StoredResource> versions(TenantContext ctx, String resourceType, String id) {
        guard(ctx, Operation.HISTORY, resourceType);
        engine.capabilities().require(Capability.VREAD);
        FhirIds.require(id);
        List<StoredResource> versions = engine.read(ctx.tenant(), r -> r.versions(resourceType, id));
        if (versions.isEmpty()) {
            throw ResourceOperations.notFound(resourceType, id);
        }
        return versions;
    }

    @Override
    public HistoryPage history(TenantContext ctx, HistoryRequest request) {
        checkOpen();
        Objects.requireNonNull(request, "request");
        String type = request.resourceType();
        if (type == null) {
            Objects.requireNonNull(ctx, "context");
            if (!ctx.permissions().allowsOnAllTypes(Operation.HISTORY)) {
                ctx.check(Operation.HISTORY, null);
            }
        } else {
            guard(ctx, Operation.HISTORY, type);
        }
        engine.capabilities()
                .require(
                        switch (request.level()) {
                            case INSTANCE -> Capability.HISTORY_INSTANCE;
                            case TYPE -> Capability.HISTORY_TYPE;
                            case SYSTEM -> Capability.HISTORY_SYSTEM;
                        });
        if (request.id() != null) {
            FhirIds.require(request.id());
        }
        Instant currentAfter = null;
        Instant currentBefore = null;
        if (request.atStart() != null) {
            engine.capabilities().require(Capability.HISTORY_AT);
            currentAfter = request.atStart();
            currentBefore = request.atStart().equals(request.atEnd())
                    ? ResourceStamper.truncate(request.atStart()).plusMillis(1)
                    : request.atEnd();
        }
        HistoryQuery.HistoryCursorPosition after =
                request.cursorValue().map(HistoryCursor::decode).orElse(null);
        HistoryQuery query = new HistoryQuery(
                type, request.id(), request.since(), currentAfter, currentBefore, after, request.count() + 1);
        List<HistoryRow> rows = engine.read(ctx.tenant(), r -> {
            if (request.id() != null && r.current(type, request.id()).isEmpty()) {
                throw ResourceOperations.notFound(type, request.id());
            }
            return r.history(query);
        });
        boolean more = rows.size() > request.count();
        List<HistoryRow> page = more ? rows.subList(0, request.count()) : rows;
        List<StoredResource> entries = new ArrayList<>(page.size());
        page.forEach(row -> entries.add(row.resource()));
        String next = more ? HistoryCursor.encode(page.get(page.size() - 1).cursor()) : null;
        return new HistoryPage(entries, next);
    }

    @Override
    public SearchResult search(TenantContext ctx, SearchQuery query, String cursor) {
        return search(ctx, query, cursor, null);
    }

    /** Runs a search through {@code reader} (a transaction's view), or through the engine when it is null. */
    private SearchResult search(TenantContext ctx, SearchQuery query, String cursor, EngineReader reader) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        Objects.requireNonNull(query, "query");
        engine.capabilities().require(Capability.SEARCH);
        if (query.resourceType() != null) {
            guard(ctx, Operation.SEARCH, query.resourceType());
        } else if (!ctx.permissions().allowsOnAllTypes(Operation.SEARCH)) {
            ctx.check(Operation.SEARCH, null);
        }
        ResolvedSearch resolved = (reader == null
                        ? searchParameters.forTenant(ctx.tenant(), engine)
                        : searchParameters.forTenant(ctx.tenant(), reader))
                .resolver()
                .resolve(query);
        if (resolved.criteria().stream().anyMatch(Criterion.Filter.class::isInstance)) {
            engine.capabilities().require(Capability.SEARCH_FILTER);
        }
        for (String type : resolved.types()) {
            ctx.check(Operation.SEARCH, type);
        }
        resolved = terminology.rewrite(ctx.tenant(), resolved);
        return searchExecution.run(ctx, resolved, cursor, reader);
    }

    @Override
    public ReindexResult reindex(TenantContext ctx, ReindexRequest request, ReindexProgress progress) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        Objects.requireNonNull(request, "request");
        engine.capabilities().require(Capability.CUSTOM_SEARCH_PARAMETERS);
        if (request.resourceType() != null) {
            guard(ctx, Operation.REINDEX, request.resourceType());
        } else if (!ctx.permissions().allowsOnAllTypes(Operation.REINDEX)) {
            ctx.check(Operation.REINDEX, null);
        }
        return reindexer.run(ctx.tenant(), request, progress == null ? ReindexProgress.NONE : progress);
    }

    @Override
    public void refreshSearchParameters(TenantContext ctx) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        engine.capabilities().require(Capability.CUSTOM_SEARCH_PARAMETERS);
        searchParameters.invalidate(ctx.tenant());
    }

    @Override
    public StorageTransaction begin(TenantContext ctx, TransactionOptions options) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        Objects.requireNonNull(options, "options");
        engine.capabilities().require(Capability.TRANSACTIONS);
        return new EngineStorageTransaction(
                ctx, engine.begin(ctx.tenant(), options), operations, engine.capabilities());
    }

    @Override
    public String processBundle(TenantContext ctx, String bundleJson, BundleProgress progress) {
        checkOpen();
        Objects.requireNonNull(ctx, "context");
        return bundles.process(ctx, bundleJson, progress);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.close();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This store is closed");
        }
    }
}
