package dev.polystore.sqlite.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned, idempotent schema migrations. Each migration runs once, in the writer's transaction, and is recorded in
 * {@code polystore_schema}; opening a database applies the ones it lacks. Never edit a released migration: add one.
 */
final class SqliteSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    private SqliteSchema() {}

    /**
     * Migration 8: {@code search_resources} also points at each resource's current version ({@code version}, {@code
     * seq}; {@code live} = not deleted) and {@code resources} goes. Both tables held every resource under a unique
     * (tenant, type, id) key, so each new resource cost two B-tree inserts at that key and two statements; now one. A
     * resource written by a store without the search index had no {@code search_resources} row: it gets one here, with
     * no index rows until it is reindexed or written again.
     */
    static final List<String> MIGRATION_ONE_KEY_TABLE = List.of(
            "ALTER TABLE search_resources ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE search_resources ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
            "UPDATE search_resources SET version = r.version, seq = r.seq, live = 1 - r.deleted FROM resources r"
                    + " WHERE r.tenant = search_resources.tenant AND r.type = search_resources.type"
                    + " AND r.id = search_resources.id",
            "INSERT INTO search_resources (tenant, type, id, live, version, seq)"
                    + " SELECT tenant, type, id, 1 - deleted, version, seq FROM resources r WHERE NOT EXISTS"
                    + " (SELECT 1 FROM search_resources s WHERE s.tenant = r.tenant AND s.type = r.type AND s.id = r.id)",
            "DROP TABLE resources");

    /**
     * Migration 10: the history indexes are in history's order, {@code (last_updated, seq)}, so that a page of a
     * tenant's or a type's history is read from the index newest first; the indexes on {@code seq} they replace made
     * every first page sort all the versions (730 ms for the system history of 200,000 resources).
     */
    static final List<String> MIGRATION_HISTORY_ORDER = List.of(
            "DROP INDEX resource_versions_tenant_seq",
            "DROP INDEX resource_versions_type_seq",
            "CREATE INDEX resource_versions_system_history ON resource_versions (tenant, last_updated, seq)",
            "CREATE INDEX resource_versions_type_history ON resource_versions (tenant, type, last_updated, seq)");

    /** Migration n is at index n-1. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    // Every version of every resource; seq orders history and pages it (never reused: rows are never
                    // deleted).
                    """
            CREATE TABLE resource_versions (
              seq INTEGER PRIMARY KEY,
              tenant TEXT NOT NULL,
              type TEXT NOT NULL,
              id TEXT NOT NULL,
              version INTEGER NOT NULL,
              last_updated INTEGER NOT NULL,
              change INTEGER NOT NULL,
              json TEXT
            )""",
                    "CREATE UNIQUE INDEX resource_versions_key ON resource_versions (tenant, type, id, version)",
                    "CREATE INDEX resource_versions_tenant_seq ON resource_versions (tenant, seq)",
                    "CREATE INDEX resource_versions_type_seq ON resource_versions (tenant, type, seq)",
                    // The current version of each resource: a pointer into resource_versions.
                    """
            CREATE TABLE resources (
              tenant TEXT NOT NULL,
              type TEXT NOT NULL,
              id TEXT NOT NULL,
              version INTEGER NOT NULL,
              deleted INTEGER NOT NULL,
              seq INTEGER NOT NULL,
              PRIMARY KEY (tenant, type, id)
            ) WITHOUT ROWID"""),
            SqliteIndexSchema.MIGRATION,
            SqliteFullText.MIGRATION,
            SqliteIndexSchema.MIGRATION_REFERENCE_TARGET,
            SqliteIndexSchema.MIGRATION_TOKEN_SYSTEM,
            SqliteIndexSchema.MIGRATION_COMPOSITE_COMPONENTS_ONLY,
            SqliteIndexSchema.MIGRATION_ID_VIEW,
            MIGRATION_ONE_KEY_TABLE,
            SqliteIndexSchema.MIGRATION_PARTIAL_REFERENCE_URL,
            MIGRATION_HISTORY_ORDER);

    /** Applies missing migrations; the caller holds the writer and has begun a transaction. */
    static void migrate(SqliteConnection c) throws SQLException {
        c.execute(
                "CREATE TABLE IF NOT EXISTS polystore_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        int current = 0;
        try (java.sql.Statement s = c.jdbc().createStatement();
                ResultSet rs = s.executeQuery("SELECT max(version) FROM polystore_schema")) {
            if (rs.next()) {
                current = rs.getInt(1);
            }
        }
        if (current > MIGRATIONS.size()) {
            throw new SQLException("The database has schema version " + current + " but this Polystore knows only "
                    + MIGRATIONS.size() + "; use a newer Polystore");
        }
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            LOG.info("Applying Polystore SQLite schema migration {}", v);
            for (String sql : MIGRATIONS.get(v - 1)) {
                c.execute(sql);
            }
            c.execute("INSERT INTO polystore_schema (version, applied_at) VALUES (" + v + ", datetime('now'))");
        }
    }
}
