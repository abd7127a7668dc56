package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.ForwardingEngineWriter;
import dev.polystore.core.engine.ForwardingStorageEngine;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.store.EngineFhirStore;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each entry of a batch Bundle succeeds or fails as a whole (R4 http.html 3.1.0.11.1), also when the engine fails it
 * after its writes reached the database: whatever a backend does to write many entries at once, an entry answered with
 * an error leaves nothing of itself (no version, no index entry), and an entry answered with success is stored.
 *
 * <p>The store runs over the backend's engine wrapped so that writing a Patient whose id starts with {@code refused-}
 * fails after the write was sent (the engine is asked for the resource, which makes it send its waiting writes), and
 * one whose id starts with {@code unavailable-} fails the same way as a lost connection would. A backend runs it by
 * extending this class and returning a fresh engine (FHIR R4, with the search index) from {@link #createEngine()}.
 *
 * @since 0.1
 */
@Tag("bundles")
public abstract class BatchAtomicitySuite {
    private final TenantContext ctx = TenantContext.of(TckTenants.fresh("batch-atomic"));

    /** A fresh engine of the backend: FHIR R4, with the search index. The test closes it. */
    protected abstract StorageEngine createEngine();

    private static String patient(String family) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private static List<String> family(FhirStore store, TenantContext ctx, String family) {
        return store.search(ctx, SearchQuery.of("Patient").param("family", family)).matches().stream()
                .map(StoredResource::id)
                .toList();
    }

    @Test
    public void anEntryFailedAfterItsWriteLeavesNothingAndItsNeighboursAreStored() {
        try (StorageEngine engine = createEngine();
                FhirStore store = new EngineFhirStore(new RefusingEngine(engine), StorageLimits.DEFAULT)) {
            TckBundles.Response r = new TckBundles.Response(store.processBundle(
                    ctx,
                    TckBundles.batch()
                            .put("Patient/before", patient("Before"))
                            .put("Patient/refused-1", patient("Refused"))
                            .post("Patient", patient("Middle"))
                            .put("Patient/refused-2", patient("Refused"))
                            .put("Patient/after", patient("After"))
                            .json()));

            assertThat(List.of(r.status(0), r.status(2), r.status(4)))
                    .as("statuses of the three good entries; response %s", r)
                    .allSatisfy(status -> assertThat(status).startsWith("201"));
            assertThat(List.of(r.status(1), r.status(3)))
                    .as("statuses of the two refused entries; response %s", r)
                    .allSatisfy(status -> assertThat(status).startsWith("422"));
            for (String id : List.of("refused-1", "refused-2")) {
                assertThatThrownBy(() -> store.read(ctx, "Patient", id))
                        .as("read of the refused Patient/%s", id)
                        .isInstanceOf(ResourceNotFoundException.class);
            }
            assertThat(family(store, ctx, "Refused"))
                    .as("Patients found by the refused entries' name")
                    .isEmpty();
            assertThat(family(store, ctx, "Before")).containsExactly("before");
            assertThat(family(store, ctx, "After")).containsExactly("after");
            assertThat(family(store, ctx, "Middle")).hasSize(1);
            assertThat(store.count(ctx, "Patient")).isEqualTo(3);
        }
    }

    @Test
    public void aFailingTransactionAnswersNoEntryAsWritten() {
        try (StorageEngine engine = createEngine();
                FhirStore store = new EngineFhirStore(new RefusingEngine(engine), StorageLimits.DEFAULT)) {
            TckBundles.Builder batch = TckBundles.batch();
            int entries = 150;
            for (int i = 0; i < entries; i++) {
                String id = (i == 10 ? "unavailable-" : "p-") + i;
                batch.put("Patient/" + id, patient("Many"));
            }
            TckBundles.Response r = new TckBundles.Response(store.processBundle(ctx, batch.json()));

            assertThat(r.status(10))
                    .as("status of the entry that lost its engine")
                    .startsWith("503");
            assertThat(r.status(entries - 1))
                    .as("status of the last entry, in another transaction")
                    .startsWith("201");
            // nothing acknowledged is lost, nothing refused is stored
            int written = 0;
            for (int i = 0; i < entries; i++) {
                String id = (i == 10 ? "unavailable-" : "p-") + i;
                if (r.status(i).startsWith("201")) {
                    written++;
                    assertThat(store.read(ctx, "Patient", id).versionId())
                            .as("version of Patient/%s, answered 201", id)
                            .isEqualTo(1);
                } else {
                    assertThat(r.status(i)).as("status of entry %d", i).startsWith("503");
                    assertThatThrownBy(() -> store.read(ctx, "Patient", id))
                            .as("read of Patient/%s, answered %s", id, r.status(i))
                            .isInstanceOf(ResourceNotFoundException.class);
                }
            }
            assertThat(store.count(ctx, "Patient")).isEqualTo(written);
            assertThat(family(store, ctx, "Many")).hasSize(written);
        }
    }

    /** The backend's engine, with writes of Patients named {@code refused-*} and {@code unavailable-*} failing. */
    private static final class RefusingEngine extends ForwardingStorageEngine {
        RefusingEngine(StorageEngine engine) {
            super(engine);
        }

        @Override
        public <T> T write(TenantId tenant, Function<EngineWriter, T> work) {
            return engine.write(
                    tenant,
                    w -> work.apply(new ForwardingEngineWriter(w) {
                        @Override
                        public void append(StoredResource version, List<IndexEntry> indexEntries) {
                            super.append(version, indexEntries);
                            if (version.id().startsWith("refused-")
                                    || version.id().startsWith("unavailable-")) {
                                // the engine sends what waits before it reads
                                assertThat(current(version.resourceType(), version.id()))
                                        .as("the refused version, read back in its transaction")
                                        .isPresent();
                                if (version.id().startsWith("refused-")) {
                                    throw InvalidResourceException.unprocessable(
                                            "Refused by the test after it was written");
                                }
                                throw new BackendUnavailableException("The test's engine is unavailable", null);
                            }
                        }
                    }));
        }
    }
}
