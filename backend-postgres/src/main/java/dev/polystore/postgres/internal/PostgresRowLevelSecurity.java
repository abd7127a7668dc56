package dev.polystore.postgres.internal;

import dev.polystore.api.error.ConfigurationException;
import dev.polystore.sql.SqlIndexLayout.ValueTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Row-level security for the shared schema: a second wall between tenants below the library's own tenant filters. Each
 * table with a tenant column gets the policy {@value #POLICY}, which shows and accepts only rows whose tenant is the
 * transaction's setting {@value #SETTING}; the library sets it at the start of every transaction ({@link
 * #setTenant}). {@code FORCE ROW LEVEL SECURITY} makes the policy bind the tables' owner too, so it holds for the
 * ordinary role the application connects as; a session that has not set the tenant sees and writes no rows at all.
 * Superusers and roles with {@code BYPASSRLS} are exempt from every policy in PostgreSQL, so turning it on as one is
 * refused.
 */
final class PostgresRowLevelSecurity {
    /** The transaction setting that names the tenant the policies admit. */
    static final String SETTING = "polystore.tenant";

    static final String POLICY = "polystore_tenant_isolation";

    private PostgresRowLevelSecurity() {}

    /** The tables the policy guards: every table of resources and index rows. */
    static List<String> tables() {
        List<String> tables = new ArrayList<>(List.of("resource_versions", "resources", "idx_fulltext"));
        for (ValueTable table : ValueTable.values()) {
            tables.add(table.view());
        }
        return tables;
    }

    /**
     * Turns the policies on in {@code schema} if {@code enable}, in one transaction under the schema's migration lock;
     * answers whether the schema has them on (also when an earlier store turned them on: then its sessions must set the
     * tenant too, or they would see nothing).
     */
    static boolean apply(Connection c, String schema, boolean enable) throws SQLException {
        String quoted = PostgresNames.quote(schema);
        return PostgresSchema.underMigrationLock(c, schema, () -> {
            if (enable) {
                try (Statement s = c.createStatement();
                        ResultSet role = s.executeQuery(
                                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
                    if (role.next() && role.getBoolean(1)) {
                        throw new ConfigurationException("rowLevelSecurity(true) cannot protect anything for a"
                                + " superuser or a role with BYPASSRLS, which PostgreSQL exempts from every policy;"
                                + " connect as an ordinary role");
                    }
                }
                try (Statement s = c.createStatement()) {
                    for (String table : tables()) {
                        String name = quoted + "." + table;
                        s.execute("ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY");
                        s.execute("ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY");
                        if (!hasPolicy(c, schema, table)) {
                            s.execute("CREATE POLICY " + POLICY + " ON " + name + " USING (tenant = current_setting('"
                                    + SETTING + "', true)) WITH CHECK (tenant = current_setting('" + SETTING
                                    + "', true))");
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT c.relrowsecurity FROM pg_class c"
                            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = 'resources'")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    private static boolean hasPolicy(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_policies WHERE schemaname = ? AND tablename = ? AND policyname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, POLICY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Sets the tenant the policies admit, until the end of the current transaction. */
    static void setTenant(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('" + SETTING + "', ?, true)")) {
            ps.setString(1, tenant);
            ps.execute();
        }
    }
}
