package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.api.tenant.TenantContext;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SqliteCrashSafetyTest}: commits one transaction Bundle, then starts a second and parks in
 * the middle of it until the parent kills the process with SIGKILL.
 */
public final class SqliteCrashChild {
    private SqliteCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int entries = Integer.parseInt(args[1]);
        FhirStore store = SqliteBackend.builder().file(file).build();
        TenantContext ctx = TenantContext.of("crash");
        store.processBundle(ctx, SqliteTestBundles.patientTransaction("committed", entries));
        System.out.println("COMMITTED");
        System.out.flush();
        store.processBundle(ctx, SqliteTestBundles.patientTransaction("killed", entries), (done, total) -> {
            if (done == total / 2) {
                System.out.println("MIDWAY");
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.out.println("UNEXPECTED: second bundle finished");
    }
}
