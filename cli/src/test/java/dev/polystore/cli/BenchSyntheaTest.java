package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --synthea-patients 1} end to end with the real Synthea: resolved from Maven Central (through the local
 * Maven repository) into a fresh cache, run in its own JVM, its Bundles benched; then a second bench reusing them. The
 * ingested count is checked against the generated files, read here independently of the command. Seed 1 makes one
 * short life (about 20 s of Synthea); seed 42 would make five, one of them 100 years long.
 */
class BenchSyntheaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void benchesSeededSyntheaDataAndReusesItTheSecondTime() throws IOException {
        Path cache = dir.resolve("synthea-cache");
        Path out = dir.resolve("bench");
        String store = "sqlite:" + dir.resolve("a.db");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = bench(stdout, stderr, cache, out, store);
        assertThat(status).as("stdout %s%nstderr %s", stdout, stderr).isZero();
        assertThat(stderr.toString())
                .contains("synthea: resolving org.mitre.synthea:synthea:3.3.0")
                .contains("synthea: generating 1 patients (seed 1")
                .contains("synthea: generated ");

        Path data = cache.resolve("data").resolve("p1-seed1-20250101");
        String log = Files.readString(data.resolveSibling("p1-seed1-20250101.log"), StandardCharsets.UTF_8);
        assertThat(log.lines().findFirst().orElseThrow())
                .as("the reproducible command ran, in its own JVM")
                .contains(" App -s 1 -cs 1 -r 20250101 -e 20250101 -p 1 --exporter.baseDirectory=")
                .contains(cache.resolve("lib").toString());
        assertThat(log).contains("Records: total=");
        try (Stream<Path> jars = Files.list(cache.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .as("Synthea and its runtime dependencies")
                    .contains("synthea-3.3.0.jar")
                    .hasSizeGreaterThan(100);
        }

        // independently: the generated Bundles' resources, and the Patients' family names
        List<Path> files;
        try (Stream<Path> list = Files.list(data.resolve("fhir"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).toList();
        }
        long resources = 0;
        List<String> families = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode entry : JSON.readTree(file.toFile()).path("entry")) {
                resources++;
                JsonNode r = entry.path("resource");
                if (r.path("resourceType").asText().equals("Patient")) {
                    families.add(r.path("name").path(0).path("family").asText());
                }
            }
        }
        assertThat(files).as("patient and *Information Bundles").hasSizeGreaterThanOrEqualTo(3);
        assertThat(families).isNotEmpty();
        assertThat(resources).isNotEqualTo(8294).isGreaterThan(100);

        List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
        assertThat(csv).as("header and 13 operations").hasSize(14);
        assertThat(csv.get(1)).as("every generated resource ingested").startsWith(store + ",ingest," + resources + ",");
        String byName = csv.stream()
                .filter(l -> l.startsWith(store + ",search: a patient by name,"))
                .findFirst()
                .orElseThrow();
        assertThat(families)
                .as("the query's name comes from the generated data: %s", byName)
                .anyMatch(f -> byName.contains("e.g. Patient?name=" + f + "\""));
        assertThat(stdout.toString())
                .contains("workload: Synthea 3.3.0, 1 patients, seed 1")
                .contains(resources + " resources in " + files.size() + " Bundles");
        assertThat(Files.readString(out.resolve("bench.html"))).contains("Synthea 3.3.0, 1 patients, seed 1");

        // the second bench reuses the data: nothing resolved or generated
        StringWriter again = new StringWriter();
        StringWriter againErr = new StringWriter();
        assertThat(bench(again, againErr, cache, out, "sqlite::memory:"))
                .as("stderr %s", againErr)
                .isZero();
        assertThat(againErr.toString())
                .contains("synthea: reusing 1 patients (seed 1)")
                .doesNotContain("resolving")
                .doesNotContain("generating");
        assertThat(Files.readAllLines(out.resolve("bench.csv")).get(1))
                .startsWith("sqlite::memory:,ingest," + resources + ",");
    }

    private static int bench(StringWriter out, StringWriter err, Path cache, Path dir, String store) {
        return PolystoreCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "bench",
                "--synthea-patients",
                "1",
                "--seed",
                "1",
                "--synthea-cache",
                cache.toString(),
                "--store",
                store,
                "--out",
                dir.toString(),
                "--runs",
                "3");
    }
}
