package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.sqlite.SqliteBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: loads the bundled Synthea sample (8 synthetic patients, about 8,300 resources) into a fresh SQLite
 * file and runs and times a set of searches, the search issue's query set among them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Loads the bundled synthetic sample into a fresh SQLite file and runs and times some searches.",
        footer = {"", "Example: polystore demo --database ./demo.db"})
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "/dev/polystore/cli/sample/";
    private static final int RUNS = 5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--database",
            paramLabel = "FILE",
            description = "The SQLite file to (re)create (default: ./polystore-demo.db).")
    Path database = Path.of("polystore-demo.db");

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
        TenantContext ctx = TenantContext.of("demo");
        try (FhirStore store = SqliteBackend.builder().file(database).build()) {
            long start = System.nanoTime();
            List<String> files = sampleFiles();
            for (String file : files) {
                store.processBundle(ctx, sample(file));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long resources = store.countAll(ctx);
            out.printf(
                    Locale.ROOT,
                    "loaded %d resources (%d patients) from %d Synthea Bundles into %s in %.1f s (%.0f resources/s)%n%n",
                    resources,
                    store.count(ctx, "Patient"),
                    files.size(),
                    database,
                    seconds,
                    resources / seconds);
            StoredResource patient = store.search(ctx, SearchQuery.parse("Patient?_sort=-_lastUpdated&_count=1"))
                    .matches()
                    .get(0);
            String id = patient.id();
            Map<String, String> queries =
                    SampleQueries.forPatient(id, SampleQueries.family(patient.json()), SampleQueries.pick(store, ctx));
            out.printf(Locale.ROOT, "%-40s %8s %9s %10s  %s%n", "search", "matches", "includes", "median ms", "query");
            for (Map.Entry<String, String> q : queries.entrySet()) {
                double[] millis = new double[RUNS];
                SearchResult result = null;
                for (int run = 0; run < RUNS; run++) {
                    long t = System.nanoTime();
                    result = store.search(ctx, SearchQuery.parse(q.getValue()));
                    millis[run] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(millis);
                out.printf(
                        Locale.ROOT,
                        "%-40s %8s %9d %10.2f  %s%n",
                        q.getKey(),
                        result.total() != null
                                ? result.total() + ""
                                : result.matches().size() + (result.nextCursor() != null ? "+" : ""),
                        result.includes().size(),
                        millis[RUNS / 2],
                        q.getValue());
            }
            out.printf(
                    Locale.ROOT,
                    "%nTry: ./polystore search '%s' --format table --store sqlite:%s --tenant demo%n",
                    "Condition?patient=" + id,
                    database);
        }
        return 0;
    }

    /** The sample's Bundles in load order: the Organizations, Locations and Practitioners first. */
    static List<String> sampleFiles() {
        List<String> files = new ArrayList<>();
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the sample is missing from the jar");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(l -> !l.isBlank())
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(LoadCommand.LOAD_ORDER);
        return files;
    }

    /** One sample Bundle's JSON. */
    static String sample(String file) {
        try (InputStream in = new GZIPInputStream(DemoCommand.class.getResourceAsStream(SAMPLE + file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
