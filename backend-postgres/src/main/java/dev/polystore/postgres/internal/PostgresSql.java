package dev.polystore.postgres.internal;

/**
 * The statements of one Polystore schema, with the schema's quoted name in place. Every statement binds the tenant;
 * values reach SQL only as bound parameters.
 */
final class PostgresSql {
    /**
     * The columns every read of a version returns, in this order. The document is sent as the {@code json} column it
     * is: a cast to {@code text} first cost the server 10 ms more for 3.7 MB (a patient's 3,842 Observations).
     */
    private static final String VERSION_COLUMNS = "v.version, v.last_updated, v.change, v.resource";

    final String current;
    final String lockAndCurrent;
    final String currentMany;
    final String currentByKeys;
    final String version;
    final String versions;
    final String countType;
    final String countAll;
    final String append;
    final String historyFrom;
    final String currentBatchFrom;
    final String successorFilter;
    final String liveKey;
    final String deleteIndex;
    final String insertIndex;
    /** The schema's quoted name, for statements built elsewhere (COPY). */
    final String quotedSchema;
    /**
     * Whether large batches of index rows may go by COPY: not under row-level security, where PostgreSQL refuses COPY
     * FROM (up to release 18 at least).
     */
    final boolean copyIndexRows;
    /** The schema as the search path names it, for the unqualified names of the shared search SQL. */
    final String searchPath;

    PostgresSql(String schema, boolean copyIndexRows) {
        String s = PostgresNames.quote(schema);
        quotedSchema = s;
        this.copyIndexRows = copyIndexRows;
        String currentJoin = " FROM " + s + ".resources r JOIN " + s + ".resource_versions v"
                + " ON v.tenant = r.tenant AND v.type = r.type AND v.id = r.id AND v.version = r.version";
        current = "SELECT " + VERSION_COLUMNS + currentJoin + " WHERE r.tenant = ? AND r.type = ? AND r.id = ?";
        // Two statements, one round trip: the first waits for a concurrent writer of the resource and locks it until
        // commit; the second, with a snapshot taken after the lock (READ COMMITTED), reads what that writer committed.
        lockAndCurrent =
                "SELECT 1 FROM " + s + ".resources WHERE tenant = ? AND type = ? AND id = ? FOR UPDATE; " + current;
        currentMany = "SELECT " + VERSION_COLUMNS + ", r.id" + currentJoin
                + " WHERE r.tenant = ? AND r.type = ? AND r.id = ANY (?)";
        // one probe of each key, whatever the number of keys: the LIMIT keeps the planner from turning the lateral
        // lookup into a join, which it answers with a scan of the whole table past a few thousand keys
        currentByKeys = "SELECT x.* FROM unnest(CAST(? AS bigint[])) k (rkey) CROSS JOIN LATERAL (SELECT "
                + VERSION_COLUMNS + ", r.id" + currentJoin + " WHERE r.rkey = k.rkey AND r.tenant = ? AND r.type = ?"
                + " LIMIT 1) x";
        version = "SELECT " + VERSION_COLUMNS + " FROM " + s + ".resource_versions v"
                + " WHERE v.tenant = ? AND v.type = ? AND v.id = ? AND v.version = ?";
        versions = "SELECT " + VERSION_COLUMNS + " FROM " + s + ".resource_versions v"
                + " WHERE v.tenant = ? AND v.type = ? AND v.id = ? ORDER BY v.version DESC";
        countType = "SELECT count(*) FROM " + s + ".resources WHERE tenant = ? AND type = ? AND NOT deleted";
        countAll = "SELECT count(*) FROM " + s + ".resources WHERE tenant = ? AND NOT deleted";
        // Any number of versions in one statement: the versions, the new current rows (version 1) and the moved current
        // rows (later versions, only from the version before). The first row counts the versions written, the others
        // are the current rows written, with their keys (rkey) for the index rows.
        append = "WITH input AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[],"
                + " ?::text[]) WITH ORDINALITY AS u(type, id, version, millis, change, json, ord)),"
                + " versions AS (INSERT INTO " + s + ".resource_versions"
                + " (tenant, type, id, version, last_updated, change, resource)"
                + " SELECT ?, type, id, version, timestamptz 'epoch' + millis * interval '1 millisecond', change,"
                + " json::json FROM input ORDER BY ord ON CONFLICT DO NOTHING RETURNING 1),"
                + " created AS (INSERT INTO " + s + ".resources (tenant, type, id, version, deleted)"
                + " SELECT ?, type, id, version, json IS NULL FROM input WHERE version = 1 ORDER BY ord"
                + " ON CONFLICT DO NOTHING RETURNING type, id, rkey),"
                + " moved AS (UPDATE " + s + ".resources r SET version = i.version, deleted = i.json IS NULL"
                + " FROM input i WHERE i.version > 1 AND r.tenant = ? AND r.type = i.type AND r.id = i.id"
                + " AND r.version = i.version - 1 RETURNING r.type, r.id, r.rkey)"
                + " SELECT CAST(NULL AS text), CAST(NULL AS text), (SELECT count(*) FROM versions)"
                + " UNION ALL SELECT type, id, rkey FROM created UNION ALL SELECT type, id, rkey FROM moved";
        historyFrom = "SELECT v.seq, v.type, v.id, " + VERSION_COLUMNS + " FROM " + s + ".resource_versions v"
                + " WHERE v.tenant = ?";
        successorFilter = " AND NOT EXISTS (SELECT 1 FROM " + s + ".resource_versions n WHERE n.tenant = v.tenant"
                + " AND n.type = v.type AND n.id = v.id AND n.version = v.version + 1 AND n.last_updated <= ?)";
        liveKey = "SELECT rkey FROM " + s + ".resources WHERE tenant = ? AND type = ? AND id = ? AND version = ?"
                + " AND NOT deleted FOR UPDATE";
        deleteIndex = PostgresIndexWriter.deleteStatement(s);
        insertIndex = PostgresIndexWriter.insertStatement(s);
        searchPath = s;
        currentBatchFrom =
                "SELECT r.type, r.id, " + VERSION_COLUMNS + currentJoin + " WHERE r.tenant = ? AND NOT r.deleted";
    }
}
