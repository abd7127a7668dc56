package dev.polystore.core.terminology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.SearchQueryResolver;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link TerminologyService}: answers from the tenant's own CodeSystem and ValueSet resources, read
 * through the engine's search inside the asking tenant only. A canonical {@code url|version} picks the resource with
 * that {@code version}; a bare {@code url} the most recently updated resource with that url (at the same instant, the
 * higher {@code version}). Expansion rules are
 * {@link ValueSetExpander}'s; subsumption follows {@link CodeSystemHierarchy}. A concept whose CodeSystem is not
 * stored is {@link Subsumption#unknown unknown}; a code the stored CodeSystem does not define subsumes and is
 * subsumed by itself only. Each search looks the resources up again, so it sees the terminology as it is then; the
 * parsed form of the last {@value #CACHED_VERSIONS} resource versions read is kept (a version never changes).
 */
public final class TenantTerminology implements TerminologyService {
    private static final int PAGE = 1000;
    /** How many parsed CodeSystem and ValueSet versions are kept (least recently used first out). */
    private static final int CACHED_VERSIONS = 32;

    private final StorageEngine engine;
    private final SearchQueryResolver resolver;
    private final Map<String, Parsed> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };

    /**
     * @param engine the engine to read from (it must execute searches)
     * @param resolver the resolver of the engine's FHIR version
     */
    public TenantTerminology(StorageEngine engine, SearchQueryResolver resolver) {
        this.engine = engine;
        this.resolver = resolver;
    }

    @Override
    public ValueSetExpansion expand(TenantId tenant, String valueSetCanonical) {
        return new ValueSetExpander(source(tenant))
                .expand(valueSetCanonical)
                .map(codes -> ValueSetExpansion.of(valueSetCanonical, codes))
                .orElseGet(() -> ValueSetExpansion.unknown(valueSetCanonical));
    }

    @Override
    public Subsumption subsumption(TenantId tenant, Coding concept) {
        return subsumption(new ValueSetExpander(source(tenant)), concept);
    }

    static Subsumption subsumption(ValueSetExpander expander, Coding concept) {
        Optional<CodeSystemHierarchy> cs = expander.codeSystem(concept.system(), null);
        if (cs.isEmpty()) {
            return Subsumption.unknown(concept);
        }
        return Subsumption.of(
                concept,
                codings(concept.system(), cs.get().descendants(concept.code())),
                codings(concept.system(), cs.get().ancestors(concept.code())));
    }

    private static Set<Coding> codings(String system, Set<String> codes) {
        ValueSetExpander.limit(codes.size());
        Set<Coding> result = new LinkedHashSet<>();
        codes.forEach(c -> result.add(Coding.of(system, c)));
        return result;
    }

    private TerminologySource source(TenantId tenant) {
        return new TerminologySource() {
            @Override
            public Optional<CodeSystemHierarchy> codeSystem(String url, String version) {
                return find(tenant, "CodeSystem", url, version).map(Parsed::hierarchy);
            }

            @Override
            public Optional<JsonNode> valueSet(String url, String version) {
                return find(tenant, "ValueSet", url, version).map(Parsed::json);
            }
        };
    }

    /** The most recently updated current resource of the type with the url (and version). */
    private Optional<Parsed> find(TenantId tenant, String type, String url, String version) {
        SearchQuery query = SearchQuery.of(type).param("url", url).count(PAGE);
        StoredResource best = null;
        Parsed bestParsed = null;
        String cursor = null;
        do {
            EngineSearchPage page = engine.search(tenant, resolver.resolve(query), cursor);
            for (StoredResource r : page.matches()) {
                Parsed parsed = parsed(r);
                if (version != null
                        && !version.equals(parsed.json().path("version").asText(null))) {
                    continue;
                }
                if (best == null || newer(r, parsed.json(), best, bestParsed.json())) {
                    best = r;
                    bestParsed = parsed;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.ofNullable(bestParsed);
    }

    /** A stored version parsed once: keyed by tenant, type, id and version, so a cached entry never goes stale. */
    private Parsed parsed(StoredResource r) {
        String key = r.tenant().value() + "/" + r.versionedReference();
        synchronized (cache) {
            Parsed cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Parsed parsed = new Parsed(parse(r));
        synchronized (cache) {
            cache.put(key, parsed);
        }
        return parsed;
    }

    /** A parsed resource and, for a CodeSystem, its hierarchy, built on first use. */
    private static final class Parsed {
        private final JsonNode json;
        private CodeSystemHierarchy hierarchy;

        Parsed(JsonNode json) {
            this.json = json;
        }

        JsonNode json() {
            return json;
        }

        synchronized CodeSystemHierarchy hierarchy() {
            if (hierarchy == null) {
                hierarchy = CodeSystemHierarchy.of(json);
            }
            return hierarchy;
        }
    }

    /** Later lastUpdated wins; at the same instant, the higher {@code version} (numeric parts as numbers), then id. */
    private static boolean newer(StoredResource a, JsonNode aJson, StoredResource b, JsonNode bJson) {
        int byTime = a.lastUpdated().compareTo(b.lastUpdated());
        if (byTime != 0) {
            return byTime > 0;
        }
        int byVersion = compareVersions(
                aJson.path("version").asText(""), bJson.path("version").asText(""));
        return byVersion != 0 ? byVersion > 0 : a.id().compareTo(b.id()) > 0;
    }

    /** Compares versions part by part ({@code .}, {@code -}), numeric parts as numbers: 1.10 after 1.9. */
    static int compareVersions(String a, String b) {
        String[] as = a.split("[.-]");
        String[] bs = b.split("[.-]");
        for (int i = 0; i < Math.min(as.length, bs.length); i++) {
            int c = as[i].matches("\\d{1,18}") && bs[i].matches("\\d{1,18}")
                    ? Long.compare(Long.parseLong(as[i]), Long.parseLong(bs[i]))
                    : as[i].compareTo(bs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(as.length, bs.length);
    }

    private static JsonNode parse(StoredResource stored) {
        try {
            return FhirJson.TRUSTED.readTree(stored.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + stored.reference() + " is not JSON", e);
        }
    }
}
