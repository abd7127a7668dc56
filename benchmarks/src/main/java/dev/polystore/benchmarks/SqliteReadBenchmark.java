package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read by id on one thread: {@code store.read(ctx, type, id)} of a random resource out of {@link #resources} loaded
 * in setup (clinical mix, through writeBulk in chunks of 1,000). Reports reads per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class SqliteReadBenchmark {
    static final int CHUNK = 1000;

    /** How many resources the store holds. */
    @Param("100000")
    public int resources;

    private final TenantContext ctx = TenantContext.of("bench");
    private TempSqliteStore temp;
    private FhirStore store;
    private String[] types;
    private String[] ids;

    @Setup(Level.Trial)
    public void load() {
        List<ResourceWrite> mix = Resources.clinicalMix();
        System.err.println(Resources.describe(mix));
        temp = TempSqliteStore.open("polystore-read-");
        store = temp.store();
        types = new String[resources];
        ids = new String[resources];
        long start = System.nanoTime();
        for (int loaded = 0; loaded < resources; ) {
            int n = Math.min(CHUNK, resources - loaded);
            List<StoredResource> stored = store.writeBulk(ctx, Resources.batch(mix, loaded, n));
            for (StoredResource s : stored) {
                types[loaded] = s.resourceType();
                ids[loaded] = s.id();
                loaded++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(
                "loaded %d resources in %.1f s (%.0f/s), on disk %s%n",
                resources, seconds, resources / seconds, temp.diskUsage());
    }

    @TearDown(Level.Trial)
    public void close() {
        temp.close();
    }

    @Benchmark
    public StoredResource readById() {
        int i = ThreadLocalRandom.current().nextInt(ids.length);
        return store.read(ctx, types[i], ids[i]);
    }
}
