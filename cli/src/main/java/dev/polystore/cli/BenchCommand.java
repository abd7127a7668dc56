package dev.polystore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: one repeatable workload against one or several stores in the same run, on the bundled sample or on
 * seeded Synthea data ({@code --synthea-patients N}, see {@link SyntheaData}): ingest (with the engine's raw-row
 * baseline), read by id, the search issue's query set, history, and updates of a few resources by several threads at
 * once. Reports per operation throughput and p50/p95/p99, on stdout, as CSV and as an HTML report. An operation needing
 * a capability the store lacks is reported as skipped with the reason ({@code postgres: no SEARCH capability}); a store
 * that cannot process the Bundles gets their resources in bulk writes instead, as the ingest row says.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks one or several stores side by side on the bundled sample or on Synthea data.",
        footer = {
            "",
            "Example: polystore bench --store sqlite:/tmp/a.db --store sqlite::memory: --out ./bench",
            "         polystore bench --store sqlite:/tmp/x.db --store postgresql://polystore:secret@localhost/polystore",
            "         polystore bench --synthea-patients 10 --seed 7"
        })
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPDATES = "updates, 4 threads";

    /**
     * What processing Synthea's transaction Bundles takes: their shared resources are conditional creates and the
     * patients' references to them conditional references (resolved by search).
     */
    private static final List<Capability> BUNDLE_NEEDS =
            List.of(Capability.TRANSACTIONS, Capability.CONDITIONAL_CREATE, Capability.SEARCH);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "A store to benchmark (repeatable; default: a fresh SQLite file under --out).")
    List<String> stores;

    @Option(names = "--out", paramLabel = "DIR", description = "Where bench.csv goes (default: ./polystore-bench).")
    Path out = Path.of("polystore-bench");

    @Option(names = "--runs", paramLabel = "N", description = "Runs of each read, search and history (default 200).")
    int runs = 200;

    @Option(
            names = "--synthea-patients",
            paramLabel = "N",
            description =
                    "Bench on Synthea data instead of the bundled sample: N living patients (the dead come on top),"
                            + " generated once with Synthea " + SyntheaData.VERSION + " from Maven Central and cached.")
    Integer syntheaPatients;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Synthea's seed (default 42): the same N and seed always give the same data.")
    Long seed;

    @Option(
            names = "--synthea-cache",
            paramLabel = "DIR",
            description = "Where Synthea's jars and generated data are kept (default: $" + SyntheaData.CACHE_ENV
                    + ", else ~/.cache/polystore/synthea/" + SyntheaData.VERSION + ").")
    Path syntheaCache;

    /** The data of one bench: the Bundles in load order and their resources (for the raw baseline). */
    record Workload(String description, List<String> bundles, List<String> resources) {}

    /** One measured operation of one store. */
    record Row(String store, String operation, long count, double seconds, double[] millis, String note) {
        double perSecond() {
            return seconds > 0 ? count / seconds : 0;
        }

        double percentile(int p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * millis.length) - 1;
            return millis[Math.max(0, Math.min(millis.length - 1, index))];
        }
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        List<String> urls = stores != null ? stores : List.of("sqlite:" + out.resolve("bench-sqlite.db"));
        Workload workload = syntheaPatients != null ? syntheaWorkload() : sampleWorkload();
        List<Row> rows = new ArrayList<>();
        PrintWriter print = spec.commandLine().getOut();
        print.println("workload: " + workload.description());
        print.flush();
        for (String url : urls) {
            rows.addAll(bench(url, workload.bundles(), workload.resources()));
        }
        int storeWidth = rows.stream().mapToInt(r -> r.store().length()).max().orElse(0);
        int operationWidth =
                rows.stream().mapToInt(r -> r.operation().length()).max().orElse(0);
        String columns = "%-" + Math.max(5, storeWidth) + "s %-" + Math.max(9, operationWidth) + "s";
        print.printf(
                Locale.ROOT,
                columns + " %8s %12s %9s %9s %9s  %s%n",
                "store",
                "operation",
                "count",
                "per second",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "note");
        StringBuilder csv = new StringBuilder("store,operation,count,seconds,per_second,p50_ms,p95_ms,p99_ms,note\n");
        for (Row r : rows) {
            print.printf(
                    Locale.ROOT,
                    columns + " %8d %12.0f %9.2f %9.2f %9.2f  %s%n",
                    r.store(),
                    r.operation(),
                    r.count(),
                    r.perSecond(),
                    r.percentile(50),
                    r.percentile(95),
                    r.percentile(99),
                    r.note());
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%.3f,%.1f,%.3f,%.3f,%.3f,\"%s\"%n",
                    r.store(),
                    r.operation(),
                    r.count(),
                    r.seconds(),
                    r.perSecond(),
                    r.percentile(50),
                    r.percentile(95),
                    r.percentile(99),
                    r.note().replace("\"", "'")));
        }
        Path file = out.resolve("bench.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        Path html = out.resolve("bench.html");
        Files.writeString(html, BenchReport.html(workload.description(), rows), StandardCharsets.UTF_8);
        print.println("wrote " + file + " and " + html);
        return 0;
    }

    private Workload sampleWorkload() throws IOException {
        if (seed != null) {
            throw new CliException("--seed is a Synthea seed", "add --synthea-patients N, or leave --seed out");
        }
        List<String> bundles = new ArrayList<>();
        for (String file : DemoCommand.sampleFiles()) {
            bundles.add(DemoCommand.sample(file));
        }
        List<String> resources = resources(bundles);
        return new Workload(
                "the bundled Synthea sample: " + resources.size() + " resources in " + bundles.size() + " Bundles",
                bundles,
                resources);
    }

    private Workload syntheaWorkload() throws IOException {
        if (syntheaPatients < 1) {
            throw new CliException(
                    "--synthea-patients must be at least 1, not " + syntheaPatients, "Synthea generates N > 0 people");
        }
        long s = seed != null ? seed : 42;
        Path cache = syntheaCache != null
                ? syntheaCache
                : SyntheaData.defaultCache(System.getenv(), System.getProperty("user.home"));
        PrintWriter progress = spec.commandLine().getErr();
        Path dir = new SyntheaData(cache, System.getenv(), progress).bundles(syntheaPatients, s);
        List<String> bundles = new ArrayList<>();
        for (Path file : LoadCommand.files(List.of(dir))) { // the *Information Bundles first
            bundles.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        List<String> resources = resources(bundles);
        return new Workload(
                String.format(
                        Locale.ROOT,
                        "Synthea %s, %d patients, seed %d (%s): %d resources in %d Bundles",
                        SyntheaData.VERSION,
                        syntheaPatients,
                        s,
                        dir,
                        resources.size(),
                        bundles.size()),
                bundles,
                resources);
    }

    private static List<String> resources(List<String> bundles) throws IOException {
        List<String> resources = new ArrayList<>();
        for (String bundle : bundles) {
            for (JsonNode entry : JSON.readTree(bundle).path("entry")) {
                resources.add(entry.path("resource").toString());
            }
        }
        return resources;
    }

    private List<Row> bench(String url, List<String> bundles, List<String> resources) throws Exception {
        StoreProvider provider = Stores.provider(url);
        String label = Stores.redact(url);
        TenantContext ctx = TenantContext.of("bench-" + Long.toString(System.currentTimeMillis(), 36));
        List<Row> rows = new ArrayList<>();
        try (FhirStore store = provider.open(url)) {
            Capabilities capabilities = store.capabilities();
            List<Capability> lacking =
                    BUNDLE_NEEDS.stream().filter(c -> !capabilities.supports(c)).toList();
            long start = System.nanoTime();
            List<String> stored = lacking.isEmpty()
                    ? processBundles(store, ctx, bundles)
                    : writeResources(store, ctx, resources, label, lacking);
            double seconds = (System.nanoTime() - start) / 1e9;
            long count = store.countAll(ctx);
            double raw = provider.rawInsertSeconds(url, resources);
            long bytes = provider.bytesOnDisk(url);
            String note = (lacking.isEmpty()
                            ? ""
                            : "bulk writes of the Bundles' resources, references as written ("
                                    + missing(capabilities, lacking) + "); ")
                    + (raw > 0
                            ? String.format(
                                    Locale.ROOT,
                                    "%.1f%% of the raw-row baseline (%.0f rows/s)",
                                    100.0 * (count / seconds) / (resources.size() / raw),
                                    resources.size() / raw)
                            : "no raw baseline for this engine")
                    + (bytes >= 0 ? String.format(Locale.ROOT, "; %d bytes on disk", bytes) : "");
            rows.add(new Row(label, "ingest", count, seconds, new double[0], note));

            List<String> patientIds = idsOf(stored, "Patient", 100);
            List<String> observations = idsOf(stored, "Observation", 1000);
            List<StoredResource> patients = store.readMany(ctx, "Patient", patientIds);
            Random random = new Random(3);
            rows.add(timed(label, "read by id", runs, i -> {
                store.read(ctx, "Observation", observations.get(random.nextInt(observations.size())));
                return null;
            }));
            SampleQueries.DataValues values =
                    capabilities.supports(Capability.SEARCH) ? SampleQueries.pick(store, ctx) : SampleQueries.PREFERRED;
            StoredResource first = patients.get(0);
            Map<String, String> example =
                    SampleQueries.forPatient(first.id(), SampleQueries.family(first.json()), values);
            for (String query : example.keySet()) {
                String operation = "search: " + query;
                List<Capability> needs = SampleQueries.needs(query).stream()
                        .filter(c -> !capabilities.supports(c))
                        .toList();
                if (!needs.isEmpty()) {
                    rows.add(skipped(label, operation, capabilities, needs));
                    continue;
                }
                Row row = timed(label, operation, runs, i -> {
                    StoredResource p = patients.get(i % patients.size());
                    store.search(
                            ctx,
                            SearchQuery.parse(SampleQueries.forPatient(p.id(), SampleQueries.family(p.json()), values)
                                    .get(query)));
                    return null;
                });
                rows.add(new Row(
                        row.store(),
                        row.operation(),
                        row.count(),
                        row.seconds(),
                        row.millis(),
                        "e.g. " + example.get(query)));
            }
            if (capabilities.supports(Capability.HISTORY_TYPE)) {
                rows.add(timed(label, "history (type)", runs, i -> {
                    store.history(ctx, HistoryRequest.type("Patient"));
                    return null;
                }));
            } else {
                rows.add(skipped(label, "history (type)", capabilities, List.of(Capability.HISTORY_TYPE)));
            }
            if (capabilities.supports(Capability.OPTIMISTIC_LOCKING)) {
                rows.add(contendedUpdates(label, store, ctx, patients));
            } else {
                rows.add(skipped(label, UPDATES, capabilities, List.of(Capability.OPTIMISTIC_LOCKING)));
            }
        }
        return rows;
    }

    /** The Bundles as transactions; returns the {@code Type/id} of every resource they stored. */
    private static List<String> processBundles(FhirStore store, TenantContext ctx, List<String> bundles)
            throws IOException {
        List<String> stored = new ArrayList<>();
        for (String bundle : bundles) {
            for (JsonNode entry :
                    JSON.readTree(store.processBundle(ctx, bundle)).path("entry")) {
                String[] location =
                        entry.path("response").path("location").asText("").split("/", -1);
                if (location.length >= 2) {
                    stored.add(location[0] + "/" + location[1]);
                }
            }
        }
        return stored;
    }

    /**
     * For a store that cannot process the Bundles (Synthea's entries are conditional creates, their references
     * conditional): the Bundles' resources in bulk writes of 1000, each under its own id, references as written.
     */
    private static List<String> writeResources(
            FhirStore store, TenantContext ctx, List<String> resources, String label, List<Capability> lacking) {
        if (!store.capabilities().supports(Capability.BULK_WRITE)) {
            throw new CliException(
                    label + " can neither process the Bundles (" + missing(store.capabilities(), lacking)
                            + ") nor write in bulk",
                    "bench a store that offers transactions with conditional creates and search, or bulk writes");
        }
        List<String> stored = new ArrayList<>();
        for (int from = 0; from < resources.size(); from += 1000) {
            List<ResourceWrite> writes = new ArrayList<>();
            for (String json : resources.subList(from, Math.min(resources.size(), from + 1000))) {
                writes.add(LoadCommand.parse(json));
            }
            store.writeBulk(ctx, writes).forEach(r -> stored.add(r.reference()));
        }
        return stored;
    }

    /** The ids of the first {@code limit} references of one type. */
    private static List<String> idsOf(List<String> references, String type, int limit) {
        return references.stream()
                .filter(r -> r.startsWith(type + "/"))
                .map(r -> r.substring(type.length() + 1))
                .distinct()
                .limit(limit)
                .toList();
    }

    /** An operation the store cannot run, reported with the reason instead of a measurement. */
    private static Row skipped(String label, String operation, Capabilities capabilities, List<Capability> lacking) {
        return new Row(label, operation, 0, 0, new double[0], "skipped: " + missing(capabilities, lacking));
    }

    /** For example {@code postgres: no SEARCH capability}. */
    private static String missing(Capabilities capabilities, List<Capability> lacking) {
        return capabilities.backend() + ": no "
                + String.join(", ", lacking.stream().map(Enum::name).toList())
                + (lacking.size() == 1 ? " capability" : " capabilities");
    }

    private static Row timed(String url, String operation, int runs, IntFunction<Void> op) {
        for (int i = 0; i < Math.min(20, runs); i++) {
            op.apply(i); // warm-up
        }
        double[] millis = new double[runs];
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            op.apply(i);
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(millis);
        return new Row(url, operation, runs, seconds, millis, "");
    }

    /** 4 threads update the same 4 Patients with If-Match, retrying on version conflicts. */
    private static Row contendedUpdates(String url, FhirStore store, TenantContext ctx, List<StoredResource> patients)
            throws Exception {
        int threads = 4;
        int perThread = 25;
        List<StoredResource> targets = patients.subList(0, Math.min(4, patients.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] conflicts = new long[threads];
        List<Future<double[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    double[] millis = new double[perThread];
                    for (int i = 0; i < perThread; i++) {
                        StoredResource target = targets.get((thread + i) % targets.size());
                        long begin = System.nanoTime();
                        while (true) {
                            StoredResource current = store.read(ctx, "Patient", target.id());
                            try {
                                store.updateIfMatch(ctx, "Patient", target.id(), current.json(), current.versionId());
                                break;
                            } catch (VersionConflictException e) {
                                conflicts[thread]++;
                            }
                        }
                        millis[i] = (System.nanoTime() - begin) / 1e6;
                    }
                    return millis;
                }));
            }
            double[] all = new double[threads * perThread];
            int k = 0;
            for (Future<double[]> f : results) {
                for (double m : f.get()) {
                    all[k++] = m;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(all);
            long conflicted = Arrays.stream(conflicts).sum();
            return new Row(url, UPDATES, all.length, seconds, all, conflicted + " version conflicts retried");
        } finally {
            pool.shutdownNow();
        }
    }
}
