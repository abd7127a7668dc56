package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FocusedSearchSuite;
import dev.polystore.testservers.PostgresMajor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;

/**
 * The focused scenarios on PostgreSQL 18. After the suite's load of 2,200 resources the schema is analyzed: on tables
 * that were never analyzed the planner estimates one row per condition and picks nested loops over whole index ranges,
 * and the chain over 1,100 patients then runs for minutes (44 ms with statistics); autovacuum analyzes only after its
 * naptime.
 */
@DisplayName("PostgreSQL 18, shared schema: focused search scenarios")
class PostgresFocusedSearchTest extends FocusedSearchSuite {
    private static final String SCHEMA = "focused_search_suite";

    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema(SCHEMA)
                .build();
    }

    @Override
    protected void afterBulkLoad(FhirStore store) {
        try (Connection c = PostgresAdmin.connect(PostgresAdmin.server().database());
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            s.execute("ANALYZE resources, resource_versions, idx_string, idx_token, idx_reference");
        } catch (SQLException e) {
            throw new IllegalStateException("ANALYZE of " + SCHEMA + " failed", e);
        }
    }
}
