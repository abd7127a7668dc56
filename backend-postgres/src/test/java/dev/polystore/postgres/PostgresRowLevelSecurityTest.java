package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Row-level security on the shared schema: the policies, not the library's filters, keep a session that bypasses the
 * library to its own tenant's rows.
 */
@DisplayName("PostgreSQL row-level security")
class PostgresRowLevelSecurityTest {
    private static final TenantContext A = TenantContext.of("rls-a");
    private static final TenantContext B = TenantContext.of("rls-b");
    private static final String PATIENT =
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Walled\"}],\"gender\":\"female\"}";

    @Test
    @DisplayName("A session sees and writes only the rows of the tenant it names, none without one")
    void policiesHoldBelowTheLibrary() throws Exception {
        String database = PostgresAdmin.appRoleDatabase("rls");
        try (FhirStore store = PostgresAdmin.appRoleBuilder(database)
                .rowLevelSecurity(true)
                .schema("walled")
                .build()) {
            store.create(A, "Patient", PATIENT);
            store.create(A, "Patient", PATIENT);
            store.create(B, "Patient", PATIENT);
            assertThat(store.search(A, SearchQuery.parse("Patient?family=walled"))
                            .matches())
                    .hasSize(2);
            assertThat(store.search(B, SearchQuery.parse("Patient?family=walled"))
                            .matches())
                    .hasSize(1);
        }
        try (Connection c = PostgresAdmin.connectAsApp(database)) {
            c.setAutoCommit(false);
            for (String table : new String[] {"resources", "resource_versions", "idx_string", "idx_token"}) {
                assertThat(count(c, "SELECT count(*) FROM walled." + table))
                        .as("rows of %s without a tenant", table)
                        .isZero();
            }
            c.rollback();
            name(c, "rls-a");
            assertThat(count(c, "SELECT count(*) FROM walled.resources")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM walled.resources WHERE tenant = 'rls-b'"))
                    .as("another tenant's rows, asked for by name")
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM walled.idx_string WHERE tenant <> 'rls-a'"))
                    .isZero();
            assertThatThrownBy(() -> {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("UPDATE walled.resources SET tenant = 'rls-b'");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
            c.rollback();
            name(c, "rls-a");
            assertThatThrownBy(() -> {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("INSERT INTO walled.resources (tenant, type, id, version, deleted)"
                                    + " VALUES ('rls-b', 'Patient', 'planted', 1, false)");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
            c.rollback();
        }
        // a store built later without the option still names the tenant, so it sees its data
        try (FhirStore store =
                PostgresAdmin.appRoleBuilder(database).schema("walled").build()) {
            assertThat(store.search(A, SearchQuery.parse("Patient?family=walled"))
                            .matches())
                    .hasSize(2);
        }
    }

    @Test
    @DisplayName("Refused where it cannot hold: as a superuser, and with a schema or database per tenant")
    void refusedWhereItCannotHold() {
        assertThatThrownBy(() -> PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                        .rowLevelSecurity(true)
                        .schema("rls_superuser")
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("superuser");
        assertThatThrownBy(() -> PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                        .rowLevelSecurity(true)
                        .tenancy(TenancyStrategy.SCHEMA_PER_TENANT)
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SHARED_SCHEMA");
    }

    private static void name(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('polystore.tenant', ?, true)")) {
            ps.setString(1, tenant);
            ps.execute();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
