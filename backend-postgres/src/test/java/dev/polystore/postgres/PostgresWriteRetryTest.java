package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.postgres.internal.PostgresStorageEngine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Writes that deadlock: PostgreSQL aborts one, and the engine runs its work again instead of failing it. */
@DisplayName("PostgreSQL engine: a deadlocked write runs again")
class PostgresWriteRetryTest {

    @Test
    @DisplayName("Two writes locking A,B and B,A: one meets a deadlock (40P01), runs again, and both succeed")
    void deadlockedWriteIsRetried() throws Exception {
        TenantId tenant = TenantId.of("deadlock-" + System.nanoTime());
        try (PostgresStorageEngine engine = PostgresAdmin.sharedSchemaEngine("retry_test")) {
            engine.write(tenant, w -> {
                w.append(version(tenant, "a", 1), List.of());
                w.append(version(tenant, "b", 1), List.of());
                return null;
            });
            CyclicBarrier bothHoldOne = new CyclicBarrier(2);
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<Long> ab = CompletableFuture.supplyAsync(
                    () -> engine.write(tenant, w -> lockBothAndUpdate(w, tenant, "a", "b", bothHoldOne, runs)));
            CompletableFuture<Long> ba = CompletableFuture.supplyAsync(
                    () -> engine.write(tenant, w -> lockBothAndUpdate(w, tenant, "b", "a", bothHoldOne, runs)));
            List<Long> versions = List.of(ab.get(60, TimeUnit.SECONDS), ba.get(60, TimeUnit.SECONDS));

            // one of them ran again; under load the retried one can deadlock with the other a second time (row locks
            // are not granted in queue order), and runs once more
            assertThat(runs.get()).as("runs of the two works").isGreaterThanOrEqualTo(3);
            assertThat(versions).containsExactlyInAnyOrder(2L, 3L);
            long finalVersion = engine.read(
                    tenant, r -> r.current("Patient", "a").orElseThrow().versionId());
            assertThat(finalVersion).isEqualTo(3);
        }
    }

    /** Locks {@code first}, waits (on the first run) until the other write holds its first, then locks {@code second}. */
    private static long lockBothAndUpdate(
            EngineWriter w, TenantId tenant, String first, String second, CyclicBarrier barrier, AtomicInteger runs) {
        boolean firstRun = runs.incrementAndGet() <= 2;
        w.current("Patient", first).orElseThrow();
        if (firstRun) {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        w.current("Patient", second).orElseThrow();
        long next = w.current("Patient", "a").orElseThrow().versionId() + 1;
        w.append(version(tenant, "a", next), List.of());
        return next;
    }

    private static StoredResource version(TenantId tenant, String id, long version) {
        return new StoredResource(
                tenant,
                "Patient",
                id,
                version,
                Instant.now().plusMillis(version),
                FhirVersion.R4,
                version == 1 ? ChangeKind.CREATE : ChangeKind.UPDATE,
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}");
    }
}
