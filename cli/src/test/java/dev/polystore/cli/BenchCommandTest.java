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
            assertThat(rows).anyMatch(r -> r.contains(",search: _has: patients with a HbA1c,3,"));
            assertThat(rows).anyMatch(r -> r.contains(",updates, 4 threads,100,"));
        }
        assertThat(csv.stream()
                        .filter(l -> l.startsWith(file + ",ingest"))
                        .findFirst()
                        .orElseThrow())
                .contains("bytes on disk");
        assertThat(out.toString()).contains("per second").contains("wrote ");
        String html = Files.readString(dir.resolve("bench.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table").contains("sqlite::memory:");
        assertThat(html.split("src=\"data:image/png;base64,", -1))
                .as("four charts embedded as PNG (no network needed)")
                .hasSize(5);
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }
}
