package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrency with {@value #THREADS} threads: If-Match is atomic (exactly one of many callers expecting the same
 * version wins), version numbers never gap or repeat under concurrent writers, and concurrent writers in different
 * tenants never see each other's data. Every wait is bounded ({@value #TIMEOUT_SECONDS} s); an unexpected exception in
 * a worker fails the test with that exception as the cause.
 *
 * @since 0.1
 */
@Tag("concurrency")
public interface ConcurrencyContract extends TckSupport {

    /** Worker threads per test. */
    int THREADS = 16;

    /** The longest wait for any worker, barrier or executor, in seconds. */
    long TIMEOUT_SECONDS = 60;

    /**
     * Runs {@code threads} tasks at once on their own threads and returns their results in task order; fails with
     * the first unexpected exception of a worker as cause, or after {@value #TIMEOUT_SECONDS} s.
     */
    private <T> List<T> runConcurrently(int threads, IntFunction<Callable<T>> task) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(task.apply(i)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            List<T> results = new ArrayList<>();
            Throwable firstFailure = null;
            int failedWorker = -1;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    boolean secondary = cause instanceof BrokenBarrierException || cause instanceof TimeoutException;
                    if (firstFailure == null || (!secondary && isSecondary(firstFailure))) {
                        firstFailure = cause;
                        failedWorker = i;
                    }
                } catch (TimeoutException e) {
                    throw new AssertionError("workers did not finish within " + TIMEOUT_SECONDS + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for workers", e);
                }
            }
            if (firstFailure != null) {
                throw new AssertionError("worker " + failedWorker + " failed: " + firstFailure, firstFailure);
            }
            return results;
        } finally {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("worker threads did not stop within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isSecondary(Throwable failure) {
        return failure instanceof BrokenBarrierException || failure instanceof TimeoutException;
    }

    @Test
    @DisplayName("16 threads updateIfMatch the same version in 20 rounds: exactly one wins each round, versions 1..21")
    default void ifMatchRounds() {
        requires(Capability.OPTIMISTIC_LOCKING);
        int rounds = 20;
        TenantContext ctx = context();
        store().update(ctx, "Patient", "contended", patient("contended", "start"));
        CyclicBarrier barrier = new CyclicBarrier(THREADS);

        // outcome[thread][round]: true = won, false = VersionConflictException
        List<boolean[]> outcomes = runConcurrently(THREADS, thread -> () -> {
            boolean[] won = new boolean[rounds];
            try {
                for (int round = 0; round < rounds; round++) {
                    barrier.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    long expected = round + 1;
                    try {
                        StoredResource written = store().updateIfMatch(
                                        ctx,
                                        "Patient",
                                        "contended",
                                        patient("contended", "t" + thread + "r" + round),
                                        expected);
                        if (written.versionId() != expected + 1) {
                            throw new AssertionError(
                                    "updateIfMatch(expected " + expected + ") succeeded but wrote " + written);
                        }
                        won[round] = true;
                    } catch (VersionConflictException e) {
                        won[round] = false;
                    }
                }
            } catch (Throwable t) {
                barrier.reset(); // release the other workers at once instead of after the timeout
                throw t;
            }
            return won;
        });

        String lastWinner = null;
        for (int round = 0; round < rounds; round++) {
            List<Integer> winners = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                if (outcomes.get(thread)[round]) {
                    winners.add(thread);
                }
            }
            assertThat(winners)
                    .as(
                            "threads whose updateIfMatch(expected %d) succeeded in round %d (the other %d must get a"
                                    + " VersionConflictException)",
                            round + 1, round, THREADS - 1)
                    .hasSize(1);
            lastWinner = "t" + winners.get(0) + "r" + round;
        }
        StoredResource current = store().read(ctx, "Patient", "contended");
        assertThat(current.versionId()).as("version after %d rounds", rounds).isEqualTo(rounds + 1);
        assertThat(familyOf(current))
                .as("content of the final version (the last round's winner)")
                .isEqualTo(lastWinner);
        if (supports(Capability.VREAD)) {
            assertVersionsAreOneTo(ctx, "contended", rounds + 1);
        }
    }

    @Test
    @DisplayName("16 threads × 25 unconditional updates of one resource give versions 1..401, each exactly once")
    default void concurrentUpdatesNumberVersionsWithoutGaps() {
        int perThread = 25;
        TenantContext ctx = context();
        store().update(ctx, "Patient", "busy", patient("busy", "start"));

        List<List<Long>> returned = runConcurrently(THREADS, thread -> () -> {
            List<Long> versions = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                versions.add(store().update(ctx, "Patient", "busy", patient("busy", "t" + thread + "i" + i))
                        .versionId());
            }
            return versions;
        });

        TreeSet<Long> all = new TreeSet<>();
        int total = 0;
        for (List<Long> versions : returned) {
            all.addAll(versions);
            total += versions.size();
            for (int i = 1; i < versions.size(); i++) {
                assertThat(versions.get(i))
                        .as("versions returned to one thread must increase")
                        .isGreaterThan(versions.get(i - 1));
            }
        }
        int last = THREADS * perThread + 1;
        assertThat(total).as("updates returned").isEqualTo(THREADS * perThread);
        assertThat(all)
                .as("distinct versions returned to the %d updates (2..%d)", total, last)
                .hasSize(total);
        assertThat(all.iterator().next()).as("lowest version returned").isEqualTo(2L);
        assertThat(all.last()).as("highest version returned").isEqualTo((long) last);
        assertThat(store().read(ctx, "Patient", "busy").versionId())
                .as("final version")
                .isEqualTo(last);
        if (supports(Capability.VREAD)) {
            assertVersionsAreOneTo(ctx, "busy", last);
        }
    }

    @Test
    @DisplayName("16 threads creating in one tenant at once get distinct ids, and every resource is counted")
    default void concurrentCreatesInOneTenant() {
        int perThread = 20;
        TenantContext ctx = context();
        List<List<String>> ids = runConcurrently(THREADS, thread -> () -> {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                StoredResource created = store().create(ctx, "Patient", patient("t" + thread + "i" + i));
                if (created.versionId() != 1) {
                    throw new AssertionError("create returned " + created);
                }
                mine.add(created.id());
            }
            return mine;
        });
        Set<String> distinct = new TreeSet<>();
        ids.forEach(distinct::addAll);
        assertThat(distinct)
                .as("distinct ids of %d concurrent creates", THREADS * perThread)
                .hasSize(THREADS * perThread);
        assertThat(store().count(ctx, "Patient")).as("count(Patient)").isEqualTo(THREADS * perThread);
        assertThat(store().readMany(ctx, "Patient", distinct))
                .as("readMany of every id")
                .hasSize(distinct.size());
    }

    @Test
    @DisplayName("16 threads writing in 16 tenants at once: every tenant holds exactly its own resources")
    default void concurrentTenantsStayApart() {
        int perThread = 20;
        List<TenantContext> tenants = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tenants.add(otherTenant());
        }
        List<List<String>> ids = runConcurrently(THREADS, thread -> () -> {
            TenantContext ctx = tenants.get(thread);
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(store().create(ctx, "Patient", patient("tenant" + thread))
                        .id());
            }
            store().update(ctx, "Patient", "shared-id", patient("shared-id", "tenant" + thread));
            return mine;
        });
        for (int t = 0; t < THREADS; t++) {
            TenantContext ctx = tenants.get(t);
            String owner = "tenant" + t;
            assertThat(store().countAll(ctx)).as("countAll of %s", ctx.tenant()).isEqualTo(perThread + 1);
            assertThat(store().count(ctx, "Patient"))
                    .as("count(Patient) of %s", ctx.tenant())
                    .isEqualTo(perThread + 1);
            StoredResource shared = store().read(ctx, "Patient", "shared-id");
            assertThat(familyOf(shared))
                    .as("Patient/shared-id in %s", ctx.tenant())
                    .isEqualTo(owner);
            assertThat(shared.versionId())
                    .as("version of Patient/shared-id in %s", ctx.tenant())
                    .isEqualTo(1);
            List<StoredResource> mine = store().readMany(ctx, "Patient", ids.get(t));
            assertThat(mine).as("readMany of %s's own ids", ctx.tenant()).hasSize(perThread);
            for (StoredResource r : mine) {
                assertThat(familyOf(r))
                        .as("owner of %s read in %s", r, ctx.tenant())
                        .isEqualTo(owner);
                assertThat(r.tenant()).as("tenant of %s", r).isEqualTo(ctx.tenant());
            }
            List<String> foreign = ids.get((t + 1) % THREADS);
            assertThat(store().readMany(ctx, "Patient", foreign))
                    .as("readMany in %s of another tenant's ids", ctx.tenant())
                    .isEmpty();
        }
    }

    /** Asserts that versions() of Patient/id is exactly last..1, each once. */
    private void assertVersionsAreOneTo(TenantContext ctx, String id, int last) {
        List<StoredResource> versions = store().versions(ctx, "Patient", id);
        List<Long> numbers = new ArrayList<>();
        for (StoredResource v : versions) {
            numbers.add(v.versionId());
        }
        List<Long> expected = new ArrayList<>();
        for (long v = last; v >= 1; v--) {
            expected.add(v);
        }
        assertThat(numbers)
                .as("versions() of Patient/%s: %d..1 without gaps or duplicates", id, last)
                .containsExactlyElementsOf(expected);
    }
}
