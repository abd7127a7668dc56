package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link SyntheaData} builds its commands, sizes the heap, finds Maven and keys its cache (no process run). */
class SyntheaDataTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void theCacheKeyChangesWithPatientsAndSeedOnly() {
        assertThat(SyntheaData.dataKey(10, 42)).isEqualTo("p10-seed42-20250101");
        Set<String> keys = Stream.of(
                        SyntheaData.dataKey(1, 42),
                        SyntheaData.dataKey(10, 42),
                        SyntheaData.dataKey(1, 7),
                        SyntheaData.dataKey(11, 4),
                        SyntheaData.dataKey(1, 14))
                .collect(Collectors.toSet());
        assertThat(keys).as("no two (patients, seed) pairs share a key").hasSize(5);
        assertThat(SyntheaData.dataKey(1, 42)).isEqualTo(SyntheaData.dataKey(1, 42));
    }

    @Test
    void theCacheFolderComesFromTheEnvironmentElseTheHomeFolder() {
        assertThat(SyntheaData.defaultCache(Map.of(), "/home/ann"))
                .isEqualTo(Path.of("/home/ann", ".cache", "polystore", "synthea", "3.3.0"));
        assertThat(SyntheaData.defaultCache(Map.of(SyntheaData.CACHE_ENV, "/data/synthea"), "/home/ann"))
                .isEqualTo(Path.of("/data/synthea"));
        assertThat(SyntheaData.defaultCache(Map.of(SyntheaData.CACHE_ENV, " "), "/home/ann"))
                .as("a blank setting is no setting")
                .isEqualTo(Path.of("/home/ann", ".cache", "polystore", "synthea", "3.3.0"));
        SyntheaData data = new SyntheaData(Path.of("/c"), Map.of(), new PrintWriter(new StringWriter()));
        assertThat(data.libDirectory()).isEqualTo(Path.of("/c/lib"));
        assertThat(data.dataDirectory(3, 9)).isEqualTo(Path.of("/c/data/p3-seed9-20250101"));
    }

    @Test
    void theGenerationCommandIsTheReproducibleOne() {
        List<String> command = SyntheaData.generateCommand(
                Path.of("/jdk/bin/java"), Path.of("/c/lib"), 2304, 5, 7, Path.of("/c/data/x.partial"));
        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Xmx2304m",
                        "-cp",
                        Path.of("/c/lib", "*").toString(),
                        "App",
                        "-s",
                        "7",
                        "-cs",
                        "7",
                        "-r",
                        "20250101",
                        "-e",
                        "20250101",
                        "-p",
                        "5",
                        "--exporter.baseDirectory=" + Path.of("/c/data/x.partial"),
                        "Massachusetts");
    }

    @Test
    void theResolveCommandCopiesTheRuntimeJarsOfTheGeneratedPom() {
        List<String> command =
                SyntheaData.resolveCommand(Path.of("/repo/mvnw"), Path.of("/c/resolve/pom.xml"), Path.of("/c/lib.x"));
        assertThat(command.get(0)).isEqualTo("/repo/mvnw");
        assertThat(command)
                .containsSubsequence("-f", "/c/resolve/pom.xml")
                .contains("-B", "-DincludeScope=runtime", "-DoutputDirectory=/c/lib.x")
                .anyMatch(a -> a.startsWith("org.apache.maven.plugins:maven-dependency-plugin:")
                        && a.endsWith(":copy-dependencies"));
        assertThat(SyntheaData.pom())
                .contains("<groupId>org.mitre.synthea</groupId>")
                .contains("<artifactId>synthea</artifactId>")
                .contains("<version>3.3.0</version>");
    }

    @Test
    void theHeapGrowsWithRecordsBuiltAtOnceWithinTheMachine() {
        assertThat(SyntheaData.heapMegabytes(1, 2, 23 * GIB))
                .as("one patient: one record at a time")
                .isEqualTo(1536 + 768);
        assertThat(SyntheaData.heapMegabytes(100, 2, 23 * GIB))
                .as("two cores: two records at a time")
                .isEqualTo(1536 + 2 * 768);
        assertThat(SyntheaData.heapMegabytes(1000, 64, 256 * GIB))
                .as("at most 8 GB")
                .isEqualTo(8192);
        assertThat(SyntheaData.heapMegabytes(100, 8, 4 * GIB))
                .as("at most half the machine")
                .isEqualTo(2048);
        assertThat(SyntheaData.heapMegabytes(100, 8, GIB)).as("at least 1 GB").isEqualTo(1024);
        assertThat(SyntheaData.heapMegabytes(100, 2, -1)).as("memory unknown").isEqualTo(1536 + 2 * 768);
    }

    @Test
    void mavenIsTheCheckoutsWrapperElseMvnOnThePath() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path mvn = executable(bin.resolve("mvn"));
        String path = empty + java.io.File.pathSeparator + bin;

        assertThat(SyntheaData.maven(Map.of(SyntheaData.HOME_ENV, checkout.toString(), "PATH", path), false))
                .as("a checkout without a wrapper: mvn from the PATH")
                .contains(mvn);
        Path wrapper = executable(checkout.resolve("mvnw"));
        assertThat(SyntheaData.maven(Map.of(SyntheaData.HOME_ENV, checkout.toString(), "PATH", path), false))
                .as("the checkout's wrapper first")
                .contains(wrapper);
        assertThat(SyntheaData.maven(Map.of("PATH", path), false)).contains(mvn);
        assertThat(SyntheaData.maven(Map.of("PATH", empty.toString()), false)).isEmpty();
        assertThat(SyntheaData.maven(Map.of(), false)).isEmpty();
    }

    @Test
    void withoutAnyMavenResolvingFailsWithAHint() {
        SyntheaData data = new SyntheaData(dir.resolve("cache"), Map.of(), new PrintWriter(new StringWriter()));
        assertThatThrownBy(() -> data.bundles(1, 42))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("cannot resolve Synthea 3.3.0")
                .hasMessageContaining("no mvn on the PATH")
                .satisfies(e -> assertThat(((CliException) e).hint())
                        .contains("./polystore")
                        .contains("--synthea-cache"));
        assertThat(dir.resolve("cache").resolve("lib")).doesNotExist();
    }

    @Test
    void aLibFolderWithoutSyntheasJarIsNotTakenForResolved() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("cache").resolve("lib"));
        Files.writeString(lib.resolve("commons-lang3.jar"), "not Synthea");
        SyntheaData data = new SyntheaData(dir.resolve("cache"), Map.of(), new PrintWriter(new StringWriter()));
        assertThatThrownBy(data::resolve)
                .isInstanceOf(CliException.class)
                .hasMessageContaining("cannot resolve Synthea 3.3.0");
        Files.writeString(lib.resolve("synthea-3.3.0.jar"), "stands for the jar");
        assertThat(data.resolve()).isEqualTo(lib);
    }

    @Test
    void aGeneratedDataSetIsReusedWithoutResolvingOrRunningAnything() throws IOException {
        Path cache = dir.resolve("cache");
        Path fhir = Files.createDirectories(
                cache.resolve("data").resolve("p2-seed5-20250101").resolve("fhir"));
        StringWriter progress = new StringWriter();
        // no Maven and no Synthea jars: reuse is the only way this can succeed
        SyntheaData data = new SyntheaData(cache, Map.of(), new PrintWriter(progress, true));
        assertThat(data.bundles(2, 5)).isEqualTo(fhir);
        assertThat(progress.toString()).contains("reusing 2 patients (seed 5)");
        assertThat(cache.resolve("lib")).doesNotExist();
        assertThatThrownBy(() -> data.bundles(2, 6))
                .as("another seed is another data set")
                .isInstanceOf(CliException.class);
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
        return file;
    }
}
