package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loader path: {@code store.writeBulk(ctx, batch)} with {@value #BATCH} resources per call, taken in turn from the
 * clinical mix of FHIR R4 spec examples (see {@link Resources#clinicalMix()}), ids assigned by the store. Reports
 * resources per second ({@code @OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class SqliteBulkWriteBenchmark {
    static final int BATCH = 1000;

    private final TenantContext ctx = TenantContext.of("bench");
    /** With the search index (every R4 search parameter extracted and stored) or storage only. */
    @Param({"true", "false"})
    public boolean search;

    private TempSqliteStore temp;
    private FhirStore store;
    private List<ResourceWrite> mix;
    /** Batches prepared up front, one per starting offset in the mix, so the benchmark measures only writeBulk. */
    private List<List<ResourceWrite>> batches;

    private int next;

    @Setup(Level.Trial)
    public void open() {
        mix = Resources.clinicalMix();
        System.err.println(Resources.describe(mix));
        batches = new java.util.ArrayList<>();
        for (int i = 0; i < mix.size(); i++) {
            batches.add(Resources.batch(mix, (long) i * BATCH, BATCH));
        }
        temp = TempSqliteStore.open("polystore-bulk-", search);
        store = temp.store();
    }

    @TearDown(Level.Trial)
    public void close() {
        System.err.printf("wrote %d resources, on disk %s%n", store.countAll(ctx), temp.diskUsage());
        temp.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<StoredResource> writeBulk() {
        List<ResourceWrite> batch = batches.get(next);
        next = (next + 1) % batches.size();
        return store.writeBulk(ctx, batch);
    }
}
