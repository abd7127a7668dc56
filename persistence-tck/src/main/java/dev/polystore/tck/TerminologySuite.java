package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Terminology modifiers ({@code :in}, {@code :not-in}, {@code :above}, {@code :below}): expansions larger than an
 * engine's limit of bound parameters or of expression depth, odd codes, the current version of the tenant's
 * CodeSystems and ValueSets, tenant isolation, and an external {@link TerminologyService} asked before the tenant's
 * own resources.
 *
 * <p>A backend runs it by extending this class and returning a store from {@link #createStore(TerminologyService)};
 * every test works in fresh tenants, so the stores may share data with each other and with earlier runs.
 *
 * @since 0.1
 */
@Tag("search-terminology")
public abstract class TerminologySuite {
    private final TenantContext ctx = TenantContext.of(TckTenants.fresh("term"));
    private final TenantContext other = TenantContext.of(TckTenants.fresh("term-other"));
    private static final String SYSTEM = "http://example.org/cs/big";

    /**
     * Creates a store: FHIR R4, with the search index, asking {@code terminology} first when it is not null (the
     * backend's {@code terminology(service)}). The test closes it.
     */
    protected abstract FhirStore createStore(TerminologyService terminology);

    private static String observation(String id, String system, String code) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"" + system + "\",\"code\":\"" + json(code) + "\"}]}}";
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t");
    }

    private static String codeSystem(String url, List<String> codes) {
        StringBuilder concepts = new StringBuilder();
        for (String c : codes) {
            concepts.append(concepts.isEmpty() ? "" : ",")
                    .append("{\"code\":\"")
                    .append(json(c))
                    .append("\"}");
        }
        return "{\"resourceType\":\"CodeSystem\",\"url\":\"" + url
                + "\",\"status\":\"active\",\"content\":\"complete\"," + "\"concept\":[" + concepts + "]}";
    }

    private static String wholeSystemValueSet(String url, String system) {
        return "{\"resourceType\":\"ValueSet\",\"url\":\"" + url + "\",\"status\":\"active\",\"compose\":{\"include\":"
                + "[{\"system\":\"" + system + "\"}]}}";
    }

    private static Set<String> all(FhirStore store, TenantContext ctx, String query) {
        Set<String> out = new HashSet<>();
        String cursor = null;
        do {
            SearchResult page = store.search(ctx, SearchQuery.parse(query), cursor);
            for (StoredResource r : page.matches()) {
                assertThat(out.add(r.resourceType() + "/" + r.id())).isTrue();
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Test
    public void expansionOfTwentyThousandCodesIsBoundAsOneParameterPerSystem() {
        // 20,000 codes as one bound parameter each (twice: system and code) would pass SQLite's limit of 32,766
        // and come close to PostgreSQL's of 65,535
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            codes.add(String.format("c%05d", i));
        }
        try (FhirStore store = createStore(null)) {
            store.create(ctx, "CodeSystem", codeSystem(SYSTEM, codes));
            store.create(ctx, "ValueSet", wholeSystemValueSet("http://example.org/vs/big", SYSTEM));
            Set<String> inside = new HashSet<>();
            Set<String> outside = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                String id = "o" + i;
                if (i < 30) {
                    store.update(ctx, "Observation", id, observation(id, SYSTEM, codes.get(i * 613)));
                    inside.add("Observation/" + id);
                } else {
                    // a code outside the system's list, and a listed code in another system
                    String system = i % 2 == 0 ? SYSTEM : "http://example.org/cs/other";
                    store.update(ctx, "Observation", id, observation(id, system, i % 2 == 0 ? "zz" : "c00001"));
                    outside.add("Observation/" + id);
                }
            }
            long start = System.nanoTime();
            assertThat(all(store, ctx, "Observation?code:in=http://example.org/vs/big"))
                    .isEqualTo(inside);
            assertThat(all(store, ctx, "Observation?code:not-in=http://example.org/vs/big"))
                    .isEqualTo(outside);
            System.out.printf(
                    "two searches over a 20,000-code expansion: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    public void expansionOverTwoThousandSystemsIsBoundAsOneArrayOfPairs() {
        // one code in each of 2,000 systems: an OR of 2,000 terms would pass SQLite's expression depth of 1,000
        StringBuilder include = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            include.append(i == 0 ? "" : ",")
                    .append("{\"system\":\"http://example.org/cs/s")
                    .append(i)
                    .append("\",\"concept\":[{\"code\":\"k\\\"")
                    .append(i)
                    .append("\"}]}");
        }
        try (FhirStore store = createStore(null)) {
            store.create(
                    ctx,
                    "ValueSet",
                    "{\"resourceType\":\"ValueSet\",\"url\":\"http://example.org/vs/many\",\"status\":\"active\","
                            + "\"compose\":{\"include\":[" + include + "]}}");
            store.update(ctx, "Observation", "in1", observation("in1", "http://example.org/cs/s7", "k\"7"));
            store.update(ctx, "Observation", "in2", observation("in2", "http://example.org/cs/s1999", "k\"1999"));
            store.update(ctx, "Observation", "cross", observation("cross", "http://example.org/cs/s7", "k\"8"));
            store.update(ctx, "Observation", "nosys", observation("nosys", "http://example.org/cs/none", "k\"7"));
            assertThat(all(store, ctx, "Observation?code:in=http://example.org/vs/many"))
                    .containsExactlyInAnyOrder("Observation/in1", "Observation/in2");
            assertThat(all(store, ctx, "Observation?code:not-in=http://example.org/vs/many"))
                    .containsExactlyInAnyOrder("Observation/cross", "Observation/nosys");
        }
    }

    @Test
    public void codesWithQuotesBackslashesAndNonAsciiMatchExactly() {
        List<String> codes = List.of(
                "a\"b", "back\\slash", "ünïcødé", "emoji-\uD83D\uDE00", "tab\tin", "plain", "x", "y", "with space");
        try (FhirStore store = createStore(null)) {
            store.create(ctx, "CodeSystem", codeSystem(SYSTEM, codes));
            store.create(ctx, "ValueSet", wholeSystemValueSet("http://example.org/vs/odd", SYSTEM));
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < codes.size(); i++) {
                String id = "o" + i;
                store.update(ctx, "Observation", id, observation(id, SYSTEM, codes.get(i)));
                expected.add("Observation/" + id);
            }
            store.update(ctx, "Observation", "near", observation("near", SYSTEM, "a\"b "));
            store.update(ctx, "Observation", "case", observation("case", SYSTEM, "PLAIN"));
            assertThat(all(store, ctx, "Observation?code:in=http://example.org/vs/odd"))
                    .isEqualTo(expected);
            assertThat(all(store, ctx, "Observation?code:not-in=http://example.org/vs/odd"))
                    .containsExactlyInAnyOrder("Observation/near", "Observation/case");
        }
    }

    @Test
    public void eachSearchSeesTheCurrentVersionOfTheTerminology() {
        String nested = "{\"resourceType\":\"CodeSystem\",\"id\":\"cs\",\"url\":\"" + SYSTEM + "\",\"status\":"
                + "\"active\",\"content\":\"complete\",\"concept\":[{\"code\":\"a\",\"concept\":[{\"code\":\"b\"}]}]}";
        try (FhirStore store = createStore(null)) {
            store.update(ctx, "CodeSystem", "cs", nested);
            store.update(ctx, "Observation", "o1", observation("o1", SYSTEM, "b"));
            assertThat(all(store, ctx, "Observation?code:below=" + SYSTEM + "|a"))
                    .containsExactly("Observation/o1");
            store.update(
                    ctx,
                    "CodeSystem",
                    "cs",
                    codeSystem(SYSTEM, List.of("a", "b")).replaceFirst("\\{", "{\"id\":\"cs\","));
            assertThat(all(store, ctx, "Observation?code:below=" + SYSTEM + "|a"))
                    .isEmpty();
            store.delete(ctx, "CodeSystem", "cs");
            store.update(
                    ctx,
                    "ValueSet",
                    "vs",
                    wholeSystemValueSet("http://example.org/vs/w", SYSTEM).replaceFirst("\\{", "{\"id\":\"vs\","));
            // the CodeSystem is deleted: the whole-system include is every code of the system
            store.update(ctx, "Observation", "o2", observation("o2", SYSTEM, "zz"));
            assertThat(all(store, ctx, "Observation?code:in=http://example.org/vs/w"))
                    .containsExactlyInAnyOrder("Observation/o1", "Observation/o2");
        }
    }

    @Test
    public void terminologyIsReadFromTheSearchingTenantOnly() {
        try (FhirStore store = createStore(null)) {
            store.create(other, "CodeSystem", codeSystem(SYSTEM, List.of("a", "b")));
            store.create(other, "ValueSet", wholeSystemValueSet("http://example.org/vs/t2", SYSTEM));
            store.update(ctx, "Observation", "o1", observation("o1", SYSTEM, "a"));
            store.update(other, "Observation", "o1", observation("o1", SYSTEM, "a"));
            assertThat(all(store, other, "Observation?code:in=http://example.org/vs/t2"))
                    .containsExactly("Observation/o1");
            assertThatThrownBy(() -> all(store, ctx, "Observation?code:in=http://example.org/vs/t2"))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("http://example.org/vs/t2");
        }
    }

    /** Stands for a remote terminology server: knows one ValueSet and a slice of SNOMED CT, nothing else. */
    private static final class RemoteTerminology implements TerminologyService {
        private static final String SNOMED = "http://snomed.info/sct";
        final List<String> asked = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public ValueSetExpansion expand(TenantId tenant, String valueSetCanonical) {
            check(valueSetCanonical);
            if (valueSetCanonical.equals("http://remote.example/vs/heights")) {
                return ValueSetExpansion.of(valueSetCanonical, Set.of(Coding.of("http://loinc.org", "8302-2")));
            }
            return ValueSetExpansion.unknown(valueSetCanonical);
        }

        @Override
        public Subsumption subsumption(TenantId tenant, Coding concept) {
            check(concept.toString());
            if (concept.system().equals(SNOMED) && concept.code().equals("233604007")) { // pneumonia
                return Subsumption.of(
                        concept, Set.of(Coding.of(SNOMED, "75570004")), Set.of(Coding.of(SNOMED, "64572001")));
            }
            return Subsumption.unknown(concept);
        }

        private void check(String what) {
            asked.add(what);
            if (down.get()) {
                throw new BackendUnavailableException("terminology server unreachable");
            }
        }
    }

    @Test
    public void externalServiceIsAskedFirstAndTheTenantAnswersWhatItDoesNotKnow() {
        RemoteTerminology remote = new RemoteTerminology();
        try (FhirStore store = createStore(remote)) {
            store.update(ctx, "Observation", "height", observation("height", "http://loinc.org", "8302-2"));
            store.update(ctx, "Observation", "weight", observation("weight", "http://loinc.org", "29463-7"));
            store.update(ctx, "Observation", "viral", observation("viral", "http://snomed.info/sct", "75570004"));
            store.update(ctx, "Observation", "disease", observation("disease", "http://snomed.info/sct", "64572001"));
            store.update(ctx, "Observation", "local", observation("local", SYSTEM, "a"));
            store.create(ctx, "CodeSystem", codeSystem(SYSTEM, List.of("a", "b")));
            store.create(ctx, "ValueSet", wholeSystemValueSet("http://example.org/vs/local", SYSTEM));

            assertThat(all(store, ctx, "Observation?code:in=http://remote.example/vs/heights"))
                    .containsExactly("Observation/height");
            assertThat(all(store, ctx, "Observation?code:below=http://snomed.info/sct|233604007"))
                    .containsExactly("Observation/viral");
            assertThat(all(store, ctx, "Observation?code:above=http://snomed.info/sct|233604007"))
                    .containsExactly("Observation/disease");
            // unknown to the remote service: answered from the tenant's own ValueSet
            assertThat(all(store, ctx, "Observation?code:in=http://example.org/vs/local"))
                    .containsExactly("Observation/local");
            assertThat(remote.asked).contains("http://example.org/vs/local");
            assertThatThrownBy(() -> all(store, ctx, "Observation?code:in=http://nowhere.example/vs"))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("http://nowhere.example/vs");

            remote.down.set(true);
            assertThatThrownBy(() -> all(store, ctx, "Observation?code:in=http://example.org/vs/local"))
                    .isInstanceOf(BackendUnavailableException.class);
        }
    }
}
