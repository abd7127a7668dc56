package dev.polystore.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Where a tenant's tables are: one shared schema, a schema per tenant, or a database per tenant. Tenant schemas and
 * databases are created (and migrated) on a tenant's first use and recorded in the main schema's {@code
 * tenant_namespaces}.
 */
public abstract class PostgresNamespaces implements AutoCloseable {

    /** A tenant's tables, lent for one unit of work; give them back with {@link #close()}. */
    public interface Lease extends AutoCloseable {
        DataSource dataSource();

        /** The unquoted schema that holds the tables. */
        String schema();

        @Override
        void close();
    }

    protected final PostgresSettings settings;

    PostgresNamespaces(PostgresSettings settings) {
        this.settings = settings;
    }

    /** Lends the tenant's tables, creating them on the tenant's first use. */
    public abstract Lease acquire(TenantId tenant);

    /**
     * Lends the tenant's tables if they exist, else returns null: for reads, which must not create a schema or a
     * database (one per tenant id asked for).
     */
    public abstract Lease acquireExisting(TenantId tenant);

    /** Whether {@code tenant} has a schema or database of its own, as recorded in the main schema. */
    static boolean registered(DataSource main, String mainSchema, TenantId tenant) {
        try (Connection c = main.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM " + PostgresNames.quote(mainSchema) + ".tenant_namespaces WHERE tenant = ?")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    boolean found = rs.next();
                    c.commit();
                    return found;
                }
            }
        } catch (SQLException e) {
            throw PostgresErrors.unavailable("looking up tenant " + tenant, e);
        }
    }

    @Override
    public abstract void close();

    /** Every tenant in the main database's {@code settings.schema()}. */
    public static PostgresNamespaces shared(PostgresSettings settings) {
        return new Shared(settings);
    }

    /** A schema per tenant in the main database. */
    public static PostgresNamespaces schemaPerTenant(PostgresSettings settings) {
        return new SchemaPerTenant(settings);
    }

    /** A database per tenant on the main database's server, each with a bounded pool of its own. */
    public static PostgresNamespaces databasePerTenant(PostgresSettings settings) {
        return new PostgresTenantDatabases(settings);
    }

    /**
     * Whether the tables carry tenant policies ({@link PostgresRowLevelSecurity}), so that every transaction must name
     * its tenant first. Only the shared schema has them.
     */
    boolean rowLevelSecurity() {
        return false;
    }

    /** Opens the main pool and migrates the main schema. */
    static HikariDataSource openMain(PostgresSettings settings, int size) {
        HikariDataSource pool = PostgresPools.open(
                settings, settings.jdbcUrl(), "polystore-main", size, false, settings.idleTenantPoolTimeout());
        try (Connection c = pool.getConnection()) {
            PostgresSchema.migrate(c, settings.schema());
        } catch (SQLException e) {
            pool.close();
            throw PostgresErrors.unavailable("migrating schema " + settings.schema(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /**
     * Records that {@code name} holds {@code tenant}; refuses a name another tenant holds already (two tenant ids whose
     * names collide, which the 48-bit hash in the name makes practically impossible).
     */
    static void register(Connection c, String mainSchema, TenantId tenant, String name) throws SQLException {
        String table = PostgresNames.quote(mainSchema) + ".tenant_namespaces";
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO " + table + " (tenant, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tenant.value());
            insert.setString(2, name);
            insert.executeUpdate();
        }
        try (PreparedStatement owner = c.prepareStatement("SELECT tenant FROM " + table + " WHERE name = ?")) {
            owner.setString(1, name);
            try (ResultSet rs = owner.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(tenant.value())) {
                    throw new ConfigurationException("Tenants " + rs.getString(1) + " and " + tenant
                            + " map to the same PostgreSQL name " + name + "; rename one of them");
                }
            }
        }
        c.commit();
    }

    private record FixedLease(DataSource dataSource, String schema) implements Lease {
        @Override
        public void close() {}
    }

    private static final class Shared extends PostgresNamespaces {
        private final HikariDataSource pool;
        private final Lease lease;
        private final boolean rowLevelSecurity;

        Shared(PostgresSettings settings) {
            super(settings);
            this.pool = openMain(settings, settings.poolSize());
            this.lease = new FixedLease(pool, settings.schema());
            try (Connection c = pool.getConnection()) {
                this.rowLevelSecurity =
                        PostgresRowLevelSecurity.apply(c, settings.schema(), settings.rowLevelSecurity());
            } catch (SQLException e) {
                pool.close();
                throw PostgresErrors.unavailable("turning on row-level security in " + settings.schema(), e);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }

        @Override
        boolean rowLevelSecurity() {
            return rowLevelSecurity;
        }

        @Override
        public Lease acquire(TenantId tenant) {
            return lease;
        }

        @Override
        public Lease acquireExisting(TenantId tenant) {
            return lease;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    private static final class SchemaPerTenant extends PostgresNamespaces {
        private final HikariDataSource pool;
        private final Set<TenantId> ready = ConcurrentHashMap.newKeySet();

        SchemaPerTenant(PostgresSettings settings) {
            super(settings);
            this.pool = openMain(settings, settings.poolSize());
        }

        @Override
        public Lease acquire(TenantId tenant) {
            String schema = PostgresNames.tenantName(settings.tenantPrefix(), tenant);
            if (!ready.contains(tenant)) {
                try (Connection c = pool.getConnection()) {
                    PostgresSchema.migrate(c, schema);
                    register(c, settings.schema(), tenant, schema);
                } catch (SQLException e) {
                    throw PostgresErrors.unavailable("creating the schema of tenant " + tenant, e);
                }
                ready.add(tenant);
            }
            return new FixedLease(pool, schema);
        }

        @Override
        public Lease acquireExisting(TenantId tenant) {
            return ready.contains(tenant) || registered(pool, settings.schema(), tenant) ? acquire(tenant) : null;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** Runs {@code sql} outside any transaction (CREATE DATABASE cannot run inside one). */
    static void executeOutsideTransaction(Connection c, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static IllegalStateException closed() {
        return new IllegalStateException("This PostgreSQL backend is closed");
    }
}
