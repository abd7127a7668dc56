package dev.polystore.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations of one Polystore schema (the shared one, or a tenant's). Each migration runs once and is
 * recorded in {@code polystore_schema_versions}; opening a schema applies the ones it lacks, all in one transaction under
 * a transaction-level advisory lock keyed by the schema, so application instances starting at once wait for each other
 * instead of racing. Never edit a released migration: add one.
 */
final class PostgresSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);

    /** The table that records applied migrations, in the migrated schema. */
    static final String VERSIONS_TABLE = "polystore_schema_versions";

    private PostgresSchema() {}

    /** One migration: applied in the migrating transaction, with the schema first on the search path. */
    @FunctionalInterface
    interface Migration {
        void apply(Connection c, String quotedSchema) throws SQLException;
    }

    /** A migration of plain statements, {@code %s} standing for the quoted schema. */
    private static Migration statements(List<String> sql) {
        return (c, quoted) -> {
            try (Statement s = c.createStatement()) {
                for (String statement : sql) {
                    s.execute(statement.replace("%s", quoted));
                }
            }
        };
    }

    /**
     * Migration n is at index n-1. Keys use the "C" collation: byte order, which is the order the engine SPI pages keys
     * in, and cheaper comparisons.
     */
    static final List<Migration> MIGRATIONS = List.of(
            statements(
                    List.of(
                            // Every version of every resource. seq grows with every write and breaks
                            // lastUpdated ties in history.
                            """
            CREATE TABLE %s.resource_versions (
              tenant text COLLATE "C" NOT NULL,
              type text COLLATE "C" NOT NULL,
              id text COLLATE "C" NOT NULL,
              version bigint NOT NULL,
              seq bigint GENERATED ALWAYS AS IDENTITY,
              last_updated timestamptz NOT NULL,
              change text NOT NULL CHECK (change IN ('CREATE', 'UPDATE', 'DELETE')),
              resource json,
              PRIMARY KEY (tenant, type, id, version),
              CHECK ((change = 'DELETE') = (resource IS NULL))
            )""",
                            "CREATE INDEX resource_versions_system_history ON %s.resource_versions"
                                    + " (tenant, last_updated DESC, seq DESC)",
                            "CREATE INDEX resource_versions_type_history ON %s.resource_versions"
                                    + " (tenant, type, last_updated DESC, seq DESC)",
                            // The current version of each resource; the row an update locks.
                            """
            CREATE TABLE %s.resources (
              tenant text COLLATE "C" NOT NULL,
              type text COLLATE "C" NOT NULL,
              id text COLLATE "C" NOT NULL,
              version bigint NOT NULL,
              deleted boolean NOT NULL,
              PRIMARY KEY (tenant, type, id)
            )""",
                            "CREATE INDEX resources_live ON %s.resources (tenant, type) WHERE NOT deleted",
                            // Which schema or database holds each tenant (filled in the main schema only, with
                            // the strategies that give tenants their own): a name claimed twice is refused.
                            """
            CREATE TABLE %s.tenant_namespaces (
              tenant text COLLATE "C" PRIMARY KEY,
              name text NOT NULL UNIQUE,
              created_at timestamptz NOT NULL DEFAULT now()
            )""")),
            // the search index
            (c, quoted) -> {
                statements(PostgresIndexSchema.statements()).apply(c, quoted);
                PostgresIndexSchema.createTrigramIndex(c, quoted);
            },
            // covering indexes: key sets and probes read the index alone
            statements(PostgresIndexSchema.coveringIndexes()),
            // local references leave the absolute-URL index
            statements(PostgresIndexSchema.partialReferenceUrlIndex()));

    /** Work on a schema that may throw what JDBC throws. */
    @FunctionalInterface
    interface SchemaWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction of its own under the schema's transaction-level migration lock, so that
     * application instances changing the schema at once take turns; rolled back if it throws.
     */
    static <T> T underMigrationLock(Connection c, String schema, SchemaWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, PostgresNames.lockKey("polystore-migrate", schema));
                lock.execute();
            }
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Creates the schema if needed and applies the missing migrations, in one transaction of its own. */
    static void migrate(Connection c, String schema) throws SQLException {
        underMigrationLock(c, schema, () -> {
            migrateInTransaction(c, schema);
            return null;
        });
    }

    private static void migrateInTransaction(Connection c, String schema) throws SQLException {
        String quoted = PostgresNames.quote(schema);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quoted);
            s.execute("CREATE TABLE IF NOT EXISTS " + quoted + "." + VERSIONS_TABLE
                    + " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs =
                    s.executeQuery("SELECT coalesce(max(version), 0) FROM " + quoted + "." + VERSIONS_TABLE)) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > MIGRATIONS.size()) {
                throw new SQLException("Schema " + schema + " has Polystore schema version " + current
                        + " but this Polystore knows only " + MIGRATIONS.size() + "; use a newer Polystore");
            }
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                LOG.info("Applying Polystore PostgreSQL schema migration {} to {}", v, schema);
                s.execute("SET LOCAL search_path TO " + quoted);
                MIGRATIONS.get(v - 1).apply(c, quoted);
                s.execute("INSERT INTO " + quoted + "." + VERSIONS_TABLE + " (version) VALUES (" + v + ")");
            }
        }
    }
}
