package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Focused search scenarios the case files cannot express: paging that stays complete while another writer inserts,
 * missing values sorted last both ways, chains and {@code _has} over more intermediate matches than an engine's probe
 * limits, includes and revincludes, totals, tenants in the same tables, SQL and {@code LIKE} metacharacters in values,
 * compartments and ids, refused criteria.
 *
 * <p>A backend runs it by extending this class and returning a store with the search index from {@link
 * #createStore()}; every test works in fresh tenants, so the stores may share data with each other and with earlier
 * runs.
 *
 * @since 0.1
 */
@Tag("search-focused")
public abstract class FocusedSearchSuite {
    private final TenantContext ctx = TenantContext.of(TckTenants.fresh("focus"));
    private final TenantContext other = TenantContext.of(TckTenants.fresh("focus-other"));

    /** Creates a store: FHIR R4, with the search index. The test closes it. */
    protected abstract FhirStore createStore();

    /**
     * The stores {@link #tenantsNeverCross()} runs on, one per tenancy layout worth checking: by default the one of
     * {@link #createStore()}; a backend with several layouts may return one of each.
     */
    protected List<Supplier<FhirStore>> tenancyLayouts() {
        return List.of(this::createStore);
    }

    private static String patient(String id, String family, String birthDate, String org) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + family + "\"}]"
                + (birthDate == null ? "" : ",\"birthDate\":\"" + birthDate + "\"")
                + (org == null ? "" : ",\"managingOrganization\":{\"reference\":\"Organization/" + org + "\"}")
                + "}";
    }

    private static String observation(String id, String patientId, String code) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"" + code + "\"}]},\"subject\":{\"reference\":"
                + "\"Patient/" + patientId + "\"},\"valueQuantity\":{\"value\":72,\"unit\":\"kg\",\"system\":"
                + "\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";
    }

    private static List<String> ids(List<StoredResource> resources) {
        List<String> out = new ArrayList<>();
        resources.forEach(r -> out.add(r.resourceType() + "/" + r.id()));
        return out;
    }

    /** Every match of the query, following cursors. */
    private static List<String> all(FhirStore store, TenantContext ctx, SearchQuery query) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            SearchResult page = store.search(ctx, query, cursor);
            out.addAll(ids(page.matches()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    // ---------------------------------------------------------------- paging

    @Test
    public void pagingIsStableWhileOthersInsert() {
        try (FhirStore store = createStore()) {
            Set<String> existing = new HashSet<>();
            for (int i = 0; i < 120; i++) {
                String id = "p" + i;
                store.update(ctx, "Patient", id, patient(id, "Fam" + (i % 37), null, null));
                existing.add("Patient/" + id);
            }
            for (SearchQuery query : List.of(
                    SearchQuery.of("Patient").count(25),
                    SearchQuery.of("Patient").sort("family").count(25),
                    SearchQuery.of("Patient").sort("-family", "_id").count(7))) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                int inserted = 0;
                do {
                    SearchResult page = store.search(ctx, query, cursor);
                    seen.addAll(ids(page.matches()));
                    cursor = page.nextCursor();
                    // another writer inserts resources sorting before, between and after the pages
                    for (int k = 0; k < 3; k++) {
                        String id = "new" + query.hashCode() + "-" + inserted++;
                        store.update(ctx, "Patient", id, patient(id, "Fam" + (inserted % 40), null, null));
                    }
                } while (cursor != null);
                assertThat(seen).doesNotHaveDuplicates();
                assertThat(seen).containsAll(existing);
            }
        }
    }

    // ------------------------------------------------------------------ sort

    @Test
    public void sortPutsMissingValuesLastInBothDirections() {
        try (FhirStore store = createStore()) {
            store.update(ctx, "Patient", "b", patient("b", "Smith", "1980-01-01", null));
            store.update(ctx, "Patient", "a", patient("a", "Jones", null, null));
            store.update(ctx, "Patient", "d", patient("d", "Adams", "1990-05-05", null));
            store.update(ctx, "Patient", "c", patient("c", "Smith", "1970-01-01", null));
            store.update(ctx, "Patient", "e", patient("e", "Brown", null, null));
            assertThat(all(
                            store,
                            ctx,
                            SearchQuery.of("Patient").sort("birthdate").count(2)))
                    .containsExactly("Patient/c", "Patient/b", "Patient/d", "Patient/a", "Patient/e");
            assertThat(all(
                            store,
                            ctx,
                            SearchQuery.of("Patient").sort("-birthdate").count(2)))
                    .containsExactly("Patient/d", "Patient/b", "Patient/c", "Patient/a", "Patient/e");
            assertThat(all(
                            store,
                            ctx,
                            SearchQuery.of("Patient")
                                    .sort("family", "-birthdate")
                                    .count(1)))
                    .containsExactly("Patient/d", "Patient/e", "Patient/a", "Patient/b", "Patient/c");
            assertThat(all(store, ctx, SearchQuery.of("Patient").sort("-family", "birthdate")))
                    .containsExactly("Patient/c", "Patient/b", "Patient/a", "Patient/e", "Patient/d");
        }
    }

    // ------------------------------------------------------- chains and _has

    @Test
    public void chainsAndHasAreCompleteOverManyIntermediateMatches() {
        try (FhirStore store = createStore()) {
            store.update(
                    ctx,
                    "Organization",
                    "org1",
                    "{\"resourceType\":\"Organization\",\"id\":\"org1\"," + "\"name\":\"Acme Care\"}");
            int n = 1_100;
            for (int i = 0; i < n; i++) {
                store.update(ctx, "Patient", "p" + i, patient("p" + i, "Chainfamily", null, "org1"));
                store.update(ctx, "Observation", "o" + i, observation("o" + i, "p" + i, i % 2 == 0 ? "even" : "odd"));
            }
            store.update(ctx, "Patient", "lonely", patient("lonely", "Chainfamily", null, null));
            SearchResult chain = store.search(
                    ctx,
                    SearchQuery.of("Observation")
                            .param("subject:Patient.name", "chainfam")
                            .total("accurate"),
                    null);
            assertThat(chain.total()).isEqualTo((long) n);
            assertThat(all(
                            store,
                            ctx,
                            SearchQuery.of("Observation")
                                    .param("subject:Patient.organization.name", "acme")
                                    .count(1000)))
                    .hasSize(n)
                    .doesNotHaveDuplicates();
            assertThat(all(
                            store,
                            ctx,
                            SearchQuery.of("Observation").param("subject:Patient.organization.name", "other")))
                    .isEmpty();
            SearchResult has = store.search(
                    ctx,
                    SearchQuery.of("Patient")
                            .param("_has:Observation:subject:code", "even")
                            .total("accurate"),
                    null);
            assertThat(has.total()).isEqualTo((long) n / 2);
            SearchResult nested = store.search(
                    ctx,
                    SearchQuery.of("Organization")
                            .param("_has:Patient:organization:_has:Observation:subject:code", "odd")
                            .total("accurate"),
                    null);
            assertThat(ids(nested.matches())).containsExactly("Organization/org1");
            assertThat(store.search(
                                    ctx,
                                    SearchQuery.of("Patient")
                                            .param("_has:Observation:subject:code", "none")
                                            .total("accurate"),
                                    null)
                            .total())
                    .isZero();
            // a deleted target no longer satisfies the chain
            store.delete(ctx, "Patient", "p0");
            assertThat(store.search(
                                    ctx,
                                    SearchQuery.of("Observation")
                                            .param("subject:Patient.name", "chainfam")
                                            .total("accurate"),
                                    null)
                            .total())
                    .isEqualTo((long) n - 1);
        }
    }

    // -------------------------------------------------------------- includes

    @Test
    public void includesAndRevincludes() {
        try (FhirStore store = createStore()) {
            store.update(ctx, "Organization", "org1", "{\"resourceType\":\"Organization\",\"id\":\"org1\"}");
            store.update(ctx, "Patient", "p1", patient("p1", "One", null, "org1"));
            store.update(ctx, "Patient", "p2", patient("p2", "Two", null, null));
            store.update(ctx, "Observation", "o1", observation("o1", "p1", "a"));
            store.update(ctx, "Observation", "o2", observation("o2", "p1", "b"));
            store.update(ctx, "Observation", "o3", observation("o3", "p2", "a"));

            SearchResult inc = store.search(
                    ctx, SearchQuery.of("Observation").param("code", "a").include("Observation:subject"), null);
            assertThat(ids(inc.matches())).containsExactlyInAnyOrder("Observation/o1", "Observation/o3");
            assertThat(ids(inc.includes())).containsExactlyInAnyOrder("Patient/p1", "Patient/p2");

            SearchResult iterate = store.search(
                    ctx,
                    SearchQuery.of("Observation")
                            .param("_id", "o1")
                            .include("Observation:subject")
                            .param("_include:iterate", "Patient:organization"),
                    null);
            assertThat(ids(iterate.includes())).containsExactlyInAnyOrder("Patient/p1", "Organization/org1");

            // without :iterate, an include is applied to the matches only
            SearchResult notIterated = store.search(
                    ctx, SearchQuery.of("Observation").param("_id", "o1").include("Observation:subject"), null);
            assertThat(ids(notIterated.includes())).containsExactly("Patient/p1");

            SearchResult rev = store.search(
                    ctx, SearchQuery.of("Patient").param("_id", "p1").revinclude("Observation:subject"), null);
            assertThat(ids(rev.includes())).containsExactlyInAnyOrder("Observation/o1", "Observation/o2");

            SearchResult wildcard = store.search(
                    ctx, SearchQuery.of("Patient").param("_id", "p1").include("*"), null);
            assertThat(ids(wildcard.includes())).containsExactly("Organization/org1");

            // a resource that is both a match and included appears only as a match
            SearchResult both = store.search(
                    ctx,
                    SearchQuery.of("Patient")
                            .include("Patient:link")
                            .revinclude("Observation:subject")
                            .param("_include:iterate", "Observation:subject"),
                    null);
            assertThat(ids(both.matches())).containsExactlyInAnyOrder("Patient/p1", "Patient/p2");
            assertThat(ids(both.includes()))
                    .containsExactlyInAnyOrder("Observation/o1", "Observation/o2", "Observation/o3");
        }
    }

    // ----------------------------------------------------------------- total

    @Test
    public void totals() {
        try (FhirStore store = createStore()) {
            for (int i = 0; i < 30; i++) {
                store.update(ctx, "Patient", "p" + i, patient("p" + i, i < 12 ? "Twelve" : "Other", null, null));
            }
            store.delete(ctx, "Patient", "p0");
            SearchResult accurate = store.search(
                    ctx,
                    SearchQuery.of("Patient")
                            .param("family", "twelve")
                            .total("accurate")
                            .count(5),
                    null);
            assertThat(accurate.total()).isEqualTo(11L);
            assertThat(accurate.matches()).hasSize(5);
            SearchResult onlyTotal = store.search(
                    ctx, SearchQuery.of("Patient").param("family", "twelve").count(0), null);
            assertThat(onlyTotal.total()).isEqualTo(11L);
            assertThat(onlyTotal.matches()).isEmpty();
            assertThat(onlyTotal.nextCursor()).isNull();
            SearchResult none = store.search(ctx, SearchQuery.of("Patient"), null);
            assertThat(none.total()).isNull();
            assertThat(none.matches()).hasSize(29);
        }
    }

    // --------------------------------------------------------------- tenants

    @Test
    public void tenantsNeverCross() {
        for (Supplier<FhirStore> layout : tenancyLayouts()) {
            try (FhirStore store = layout.get()) {
                for (TenantContext tenant : List.of(ctx, other)) {
                    store.update(tenant, "Patient", "p1", patient("p1", "Same", "2000-01-01", null));
                    store.update(tenant, "Observation", "o1", observation("o1", "p1", "x"));
                }
                store.update(other, "Patient", "p2", patient("p2", "Only", null, null));
                store.update(ctx, "Observation", "o2", observation("o2", "p2", "x"));
                assertThat(all(store, ctx, SearchQuery.of("Patient").param("family", "same")))
                        .containsExactly("Patient/p1");
                assertThat(store.search(ctx, SearchQuery.of("Patient").total("accurate"), null)
                                .total())
                        .isEqualTo(1L);
                // o2 in t1 points at Patient/p2, which only exists in t2
                assertThat(all(store, ctx, SearchQuery.of("Observation").param("subject:Patient.name", "only")))
                        .isEmpty();
                assertThat(all(store, ctx, SearchQuery.of("Patient").param("_has:Observation:subject:code", "x")))
                        .containsExactly("Patient/p1");
                assertThat(all(store, other, SearchQuery.of("Patient").param("_has:Observation:subject:code", "x")))
                        .containsExactly("Patient/p1");
                SearchResult inc = store.search(
                        ctx, SearchQuery.of("Observation").param("_id", "o2").include("Observation:subject"), null);
                assertThat(inc.includes()).isEmpty();
            }
        }
    }

    // ----------------------------------------------------------- literals

    @Test
    public void sqlAndLikeMetacharactersAreMatchedLiterally() {
        try (FhirStore store = createStore()) {
            store.update(ctx, "Patient", "pct", patient("pct", "a%c", null, null));
            store.update(ctx, "Patient", "abc", patient("abc", "abc", null, null));
            store.update(ctx, "Patient", "und", patient("und", "a_c", null, null));
            store.update(ctx, "Patient", "quote", patient("quote", "O'Brien\\\\x", null, null));
            store.update(
                    ctx,
                    "Patient",
                    "drop",
                    "{\"resourceType\":\"Patient\",\"id\":\"drop\",\"identifier\":"
                            + "[{\"system\":\"urn:x\",\"value\":\"1'; DROP TABLE resources; --\"}]}");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("family", "a%")))
                    .containsExactly("Patient/pct");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("family", "a_")))
                    .containsExactly("Patient/und");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("family:contains", "%")))
                    .containsExactly("Patient/pct");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("family:exact", "O'Brien\\\\x")))
                    .containsExactly("Patient/quote");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("identifier", "1'; DROP TABLE resources; --")))
                    .containsExactly("Patient/drop");
            assertThat(all(store, ctx, SearchQuery.of("Patient").param("identifier", "urn:x|1'; DROP TABLE%")))
                    .isEmpty();
            assertThat(store.search(ctx, SearchQuery.of("Patient").total("accurate"), null)
                            .total())
                    .isEqualTo(5L);
        }
    }

    // -------------------------------------------------------------- others

    @Test
    public void compartmentsAndIds() {
        try (FhirStore store = createStore()) {
            store.update(ctx, "Patient", "p1", patient("p1", "One", null, null));
            store.update(ctx, "Patient", "p2", patient("p2", "Two", null, null));
            store.update(ctx, "Observation", "o1", observation("o1", "p1", "a"));
            store.update(ctx, "Observation", "o2", observation("o2", "p2", "a"));
            assertThat(all(store, ctx, SearchQuery.of("Observation").inCompartment("Patient", "p1")))
                    .containsExactly("Observation/o1");
            // R4's Patient compartment places a Patient by "link" only (no {def})
            assertThat(all(store, ctx, SearchQuery.of("Patient").inCompartment("Patient", "p1")))
                    .isEmpty();
            assertThat(all(store, ctx, SearchQuery.of("Observation").param("_id", "o2,o9")))
                    .containsExactly("Observation/o2");
            assertThat(all(store, ctx, SearchQuery.of("Observation").param("_lastUpdated", "gt2000-01-01")))
                    .containsExactly("Observation/o1", "Observation/o2");
            assertThat(all(store, ctx, SearchQuery.of("Observation").param("_lastUpdated", "lt2000-01-01")))
                    .isEmpty();
        }
    }

    @Test
    public void unsupportedCriteriaAreRefused() {
        try (FhirStore store = createStore()) {
            for (SearchQuery q : List.of(SearchQuery.of("Patient").param("_list", "$current-allergies"))) {
                assertThatThrownBy(() -> store.search(ctx, q, null))
                        .as(q.toString())
                        .isInstanceOf(UnsupportedCapabilityException.class);
            }
        }
    }
}
