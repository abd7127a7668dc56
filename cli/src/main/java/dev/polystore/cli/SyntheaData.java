package dev.polystore.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Seeded, reproducible Synthea data for {@code bench --synthea-patients N}, cached on disk.
 *
 * <p>Synthea ({@code org.mitre.synthea:synthea}) is not a dependency of the command line: its runtime jars are copied
 * from Maven Central into {@code <cache>/lib} by running Maven on a generated pom, once, and Synthea runs in a JVM of
 * its own so its jars never meet ours. The data of one (patients, seed) pair is generated once into {@code
 * <cache>/data/<key>} (its FHIR transaction Bundles under {@code fhir/}) and reused afterwards. Both land under a
 * temporary name and are renamed when complete, so an interrupted run leaves nothing that looks finished.
 */
final class SyntheaData {
    /** The Synthea release used: fixed, so that a seed always means the same data. */
    static final String VERSION = "3.3.0";

    /** Synthea's reference and end date: without a fixed end date it simulates up to today and the data drifts. */
    static final String SIMULATION_DATE = "20250101";

    /** Overrides the cache folder (default {@code ~/.cache/polystore/synthea/3.3.0}). */
    static final String CACHE_ENV = "POLYSTORE_SYNTHEA_CACHE";

    /** The repository root, exported by the {@code ./polystore} script: its Maven wrapper resolves Synthea. */
    static final String HOME_ENV = "POLYSTORE_HOME";

    private static final Pattern PERSON_LINE = Pattern.compile("^\\d+ -- .*");
    private static final Pattern RECORDS_LINE = Pattern.compile("Records: total=(\\d+), alive=(\\d+), dead=(\\d+)");
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final Path cache;
    private final Map<String, String> env;
    private final PrintWriter progress;

    /**
     * @param cache the cache folder for this Synthea version
     * @param env the environment ({@link #HOME_ENV} and {@code PATH} are read from it)
     * @param progress where the steps and their times are reported
     */
    SyntheaData(Path cache, Map<String, String> env, PrintWriter progress) {
        this.cache = cache;
        this.env = env;
        this.progress = progress;
    }

    /** The cache folder: {@link #CACHE_ENV} when set, else {@code <home>/.cache/polystore/synthea/<version>}. */
    static Path defaultCache(Map<String, String> env, String userHome) {
        String configured = env.get(CACHE_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(userHome, ".cache", "polystore", "synthea", VERSION);
    }

    /** The cache key of one generated data set: everything that changes Synthea's output is in it. */
    static String dataKey(int patients, long seed) {
        return "p" + patients + "-seed" + seed + "-" + SIMULATION_DATE;
    }

    Path libDirectory() {
        return cache.resolve("lib");
    }

    Path dataDirectory(int patients, long seed) {
        return cache.resolve("data").resolve(dataKey(patients, seed));
    }

    /**
     * The folder of Synthea's FHIR Bundles for (patients, seed): from the cache, or generated (and Synthea resolved)
     * first.
     */
    Path bundles(int patients, long seed) {
        Path data = dataDirectory(patients, seed);
        if (Files.isDirectory(data.resolve("fhir"))) {
            progress.printf(Locale.ROOT, "synthea: reusing %d patients (seed %d) from %s%n", patients, seed, data);
            return data.resolve("fhir");
        }
        Path lib = resolve();
        generate(lib, patients, seed, data);
        return data.resolve("fhir");
    }

    /** Synthea's runtime jars, copied from Maven Central into the cache when missing. */
    Path resolve() {
        Path lib = libDirectory();
        if (Files.isRegularFile(lib.resolve("synthea-" + VERSION + ".jar"))) {
            return lib;
        }
        Path maven = maven(env, isWindows())
                .orElseThrow(() -> new CliException(
                        "cannot resolve Synthea " + VERSION + ": no Maven wrapper (" + HOME_ENV
                                + " is not set) and no mvn on the PATH",
                        "run through the repository's ./polystore script, install Maven, or put Synthea's jars in "
                                + lib + " (see --synthea-cache)"));
        Path work = cache.resolve("resolve");
        Path partial = cache.resolve("lib.partial");
        Path log = cache.resolve("resolve.log");
        try {
            Files.createDirectories(work);
            deleteRecursively(partial);
            Files.writeString(work.resolve("pom.xml"), pom(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.printf(
                Locale.ROOT,
                "synthea: resolving org.mitre.synthea:synthea:%s and its runtime jars with %s into %s%n",
                VERSION,
                maven,
                lib);
        progress.flush();
        long start = System.nanoTime();
        int status = run(resolveCommand(maven, work.resolve("pom.xml"), partial), work, log, line -> {});
        if (status != 0 || !Files.isRegularFile(partial.resolve("synthea-" + VERSION + ".jar"))) {
            throw failure(
                    "resolving Synthea with Maven failed (exit " + status + ")",
                    log,
                    "Maven needs to reach Maven Central (or a mirror in its settings) the first time");
        }
        try {
            deleteRecursively(lib); // an incomplete copy made by hand
            Files.move(partial, lib, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(lib)) { // else another run finished first: use its copy
                throw new UncheckedIOException(e);
            }
        }
        progress.printf(
                Locale.ROOT,
                "synthea: resolved %d jars in %.1f s%n",
                count(lib, ".jar"),
                (System.nanoTime() - start) / 1e9);
        return lib;
    }

    private void generate(Path lib, int patients, long seed, Path data) {
        Path partial = data.resolveSibling(data.getFileName() + ".partial");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        try {
            deleteRecursively(partial);
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long heap = heapMegabytes(patients, Runtime.getRuntime().availableProcessors(), physicalMemoryBytes());
        progress.printf(
                Locale.ROOT, "synthea: generating %d patients (seed %d, -Xmx%dm), log %s%n", patients, seed, heap, log);
        progress.flush();
        long start = System.nanoTime();
        long[] people = {0};
        long[] lastReport = {start};
        String[] records = {null};
        List<String> command = generateCommand(javaExecutable(), lib, heap, patients, seed, partial);
        int status = run(command, partial, log, line -> {
            if (PERSON_LINE.matcher(line).matches()) {
                people[0]++;
                long now = System.nanoTime();
                if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                    lastReport[0] = now;
                    progress.printf(Locale.ROOT, "synthea: %d people so far, %.0f s%n", people[0], (now - start) / 1e9);
                    progress.flush();
                }
            }
            Matcher m = RECORDS_LINE.matcher(line);
            if (m.find()) {
                records[0] = m.group(1) + " people (" + m.group(2) + " alive, " + m.group(3) + " dead)";
            }
        });
        Path fhir = partial.resolve("fhir");
        if (status != 0 || !Files.isDirectory(fhir) || count(fhir, ".json") == 0) {
            try {
                deleteRecursively(partial);
            } catch (IOException e) {
                // the next run deletes it
            }
            throw failure(
                    "Synthea failed (exit " + status + ") generating " + patients + " patients",
                    log,
                    "an OutOfMemoryError means too small a heap for this machine; a missing class, an incomplete "
                            + libDirectory() + " (delete it to resolve it again)");
        }
        try {
            Files.move(partial, data, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(data.resolve("fhir"))) {
                throw new UncheckedIOException(e);
            }
        }
        progress.printf(
                Locale.ROOT,
                "synthea: generated %s in %.1f s: %d Bundles in %s%n",
                records[0] != null ? records[0] : people[0] + " people",
                (System.nanoTime() - start) / 1e9,
                count(data.resolve("fhir"), ".json"),
                data.resolve("fhir"));
    }

    /** The generated pom: Synthea as its one dependency, so Maven copies it with its runtime dependencies. */
    static String pom() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Generated by polystore bench: resolves Synthea's runtime jars (dependency:copy-dependencies). -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.polystore.generated</groupId>
                  <artifactId>synthea-runtime</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                    <dependency>
                      <groupId>org.mitre.synthea</groupId>
                      <artifactId>synthea</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                </project>
                """
                .formatted(VERSION);
    }

    /** The Maven command that copies Synthea's runtime jars into {@code output} (the plugin version pinned). */
    static List<String> resolveCommand(Path maven, Path pom, Path output) {
        return List.of(
                maven.toString(),
                "-B",
                "-f",
                pom.toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies",
                "-DincludeScope=runtime",
                "-DoutputDirectory=" + output);
    }

    /** The reproducible Synthea command: seeds and dates fixed, so the same arguments give the same resources. */
    static List<String> generateCommand(
            Path java, Path lib, long heapMegabytes, int patients, long seed, Path baseDirectory) {
        return List.of(
                java.toString(),
                "-Xmx" + heapMegabytes + "m",
                "-cp",
                lib.resolve("*").toString(),
                "App",
                "-s",
                Long.toString(seed),
                "-cs",
                Long.toString(seed),
                "-r",
                SIMULATION_DATE,
                "-e",
                SIMULATION_DATE,
                "-p",
                Integer.toString(patients),
                "--exporter.baseDirectory=" + baseDirectory,
                "Massachusetts");
    }

    /**
     * Synthea's heap: about 1.5 GB for its modules and geography, plus room for each record being built at once (one
     * per core; a long life makes a record of hundreds of MB before it is written out), at most 8 GB and never more
     * than half the machine.
     */
    static long heapMegabytes(int patients, int cores, long physicalBytes) {
        long wanted = Math.min(8192, 1536 + 768L * Math.max(1, Math.min(cores, patients)));
        long half = physicalBytes > 0 ? physicalBytes / 2 / (1 << 20) : wanted;
        return Math.max(1024, Math.min(wanted, half));
    }

    /**
     * The Maven to run: the repository's wrapper when {@link #HOME_ENV} names a checkout that has one, else {@code mvn}
     * from the PATH.
     */
    static Optional<Path> maven(Map<String, String> env, boolean windows) {
        String home = env.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            Path wrapper = Path.of(home, windows ? "mvnw.cmd" : "mvnw");
            if (Files.isExecutable(wrapper) || (windows && Files.isRegularFile(wrapper))) {
                return Optional.of(wrapper);
            }
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : windows ? List.of("mvn.cmd", "mvn.bat") : List.of("mvn")) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    /** Runs a process, its output and errors going line by line to the log and to {@code lines}; returns its status. */
    private static int run(List<String> command, Path directory, Path log, Consumer<String> lines) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new CliException(
                    "cannot run " + command.get(0) + ": " + e.getMessage(), "check that it exists and can run");
        }
        // Ctrl-C on bench stops the child too, instead of leaving it running
        Thread stopChild = new Thread(process::destroy, "stop " + command.get(0));
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            process.getOutputStream().close();
            try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                out.write(String.join(" ", command));
                out.newLine();
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush(); // the log can be followed while it runs
                    lines.accept(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new CliException(
                    "cannot write the log " + log + ": " + e.getMessage(), "check the cache folder (--synthea-cache)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running " + command.get(0), "run bench again");
        } finally {
            process.destroy(); // no-op once it has ended
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** A failure that shows the end of the process's log, where the reason usually is. */
    private static CliException failure(String message, Path log, String cause) {
        List<String> tail = new ArrayList<>();
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = all.subList(Math.max(0, all.size() - 30), all.size());
        } catch (IOException | UncheckedIOException e) {
            // no log to show
        }
        return new CliException(
                message + "; the end of its log " + log + ":" + System.lineSeparator()
                        + String.join(System.lineSeparator(), tail),
                "read the whole log " + log + "; " + cause);
    }

    private static long count(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
