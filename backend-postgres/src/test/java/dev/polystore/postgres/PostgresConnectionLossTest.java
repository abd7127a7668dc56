package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server dies under a running store (killed, as in a crash) and comes back: operations in flight and during the
 * outage fail with the unavailable exception, no acknowledged write is lost, and the same store works again.
 */
@DisplayName("PostgreSQL: a server lost and restarted under a running store")
class PostgresConnectionLossTest {
    private static final int WRITERS = 3;

    @Test
    @DisplayName("Outage: BackendUnavailableException, acknowledged writes kept, recovery without rebuilding")
    void serverKilledAndRestarted() throws Exception {
        Assumptions.assumeFalse(PostgresAdmin.server().external(), "needs a server this JVM launched");
        Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "connection-loss-");
        try (PostgresScratchCluster cluster = PostgresScratchCluster.start(directory);
                FhirStore store = PostgresBackend.builder()
                        .url(cluster.jdbcUrl())
                        .user("postgres")
                        .connectionTimeout(Duration.ofMillis(500))
                        .poolSize(WRITERS + 1)
                        .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("outage"));
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicLong successesAfterRestart = new AtomicLong();
            AtomicBoolean restarted = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String id = "writer-" + w;
                writers.add(pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        n++;
                        try {
                            StoredResource written = store.update(ctx, "Patient", id, patient(id, n));
                            acknowledged.merge(id, written.versionId(), Math::max);
                            if (restarted.get()) {
                                successesAfterRestart.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                            Thread.sleep(20);
                        }
                    }
                    return null;
                }));
            }
            awaitWrites(acknowledged, 3 * WRITERS);

            cluster.stopImmediately();
            assertThatThrownBy(() -> store.read(ctx, "Patient", "writer-0"))
                    .as("read while the server is down")
                    .isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> store.create(ctx, "Patient", patient("during-outage", 0)))
                    .as("create while the server is down")
                    .isInstanceOf(BackendUnavailableException.class);
            Thread.sleep(300);

            cluster.start();
            restarted.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (successesAfterRestart.get() < 3L * WRITERS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(successesAfterRestart.get())
                    .as("writes acknowledged after the restart, by the same store")
                    .isGreaterThanOrEqualTo(3L * WRITERS);
            assertThat(failures).as("failures during the outage").isNotEmpty();
            assertThat(failures)
                    .as("every failure is the unavailable exception")
                    .allSatisfy(f -> assertThat(f).isInstanceOf(BackendUnavailableException.class));
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                StoredResource current = store.read(ctx, "Patient", ack.getKey());
                assertThat(current.versionId())
                        .as("current version of %s against the last acknowledged one", ack.getKey())
                        .isGreaterThanOrEqualTo(ack.getValue());
                List<StoredResource> versions = store.versions(ctx, "Patient", ack.getKey());
                assertThat(versions)
                        .as("versions of %s: 1..current without a gap", ack.getKey())
                        .hasSize((int) current.versionId());
            }
        }
    }

    private static void awaitWrites(Map<String, Long> acknowledged, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.values().stream().mapToLong(Long::longValue).sum() < atLeast
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static String patient(String id, long n) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"F" + n + "\"}]}";
    }
}
