package dev.polystore.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.ResourceKey;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.index.SearchParameterSource;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.CustomSearchParameters;
import dev.polystore.core.search.OverlaySearchParameterRegistry;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import dev.polystore.definitions.SearchParameterDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search parameters in force per tenant: the official ones of the release, the store-wide custom ones given when
 * the store was built, and (when the engine declares {@code CUSTOM_SEARCH_PARAMETERS}) the tenant's active
 * SearchParameter resources laid over them. The query resolver and the index extraction of a tenant both come from
 * here, so a resource written after a parameter exists is indexed by it. Tenants without SearchParameter resources
 * share one registry and one indexer.
 *
 * <p>A tenant's set is read from the engine on first use and cached until a SearchParameter of that tenant is written
 * or deleted through this store ({@link #changeStarted}, {@link #changeEnded}: while such a transaction is open the
 * set is read afresh on every use and not cached, so that nothing uncommitted or stale is kept) or {@link #invalidate}
 * is called. Writes by another store instance on the same database are not noticed until then. Thread-safe.
 */
public final class TenantSearchParameters {
    static final String SEARCH_PARAMETER = "SearchParameter";
    private static final int LOAD_BATCH = 500;

    /** What search and indexing of one tenant use. */
    public record Parameters(SearchParameterRegistry registry, SearchQueryResolver resolver, ResourceIndexer indexer) {}

    /** A tenant's SearchParameter resource, as a definition. */
    private record TenantParameter(String id, SearchParameterDefinition definition) {}

    /** Per tenant: SearchParameter write transactions under way, and a counter bumped by every change. */
    private static final class ChangeState {
        int pending;
        long generation;
    }

    private final FhirVersion version;
    private final Parameters shared;
    private final boolean perTenant;
    private final ConcurrentHashMap<TenantId, Parameters> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, ChangeState> changes = new ConcurrentHashMap<>();

    /**
     * @param storeWide SearchParameter resources (JSON) in force in every tenant
     * @param perTenant whether tenants' stored SearchParameter resources count
     * @throws ConfigurationException if a store-wide parameter is invalid
     */
    public TenantSearchParameters(FhirVersion version, List<String> storeWide, boolean perTenant) {
        this.version = version;
        this.perTenant = perTenant;
        SearchParameterRegistry official = SearchParameterRegistry.of(version);
        if (storeWide.isEmpty()) {
            this.shared =
                    new Parameters(official, new SearchQueryResolver(official), ResourceIndexer.forVersion(version));
        } else {
            List<SearchParameterDefinition> defs = new ArrayList<>();
            for (int i = 0; i < storeWide.size(); i++) {
                try {
                    JsonNode node = FhirJson.TRUSTED.readTree(storeWide.get(i));
                    if (node == null
                            || !SEARCH_PARAMETER.equals(
                                    node.path("resourceType").asText())) {
                        throw new InvalidResourceException("not a SearchParameter resource");
                    }
                    defs.add(CustomSearchParameters.parse(node, new OverlaySearchParameterRegistry(official, defs)));
                } catch (IOException | FhirPersistenceException e) {
                    throw new ConfigurationException(
                            "Store-wide search parameter " + (i + 1) + " is invalid: " + e.getMessage(), e);
                }
            }
            this.shared = parameters(new OverlaySearchParameterRegistry(official, defs));
        }
    }

    /** The parameters shared by every tenant: official plus store-wide ones. */
    public Parameters shared() {
        return shared;
    }

    /** Whether tenants' SearchParameter resources count (the engine declares {@code CUSTOM_SEARCH_PARAMETERS}). */
    public boolean perTenant() {
        return perTenant;
    }

    /** The tenant's parameters, read with {@code reader} (the caller's transaction) if not cached. */
    public Parameters forTenant(TenantId tenant, EngineReader reader) {
        if (!perTenant) {
            return shared;
        }
        Parameters cached = cache.get(tenant);
        if (cached != null) {
            return cached;
        }
        ChangeState state = changes.computeIfAbsent(tenant, t -> new ChangeState());
        long generation;
        synchronized (state) {
            generation = state.generation;
        }
        List<TenantParameter> own = load(reader, null);
        Parameters loaded = own.isEmpty()
                ? shared
                : parameters(new OverlaySearchParameterRegistry(
                        shared.registry(),
                        own.stream().map(TenantParameter::definition).toList()));
        synchronized (state) {
            if (state.pending == 0 && state.generation == generation) {
                cache.put(tenant, loaded);
            }
        }
        return loaded;
    }

    /** The tenant's parameters, read in a read transaction of {@code engine} if not cached. */
    public Parameters forTenant(TenantId tenant, StorageEngine engine) {
        if (!perTenant) {
            return shared;
        }
        Parameters cached = cache.get(tenant);
        return cached != null ? cached : engine.read(tenant, r -> forTenant(tenant, r));
    }

    /**
     * Checks a SearchParameter resource about to be stored as {@code id} in the tenant, against the parameters in
     * force there without it. Only active ones are checked: draft, retired and unknown ones are stored as they are and
     * not used.
     *
     * @throws InvalidResourceException naming the problem
     */
    public void checkWrite(EngineReader reader, String id, JsonNode resource) {
        if (!perTenant || !CustomSearchParameters.isActive(resource)) {
            return;
        }
        List<TenantParameter> others = load(reader, id);
        SearchParameterRegistry existing = new OverlaySearchParameterRegistry(
                shared.registry(),
                others.stream().map(TenantParameter::definition).toList());
        SearchParameterDefinition def = CustomSearchParameters.parse(resource, existing);
        Set<String> types = CustomSearchParameters.appliesTo(def.base(), existing);
        for (TenantParameter other : others) {
            if (other.definition().code().equals(def.code())
                    && !Collections.disjoint(
                            types,
                            CustomSearchParameters.appliesTo(other.definition().base(), existing))) {
                throw InvalidResourceException.unprocessable("Invalid SearchParameter '" + def.code()
                        + "': the code is already defined for an overlapping base by SearchParameter/" + other.id());
            }
        }
    }

    /** A transaction is about to write or delete a SearchParameter of the tenant. */
    public void changeStarted(TenantId tenant) {
        ChangeState state = changes.computeIfAbsent(tenant, t -> new ChangeState());
        synchronized (state) {
            state.pending++;
            state.generation++;
            cache.remove(tenant);
        }
    }

    /** That transaction has committed or rolled back. */
    public void changeEnded(TenantId tenant) {
        ChangeState state = changes.computeIfAbsent(tenant, t -> new ChangeState());
        synchronized (state) {
            state.pending--;
            state.generation++;
            cache.remove(tenant);
        }
    }

    /** Forgets the tenant's cached set: the next use reads it again. */
    public void invalidate(TenantId tenant) {
        ChangeState state = changes.computeIfAbsent(tenant, t -> new ChangeState());
        synchronized (state) {
            state.generation++;
            cache.remove(tenant);
        }
    }

    /**
     * The tenant's active SearchParameter resources that still parse, but {@code skipId}. One that no longer does
     * (stored while the store kept no search index, or before a library upgrade) is left out: it is not in force.
     */
    private List<TenantParameter> load(EngineReader reader, String skipId) {
        List<TenantParameter> out = new ArrayList<>();
        List<SearchParameterDefinition> defs = new ArrayList<>();
        ResourceKey after = null;
        while (true) {
            List<StoredResource> batch = reader.currentBatch(SEARCH_PARAMETER, after, LOAD_BATCH);
            for (StoredResource sp : batch) {
                if (sp.id().equals(skipId)) {
                    continue;
                }
                Optional<SearchParameterDefinition> def = definition(sp, defs);
                if (def.isPresent()) {
                    defs.add(def.get());
                    out.add(new TenantParameter(sp.id(), def.get()));
                }
            }
            if (batch.size() < LOAD_BATCH) {
                return out;
            }
            StoredResource last = batch.get(batch.size() - 1);
            after = new ResourceKey(last.resourceType(), last.id());
        }
    }

    private Optional<SearchParameterDefinition> definition(StoredResource sp, List<SearchParameterDefinition> before) {
        try {
            JsonNode node = FhirJson.TRUSTED.readTree(sp.json());
            if (!CustomSearchParameters.isActive(node)) {
                return Optional.empty();
            }
            return Optional.of(
                    CustomSearchParameters.parse(node, new OverlaySearchParameterRegistry(shared.registry(), before)));
        } catch (IOException | FhirPersistenceException e) {
            return Optional.empty();
        }
    }

    private Parameters parameters(SearchParameterRegistry registry) {
        SearchParameterSource source = new SearchParameterSource() {
            @Override
            public List<SearchParameterDefinition> searchParametersFor(String resourceType) {
                return registry.parametersFor(resourceType);
            }

            @Override
            public Optional<SearchParameterDefinition> byUrl(String url) {
                return registry.findByUrl(url);
            }
        };
        return new Parameters(registry, new SearchQueryResolver(registry), new ResourceIndexer(version, source));
    }
}
