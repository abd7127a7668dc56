package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-resource creates, one engine transaction (and one WAL commit) each: {@code store.create(ctx, "Observation",
 * json)} with a ~1.3 KB laboratory Observation. Reports creates per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class SqliteCreateBenchmark {
    private final TenantContext ctx = TenantContext.of("bench");
    /** With the search index (every R4 search parameter extracted and stored) or storage only. */
    @Param({"true", "false"})
    public boolean search;

    private TempSqliteStore temp;
    private FhirStore store;

    @Setup(Level.Trial)
    public void open() {
        temp = TempSqliteStore.open("polystore-create-", search);
        store = temp.store();
        System.err.printf(
                "Observation: %d bytes of JSON%n",
                Resources.OBSERVATION.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @TearDown(Level.Trial)
    public void close() {
        System.err.printf("created %d Observations, on disk %s%n", store.count(ctx, "Observation"), temp.diskUsage());
        temp.close();
    }

    @Benchmark
    public StoredResource create() {
        return store.create(ctx, "Observation", Resources.OBSERVATION);
    }
}
