package dev.polystore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The search issue's Synthea benchmark: loads a directory of Synthea transaction Bundles (the {@code
 * *Information*.json} Bundles first, as their conditional creates define the Organizations, Locations and
 * Practitioners the patients' conditional references point at) into a fresh SQLite file with full R4 indexing, then
 * measures read by id and the query set with p50/p95/p99 latencies. Generate the data as in {@code
 * ../shared/docs/fhir-data.md} ({@code App -s 42 -cs 42 -r 20250101 -e 20250101 -p 100 ...}), then:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polystore.benchmarks.SyntheaBenchmark OUT/fhir [database-file]
 * java -cp benchmarks/target/benchmarks.jar dev.polystore.benchmarks.SyntheaBenchmark OUT/fhir jdbc:postgresql://...
 * </pre>
 *
 * <p>A named database file is kept; if it exists already, the load is skipped and only reads and queries are measured.
 * A PostgreSQL JDBC URL (user and password as its parameters) loads into the schema {@code -Dpolystore.schema}
 * (default {@code synthea}), which is kept; if it holds the tenant's resources already, the load is skipped.
 *
 * <p>Every query runs {@value #QUERY_RUNS} times after {@value #WARMUP} warm-up runs, each run with another patient
 * picked at random (seeded), on one thread; a run is the first page ({@code _count} 50) as a caller gets it.
 */
public final class SyntheaBenchmark {
    static final int QUERY_RUNS = 300;
    static final int WARMUP = 50;
    static final int READS = 100_000;

    /** Threads loading patient Bundles at once ({@code -Dpolystore.loaders}, default 2): one plans while one writes. */
    static final int LOADERS = Integer.getInteger("polystore.loaders", 2);

    /** LOINC codes of the {@code _has} query: cholesterol, heart rate, body weight, pain severity, BMI, HbA1c. */
    static final String[] HAS_CODES = {"2093-3", "8867-4", "29463-7", "72514-3", "39156-5", "4548-4"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheaBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SyntheaBenchmark <synthea fhir directory> [database file to keep]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path keep = args.length > 1 ? Path.of(args[1]) : null;
        TenantContext ctx = TenantContext.of("synthea");
        boolean postgres = args.length > 1 && args[1].startsWith("jdbc:postgresql:");
        if (postgres) {
            keep = null;
        }
        if (postgres || (keep != null && Files.exists(keep))) {
            BenchStore existing = postgres
                    ? new PostgresBenchStore(args[1], System.getProperty("polystore.schema", "synthea"))
                    : TempSqliteStore.at(keep, true);
            if (existing.store().countAll(ctx) == 0) {
                load(existing, ctx, dir);
                return;
            }
            // a database loaded by an earlier run: measure reads and queries only
            try (BenchStore temp = existing) {
                System.out.printf(Locale.ROOT, "using the loaded database %s (%s)%n", args[1], temp.diskUsage());
                Sample sample = Sample.of(temp.store(), ctx);
                readById(temp.store(), ctx, sample);
                queries(temp.store(), ctx, sample);
            }
            return;
        }
        load(
                keep == null ? TempSqliteStore.open("polystore-synthea-", true) : TempSqliteStore.at(keep, true),
                ctx,
                dir);
    }

    /** Loads the Bundles into the store, then measures reads and queries; closes the store. */
    private static void load(BenchStore target, TenantContext ctx, Path dir) throws Exception {
        List<Path> bundles = bundlesInLoadOrder(dir);
        try (BenchStore temp = target) {
            FhirStore store = temp.store();
            long bytes = 0;
            for (Path bundle : bundles) {
                bytes += Files.size(bundle);
            }
            long start = System.nanoTime();
            // the Organizations, Locations and Practitioners first, then the patients' Bundles on LOADERS threads
            int first = 0;
            while (first < bundles.size()
                    && bundles.get(first).getFileName().toString().contains("Information")) {
                store.processBundle(ctx, Files.readString(bundles.get(first++)));
            }
            System.out.printf(
                    Locale.ROOT,
                    "load: %d Organization/Location/Practitioner Bundles in %.1f s%n",
                    first,
                    (System.nanoTime() - start) / 1e9);
            ExecutorService loaders = Executors.newFixedThreadPool(LOADERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Path bundle : bundles.subList(first, bundles.size())) {
                    done.add(loaders.submit(() -> {
                        store.processBundle(ctx, Files.readString(bundle));
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                loaders.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = store.countAll(ctx);
            // every entry of a Synthea Bundle creates one resource (conditional creates of the same
            // Organization, Location or Practitioner across Bundles create it once)
            long resources = stored;
            System.out.printf(
                    Locale.ROOT,
                    "load: %d bundles (%.0f MB JSON) on %d loader threads, %d resources stored, %.1f s, %.0f resources/s%n",
                    bundles.size(),
                    bytes / 1e6,
                    LOADERS,
                    stored,
                    seconds,
                    resources / seconds);

            // Queries are measured on the loaded database as a fresh process sees it, not while the background
            // checkpoint still copies the load's WAL into it.
            FhirStore served = temp.reopen(true);
            System.out.printf(
                    Locale.ROOT,
                    "disk: %s, %.0f bytes per resource%n",
                    temp.diskUsage(),
                    temp.bytesOnDisk() / (double) stored);
            Sample sample = Sample.of(served, ctx);
            readById(served, ctx, sample);
            queries(served, ctx, sample);
        }
    }

    static List<Path> bundlesInLoadOrder(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = new ArrayList<>(
                    list.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
        List<Path> ordered = new ArrayList<>();
        for (String first : new String[] {"hospitalInformation", "practitionerInformation"}) {
            files.stream()
                    .filter(p -> p.getFileName().toString().startsWith(first))
                    .forEach(ordered::add);
        }
        files.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        return ordered;
    }

    /** Patients (id and family name) and Observation ids picked from the loaded data. */
    record Sample(List<String> patientIds, List<String> families, List<String> observationIds) {
        static Sample of(FhirStore store, TenantContext ctx) {
            List<String> ids = new ArrayList<>();
            List<String> families = new ArrayList<>();
            for (StoredResource p : all(store, ctx, "Patient?_count=1000&_sort=_id")) {
                ids.add(p.id());
                families.add(read(p.json()).path("name").path(0).path("family").asText());
            }
            List<String> observations = new ArrayList<>();
            for (StoredResource o : all(store, ctx, "Observation?_count=1000&_sort=_id", 20)) {
                observations.add(o.id());
            }
            return new Sample(ids, families, observations);
        }
    }

    static List<StoredResource> all(FhirStore store, TenantContext ctx, String query) {
        return all(store, ctx, query, Integer.MAX_VALUE);
    }

    static List<StoredResource> all(FhirStore store, TenantContext ctx, String query, int maxPages) {
        List<StoredResource> out = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResult page = store.search(ctx, SearchQuery.parse(query), cursor);
            out.addAll(page.matches());
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < maxPages);
        return out;
    }

    static void readById(FhirStore store, TenantContext ctx, Sample sample) {
        Random random = new Random(7);
        List<String> ids = sample.observationIds();
        for (int i = 0; i < 20_000; i++) {
            store.read(ctx, "Observation", ids.get(random.nextInt(ids.size())));
        }
        long start = System.nanoTime();
        for (int i = 0; i < READS; i++) {
            store.read(ctx, "Observation", ids.get(random.nextInt(ids.size())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "read by id: %d reads of %d Observation ids on one thread, %.0f reads/s%n",
                READS,
                ids.size(),
                READS / seconds);
    }

    static void queries(FhirStore store, TenantContext ctx, Sample sample) {
        Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
        List<String> patients = sample.patientIds();
        List<String> families = sample.families();
        queries.put(
                "Observation?subject=Patient/P&code=http://loinc.org|8867-4&date=ge2015-01-01&date=lt2025-01-01",
                i -> "Observation?subject=Patient/" + patients.get(i)
                        + "&code=http://loinc.org|8867-4&date=ge2015-01-01&date=lt2025-01-01");
        queries.put("Condition?patient=P", i -> "Condition?patient=" + patients.get(i));
        queries.put("Patient?name=FAMILY", i -> "Patient?name=" + families.get(i));
        queries.put(
                "Observation?value-quantity=gt80|http://unitsofmeasure.org|kg",
                i -> "Observation?value-quantity=gt" + (60 + i % 40) + "|http://unitsofmeasure.org|kg");
        queries.put("Observation?subject.name=FAMILY", i -> "Observation?subject.name=" + families.get(i));
        queries.put(
                "Patient?_has:Observation:patient:code=http://loinc.org|CODE",
                i -> "Patient?_has:Observation:patient:code=http://loinc.org|" + HAS_CODES[i % HAS_CODES.length]);
        queries.put(
                "Patient?_id=P&_revinclude=Observation:patient",
                i -> "Patient?_id=" + patients.get(i) + "&_revinclude=Observation:patient");
        Random random = new Random(11);
        System.out.println("query (first page, _count 50)                                                      "
                + "p50 ms   p95 ms   p99 ms   mean results");
        for (Map.Entry<String, IntFunction<String>> q : queries.entrySet()) {
            long[] nanos = new long[QUERY_RUNS];
            long results = 0;
            for (int run = -WARMUP; run < QUERY_RUNS; run++) {
                String query = q.getValue().apply(random.nextInt(patients.size()));
                long start = System.nanoTime();
                SearchResult r = store.search(ctx, SearchQuery.parse(query));
                long took = System.nanoTime() - start;
                if (run >= 0) {
                    nanos[run] = took;
                    results += r.matches().size() + r.includes().size();
                }
            }
            Arrays.sort(nanos);
            System.out.printf(
                    Locale.ROOT,
                    "%-80s %8.2f %8.2f %8.2f %8.1f%n",
                    q.getKey(),
                    percentile(nanos, 50) / 1e6,
                    percentile(nanos, 95) / 1e6,
                    percentile(nanos, 99) / 1e6,
                    results / (double) QUERY_RUNS);
        }
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
