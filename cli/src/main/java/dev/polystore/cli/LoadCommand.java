package dev.polystore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.tenant.TenantContext;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code load PATH...}: transaction and batch Bundles, single resources ({@code .json}), NDJSON ({@code .ndjson}), any
 * of them gzipped ({@code .gz}), and whole directories (recursively; Synthea's {@code *Information*} Bundles, which
 * define what the patients' conditional references point at, first). A bad file is reported with its name (and entry
 * or line) and the others still load unless {@code --fail-fast}; the exit status is 1 when anything failed.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Loads FHIR Bundles, resources and NDJSON files into the store.",
        footer = {"", "Example: polystore load ./output/fhir --store sqlite:./synthea.db"})
final class LoadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NDJSON_CHUNK = 1000;

    /**
     * The order files load in: Synthea's {@code *Information*} Bundles (the Organizations, Locations and Practitioners
     * the patients' conditional references point at) first, then by name.
     */
    static final Comparator<String> LOAD_ORDER =
            Comparator.comparing((String name) -> !name.contains("Information")).thenComparing(name -> name);

    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to load.")
    List<Path> paths;

    @Option(names = "--fail-fast", description = "Stop at the first file that fails.")
    boolean failFast;

    /** When to draw the progress bar. */
    enum Progress {
        auto,
        always,
        never
    }

    @Option(
            names = "--progress",
            paramLabel = "WHEN",
            description = "The progress bar (bytes, rate, ETA, resources, errors): auto (on a terminal, the default),"
                    + " always, never.")
    Progress progress = Progress.auto;

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description = "Record each file loaded without error in FILE, and skip the files FILE already records: run"
                    + " the same command again to resume an interrupted load.")
    Path journal;

    private long loaded;
    private long errors;
    private int failedFiles;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = files(paths);
        java.util.Set<String> done = journalEntries();
        int skipped = 0;
        long start = System.nanoTime();
        try (FhirStore store = options.open();
                ProgressBar bar = progressBar(files, err)) {
            TenantContext ctx = options.context();
            for (Path file : files) {
                if (done.contains(journalKey(file))) {
                    skipped++;
                    step(bar, file);
                    continue;
                }
                long before = errors;
                try {
                    loadFile(store, ctx, file, err);
                } catch (FhirPersistenceException | IllegalArgumentException e) {
                    errors++;
                    err.println("error: " + file + ": " + Stores.redact(e.getMessage()));
                } catch (IOException | UncheckedIOException e) {
                    errors++;
                    err.println("error: " + file + ": cannot read: " + e.getMessage());
                }
                if (errors == before) {
                    record(file);
                }
                step(bar, file);
                if (errors > before) {
                    failedFiles++;
                    if (failFast) {
                        err.println("stopped at the first failing file (--fail-fast)");
                        break;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(
                Locale.ROOT,
                "loaded %d resources from %d files in %.1f s (%.0f resources/s); %d errors in %d files%s%n",
                loaded,
                files.size() - skipped,
                seconds,
                seconds > 0 ? loaded / seconds : 0,
                errors,
                failedFiles,
                skipped == 0 ? "" : "; " + skipped + " files skipped, already loaded (journal " + journal + ")");
        return errors == 0 ? 0 : 1;
    }

    private ProgressBar progressBar(List<Path> files, PrintWriter err) {
        boolean show = progress == Progress.always || (progress == Progress.auto && System.console() != null);
        if (!show) {
            return null;
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += size(f);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("load")
                .setInitialMax(bytes)
                .setUnit(" MB", 1L << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setUpdateIntervalMillis(500);
        if (progress == Progress.always && System.console() == null) {
            // not a terminal (a pipe, a test): one line per update
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> {
                err.println(line);
                err.flush();
            }));
        }
        return builder.build();
    }

    private void step(ProgressBar bar, Path file) {
        if (bar != null) {
            bar.stepBy(size(file));
            bar.setExtraMessage(loaded + " resources, " + errors + " errors");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A file as the journal records it: absolute path, size and modification time (a changed file loads again). */
    private static String journalKey(Path file) {
        try {
            return file.toAbsolutePath().normalize() + "\t" + Files.size(file) + "\t"
                    + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private java.util.Set<String> journalEntries() {
        if (journal == null || !Files.exists(journal)) {
            return java.util.Set.of();
        }
        try {
            return new java.util.HashSet<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException("cannot read the journal " + journal + ": " + e.getMessage(), "check the path");
        }
    }

    private void record(Path file) {
        if (journal == null) {
            return;
        }
        try {
            Files.writeString(
                    journal,
                    journalKey(file) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files to load, in order: directories recursively, Synthea's shared-resource Bundles first. */
    static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CliException("'" + path + "' does not exist", "give files or directories to load");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(LoadCommand::loadable)
                            .sorted(Comparator.comparing(
                                            (Path p) -> p.getFileName().toString(), LOAD_ORDER)
                                    .thenComparing(Path::toString))
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static boolean loadable(Path p) {
        String name = plainName(p);
        return name.endsWith(".json") || name.endsWith(".ndjson");
    }

    private static String plainName(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    private void loadFile(FhirStore store, TenantContext ctx, Path file, PrintWriter err) throws IOException {
        if (plainName(file).endsWith(".ndjson")) {
            loadNdjson(store, ctx, file, err);
            return;
        }
        String text;
        try (InputStream in = open(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        String type = root.path("resourceType").asText("");
        String bundleType = root.path("type").asText("");
        if (type.equals("Bundle") && (bundleType.equals("transaction") || bundleType.equals("batch"))) {
            JsonNode response = JSON.readTree(store.processBundle(ctx, text));
            int index = 0;
            for (JsonNode entry : response.path("entry")) {
                String status = entry.path("response").path("status").asText("");
                if (status.startsWith("2")) {
                    loaded++;
                } else {
                    errors++;
                    err.println("error: " + file + ": entry " + index + ": " + status + " "
                            + entry.path("response")
                                    .path("outcome")
                                    .path("issue")
                                    .path(0)
                                    .path("diagnostics")
                                    .asText(""));
                }
                index++;
            }
            return;
        }
        write(store, ctx, List.of(text), file, 0, err);
    }

    private void loadNdjson(FhirStore store, TenantContext ctx, Path file, PrintWriter err) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            List<String> chunk = new ArrayList<>();
            int firstLine = 1;
            int lineNumber = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    if (chunk.isEmpty()) {
                        firstLine = lineNumber + 1;
                    }
                    continue;
                }
                chunk.add(line);
                if (chunk.size() == NDJSON_CHUNK) {
                    write(store, ctx, chunk, file, firstLine, err);
                    chunk = new ArrayList<>();
                    firstLine = lineNumber + 1;
                }
            }
            if (!chunk.isEmpty()) {
                write(store, ctx, chunk, file, firstLine, err);
            }
        }
    }

    /**
     * Writes resources (PUT when they carry an id, else POST): in one bulk write when the store offers it, resource by
     * resource (to name the bad ones) when that fails or is not offered.
     *
     * @param firstLine the line of the first resource, or 0 for a single-resource file
     */
    private void write(
            FhirStore store, TenantContext ctx, List<String> resources, Path file, int firstLine, PrintWriter err) {
        List<ResourceWrite> writes = new ArrayList<>(resources.size());
        for (int i = 0; i < resources.size(); i++) {
            try {
                writes.add(parse(resources.get(i)));
            } catch (IllegalArgumentException e) {
                writes.add(null);
            }
        }
        if (resources.size() > 1 && store.capabilities().supports(Capability.BULK_WRITE) && !writes.contains(null)) {
            try {
                store.writeBulk(ctx, writes);
                loaded += writes.size();
                return;
            } catch (FhirPersistenceException e) {
                // find the bad ones below
            }
        }
        for (int i = 0; i < resources.size(); i++) {
            String where = firstLine == 0 ? file.toString() : file + ": line " + (firstLine + i);
            try {
                ResourceWrite w = writes.get(i) != null ? writes.get(i) : parse(resources.get(i));
                if (w.id() == null) {
                    store.create(ctx, w.resourceType(), w.json());
                } else {
                    store.update(ctx, w.resourceType(), w.id(), w.json());
                }
                loaded++;
            } catch (FhirPersistenceException | IllegalArgumentException e) {
                errors++;
                err.println("error: " + where + ": " + Stores.redact(e.getMessage()));
            }
        }
    }

    /** A resource as a write: PUT when it carries an id, else POST. */
    static ResourceWrite parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (!node.path("resourceType").isTextual()) {
            throw new IllegalArgumentException("not a FHIR resource: no resourceType");
        }
        String id = node.path("id").isTextual() ? node.get("id").asText() : null;
        return ResourceWrite.of(node.get("resourceType").asText(), id, json);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
