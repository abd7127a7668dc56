package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL in the middle of a transaction Bundle leaves no part of it, and loses nothing committed. */
class SqliteCrashSafetyTest {

    @Test
    @DisplayName("SIGKILL mid-transaction: the committed Bundle is complete, the interrupted one left nothing")
    void killedMidTransaction(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("crash.db");
        int entries = 200;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SqliteCrashChild.class.getName(),
                        file.toString(),
                        Integer.toString(entries))
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.equals("MIDWAY")) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback by the JVM
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(output).as("child output").contains("COMMITTED", "MIDWAY");
        assertThat(child.exitValue()).as("killed by signal 9").isEqualTo(137);

        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            TenantContext ctx = TenantContext.of("crash");
            assertThat(store.count(ctx, "Patient")).isEqualTo(entries);
            List<StoredResource> history =
                    store.history(ctx, HistoryRequest.system().count(1000)).entries();
            assertThat(history).hasSize(entries);
            assertThat(history).allSatisfy(r -> assertThat(r.json()).contains("\"family\":\"committed\""));
        }
    }
}
