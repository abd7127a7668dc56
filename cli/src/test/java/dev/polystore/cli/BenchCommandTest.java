package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} on a tiny workload, two stores side by side: every operation reported, as a table and as CSV. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void benchesTwoStoresSideBySideIntoCsv() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String file = "sqlite:" + dir.resolve("a.db");
        int status = PolystoreCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "bench",
                "--store",
                file,
                "--store",
                "sqlite::memory:",
                "--out",
                dir.toString(),
                "--runs",
                "3");
        assertThat(status).as("stderr %s", err).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
        assertThat(csv.get(0)).isEqualTo("store,operation,count,seconds,per_second,p50_ms,p95_ms,p99_ms,note");
        assertThat(csv).as("header and 13 operations per store").hasSize(1 + 2 * 13);
        for (String store : List.of(file, "sqlite::memory:")) {
            List<String> rows =
                    csv.stream().filter(l -> l.startsWith(store + ",")).toList();
            assertThat(rows).as(store).hasSize(13);
            assertThat(rows.get(0)).startsWith(store + ",ingest,8294,").contains("raw-row baseline");
            assertThat(rows).anyMatch(r -> r.contains(",search: _has: patients with a lab code,3,"));
            assertThat(rows).anyMatch(r -> r.contains(",updates, 4 threads,100,"));
        }
        assertThat(csv.stream()
                        .filter(l -> l.startsWith(file + ",ingest"))
                        .findFirst()
                        .orElseThrow())
                .contains("bytes on disk");
        assertThat(out.toString())
                .contains("workload: the bundled Synthea sample: 8294 resources in 10 Bundles")
                .contains("per second")
                .contains("wrote ");
        String html = Files.readString(dir.resolve("bench.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table").contains("sqlite::memory:");
        assertThat(html.split("src=\"data:image/png;base64,", -1))
                .as("four charts embedded as PNG (no network needed)")
                .hasSize(5);
        assertThat(html)
                .as("nothing loaded from elsewhere (the queries in the notes name code systems by URL)")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http")
                .doesNotContain("url(http");
    }

    @Test
    void aSeedWithoutSyntheaPatientsIsAnError() {
        StringWriter err = new StringWriter();
        int status = PolystoreCli.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "bench",
                "--seed",
                "7",
                "--out",
                dir.toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("--seed is a Synthea seed").contains("--synthea-patients");
        assertThat(dir.resolve("bench.csv")).doesNotExist();
    }

    @Test
    void syntheaNeedsAtLeastOnePatient() {
        StringWriter err = new StringWriter();
        int status = PolystoreCli.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "bench",
                "--synthea-patients",
                "0",
                "--synthea-cache",
                dir.resolve("cache").toString(),
                "--out",
                dir.toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("--synthea-patients must be at least 1");
        assertThat(dir.resolve("cache")).doesNotExist();
    }
}
