package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.testservers.PostgresMajor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A bulk load leaves the planner with statistics of the loaded tables, not of the empty ones. */
@DisplayName("PostgreSQL planner statistics after a bulk write")
class PostgresStatisticsTest {
    @Test
    @DisplayName("The tables a bulk write grew are analyzed in the background")
    void bulkWriteRefreshesStatistics() throws Exception {
        loadAndExpectAnalyzed(3000, 1);
    }

    @Test
    @DisplayName("So are tables grown by many small writes")
    void smallWritesRefreshStatistics() throws Exception {
        loadAndExpectAnalyzed(100, 30);
    }

    private static void loadAndExpectAnalyzed(int perWrite, int writeCount) throws Exception {
        String schema = "stats_" + Long.toHexString(System.nanoTime());
        String database = PostgresAdmin.server().database();
        try (FhirStore store =
                PostgresTestServers.builder(PostgresMajor.V18).schema(schema).build()) {
            for (int w = 0; w < writeCount; w++) {
                List<ResourceWrite> writes = new ArrayList<>();
                for (int i = 0; i < perWrite; i++) {
                    String id = "p" + w + "-" + i;
                    writes.add(ResourceWrite.of(
                            "Patient",
                            id,
                            "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}"));
                }
                store.writeBulk(TenantContext.of("stats"), writes);
            }
            String analyzed = "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '" + schema
                    + "' AND relname IN ('resources', 'resource_versions', 'idx_token') AND last_analyze IS NOT NULL";
            String believed = "SELECT reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '" + schema + "' AND c.relname = 'resources'";
            long expected = (long) perWrite * writeCount;
            // the analysis runs in the background, possibly more than once: wait for the last (asynchronous, not timed)
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((PostgresAdmin.queryLong(database, analyzed) < 3
                            || PostgresAdmin.queryLong(database, believed) != expected)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(PostgresAdmin.queryLong(database, analyzed))
                    .as("tables analyzed after the load")
                    .isEqualTo(3);
            assertThat(PostgresAdmin.queryLong(database, believed))
                    .as("rows the planner believes resources holds")
                    .isEqualTo(expected);
        }
    }
}
