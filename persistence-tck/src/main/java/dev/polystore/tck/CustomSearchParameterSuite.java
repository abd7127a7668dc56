package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.ReindexResult;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Custom search parameters beyond {@link CustomSearchParameterContract}: store-wide ones given to the builder, several
 * store instances on the same data, and updates while a reindex runs.
 *
 * <p>A backend runs it by extending this class and returning a store from {@link #createStore(boolean, List)}. The calls
 * made within one test must open the <b>same</b> data (the same file, schema or database), so that two stores see each
 * other's writes; every test works in fresh tenants, so that data may also hold other tests' and earlier runs'.
 *
 * @since 0.1
 */
@Tag("custom-search-parameters")
public abstract class CustomSearchParameterSuite {
    private static final String NICKNAME_URL = "http://example.org/nickname";

    /**
     * Opens a store on the data of this test class: FHIR R4, with the search index when {@code search} is true
     * (storage only otherwise), with {@code searchParameters} as store-wide SearchParameters (the backend's {@code
     * searchParameter(json)}). A configuration error is thrown as the builder throws it. The test closes the store.
     */
    protected abstract FhirStore createStore(boolean search, List<String> searchParameters);

    private static String nicknameParameter(String status) {
        return "{\"resourceType\":\"SearchParameter\",\"url\":\"http://example.org/SearchParameter/nickname\","
                + "\"name\":\"nickname\",\"status\":\"" + status + "\",\"description\":\"d\",\"code\":\"nickname\","
                + "\"base\":[\"Patient\"],\"type\":\"string\",\"expression\":\"Patient.extension('" + NICKNAME_URL
                + "').value\"}";
    }

    private static String patient(String id, String nickname) {
        return "{\"resourceType\":\"Patient\"" + (id == null ? "" : ",\"id\":\"" + id + "\"")
                + ",\"extension\":[{\"url\":\"" + NICKNAME_URL + "\",\"valueString\":\"" + nickname + "\"}]}";
    }

    private static long count(FhirStore store, TenantContext ctx, String param, String value) {
        SearchResult result = store.search(
                ctx,
                SearchQuery.of("Patient").param(param, value).total("accurate").count(1));
        return result.totalValue().orElseThrow();
    }

    @Test
    @DisplayName("A store-wide parameter applies in every tenant; the store declares CUSTOM_SEARCH_PARAMETERS")
    public void storeWideParameters() {
        try (FhirStore store = createStore(true, List.of(nicknameParameter("active")))) {
            assertThat(store.capabilities().supports(Capability.CUSTOM_SEARCH_PARAMETERS))
                    .isTrue();
            for (String tenant : List.of("a", "b")) {
                TenantContext ctx = TenantContext.of(TckTenants.fresh("wide-" + tenant));
                store.create(ctx, "Patient", patient(null, "Bunny"));
                assertThat(count(store, ctx, "nickname", "bun")).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("Invalid store-wide parameters, or ones without the search index, are configuration errors")
    public void storeWideParametersAreChecked() {
        assertThatThrownBy(() -> createStore(
                        true,
                        List.of(nicknameParameter("active")
                                .replace("string", "number")
                                .replace(".value", ".value.where("))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nickname");
        assertThatThrownBy(() -> createStore(false, List.of(nicknameParameter("active"))))
                .isInstanceOf(ConfigurationException.class);
        try (FhirStore store = createStore(false, List.of())) {
            assertThat(store.capabilities().supports(Capability.CUSTOM_SEARCH_PARAMETERS))
                    .isFalse();
        }
    }

    @Test
    @DisplayName("Another store instance on the same data sees a new parameter after refreshSearchParameters")
    public void refreshAcrossInstances() {
        TenantContext ctx = TenantContext.of(TckTenants.fresh("refresh"));
        try (FhirStore first = createStore(true, List.of());
                FhirStore second = createStore(true, List.of())) {
            second.create(ctx, "Patient", patient("p1", "Bunny"));
            assertThatThrownBy(() -> count(second, ctx, "nickname", "Bunny"))
                    .isInstanceOf(InvalidSearchException.class);
            first.create(ctx, "SearchParameter", nicknameParameter("active"));
            assertThatThrownBy(() -> count(second, ctx, "nickname", "Bunny"))
                    .as("the second instance still has the tenant's parameters cached")
                    .isInstanceOf(InvalidSearchException.class);
            second.refreshSearchParameters(ctx);
            assertThat(count(second, ctx, "nickname", "Bunny"))
                    .as("written before the parameter")
                    .isZero();
            second.create(ctx, "Patient", patient("p2", "Bunny"));
            assertThat(count(second, ctx, "nickname", "Bunny")).isEqualTo(1);
            ReindexResult result = first.reindex(ctx, ReindexRequest.ofType("Patient"), null);
            assertThat(result).isEqualTo(new ReindexResult(2, 2, 0));
            assertThat(count(second, ctx, "nickname", "Bunny")).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Updates during a reindex keep their own index entries: none is lost or overwritten by stale ones")
    public void concurrentUpdatesDuringReindex() throws Exception {
        int n = 1500;
        TenantContext ctx = TenantContext.of(TckTenants.fresh("busy"));
        try (FhirStore store = createStore(true, List.of())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add("p" + i);
            }
            store.writeBulk(
                    ctx,
                    ids.stream()
                            .map(id -> dev.polystore.api.ResourceWrite.of("Patient", id, patient(id, "old" + id)))
                            .toList());
            store.create(ctx, "SearchParameter", nicknameParameter("active"));

            AtomicBoolean reindexing = new AtomicBoolean(true);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<List<String>> updated = writer.submit(() -> {
                Random random = new Random(42);
                List<String> done = new ArrayList<>();
                while (reindexing.get() || done.size() < 50) {
                    String id = ids.get(random.nextInt(n));
                    if (!done.contains(id)) {
                        store.update(ctx, "Patient", id, patient(id, "new" + id));
                        done.add(id);
                    }
                }
                return done;
            });
            ReindexResult result;
            try {
                result = store.reindex(ctx, ReindexRequest.ofType("Patient").withBatchSize(25), null);
            } finally {
                reindexing.set(false);
            }
            List<String> changed = updated.get();
            writer.shutdown();

            assertThat(result.total()).isEqualTo(n);
            assertThat(count(store, ctx, "nickname", "new")).isEqualTo(changed.size());
            assertThat(count(store, ctx, "nickname", "old")).isEqualTo(n - changed.size());
            for (String id : changed.subList(0, Math.min(changed.size(), 40))) {
                assertThat(count(store, ctx, "nickname:exact", "new" + id))
                        .as(id)
                        .isEqualTo(1);
                assertThat(count(store, ctx, "nickname:exact", "old" + id))
                        .as(id)
                        .isZero();
            }
            StoredResource sample = store.read(ctx, "Patient", ids.get(0));
            assertThat(sample.versionId()).isLessThanOrEqualTo(2);
        }
    }
}
