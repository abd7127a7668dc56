package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.tenant.TenantContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks that loading stays within a small heap: writes {@code count} (default 100,000) resources of the clinical mix
 * through {@code writeBulk} in chunks of 1,000 into a fresh SQLite file, then prints the rate, the database size on
 * disk and the heap limit. Run it with {@code -Xmx256m}:
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.polystore.benchmarks.LoadInSmallHeap [count [file]]
 * </pre>
 *
 * <p>The database goes to a temporary directory that is deleted at the end, or, if a {@code file} (which must not
 * exist yet) is named, there, and is kept for inspection.
 *
 * <p>Exits with status 1 if fewer resources than asked for ended up in the store; an OutOfMemoryError ends the JVM
 * with a non-zero status too.
 */
public final class LoadInSmallHeap {
    static final int CHUNK = 1000;

    /** With the search index unless {@code -Dpolystore.search=false}. */
    static final boolean SEARCH = !"false".equals(System.getProperty("polystore.search"));

    private LoadInSmallHeap() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        Path keep = args.length > 1 ? Path.of(args[1]) : null;
        if (keep != null && Files.exists(keep)) {
            System.err.println(keep + " exists: name a new file to keep the database in");
            System.exit(2);
        }
        TenantContext ctx = TenantContext.of("load");
        List<ResourceWrite> mix = Resources.clinicalMix();
        System.out.println(Resources.describe(mix));

        long stored;
        String diskUsage;
        double seconds;
        try (TempSqliteStore temp =
                keep == null ? TempSqliteStore.open("polystore-load-", SEARCH) : TempSqliteStore.at(keep, SEARCH)) {
            FhirStore store = temp.store();
            long start = System.nanoTime();
            for (int loaded = 0; loaded < count; loaded += CHUNK) {
                // each chunk is built, written and dropped: the loader holds one chunk at a time
                store.writeBulk(ctx, Resources.batch(mix, loaded, Math.min(CHUNK, count - loaded)));
            }
            seconds = (System.nanoTime() - start) / 1e9;
            stored = store.countAll(ctx);
            diskUsage = temp.diskUsage();
        }

        System.out.printf(
                Locale.ROOT,
                "loaded %,d resources in %.1f s: %,.0f resources/s%n"
                        + "on disk: %s%n"
                        + "max heap (Runtime.maxMemory): %d MB%n",
                stored,
                seconds,
                stored / seconds,
                diskUsage,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (stored != count) {
            System.err.println("expected " + count + " resources in the store, found " + stored);
            System.exit(1);
        }
    }
}
