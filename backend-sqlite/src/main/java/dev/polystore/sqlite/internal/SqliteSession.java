package dev.polystore.sqlite.internal;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.HistoryQuery;
import dev.polystore.core.engine.HistoryRow;
import dev.polystore.core.engine.ResourceKey;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.search.ResolvedSearch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;

/**
 * Reads and writes of one tenant over one connection. Every statement binds the tenant as its first parameter; values
 * reach SQL only as bound parameters.
 */
class SqliteSession implements EngineWriter {
    private static final ChangeKind[] CHANGES = ChangeKind.values();
    private static final int IN_CHUNK = 500;

    // search_resources is the resources' key table: rkey, and the current version (version, seq, live = not deleted).
    // The current version is also the highest: one probe of the versions' key index finds it.
    private static final String CURRENT = "SELECT version, last_updated, change, json FROM resource_versions"
            + " WHERE tenant = ? AND type = ? AND id = ? ORDER BY version DESC LIMIT 1";
    private static final String VERSION = "SELECT version, last_updated, change, json FROM resource_versions"
            + " WHERE tenant = ? AND type = ? AND id = ? AND version = ?";
    private static final String VERSIONS = "SELECT version, last_updated, change, json FROM resource_versions"
            + " WHERE tenant = ? AND type = ? AND id = ? ORDER BY version DESC";
    private static final String CURRENT_VERSION =
            "SELECT version, live, rkey FROM search_resources WHERE tenant = ? AND type = ? AND id = ?";
    private static final String COUNT_TYPE =
            "SELECT count(*) FROM search_resources WHERE tenant = ? AND type = ? AND live = 1";
    private static final String COUNT_ALL = "SELECT count(*) FROM search_resources WHERE tenant = ? AND live = 1";
    private static final String INSERT_VERSION = "INSERT INTO resource_versions"
            + " (tenant, type, id, version, last_updated, change, json) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq";
    private static final String INSERT_CURRENT = "INSERT INTO search_resources (tenant, type, id, live, version, seq)"
            + " VALUES (?, ?, ?, ?, 1, ?) RETURNING rkey";
    private static final String UPDATE_CURRENT = "UPDATE search_resources SET version = ?, live = ?, seq = ?"
            + " WHERE tenant = ? AND type = ? AND id = ? AND version = ? RETURNING rkey";

    protected final SqliteConnection c;
    protected final TenantId tenant;
    private final String tenantKey;
    private final FhirVersion fhirVersion;

    /** Whether this engine keeps the search index (it declares SEARCH); if not, appends write no index rows. */
    private final boolean indexing;

    SqliteSession(SqliteConnection c, TenantId tenant, FhirVersion fhirVersion) {
        this(c, tenant, fhirVersion, false);
    }

    SqliteSession(SqliteConnection c, TenantId tenant, FhirVersion fhirVersion, boolean indexing) {
        this.indexing = indexing;
        this.c = c;
        this.tenant = tenant;
        this.tenantKey = tenant.value();
        this.fhirVersion = fhirVersion;
    }

    @Override
    public EngineSearchPage search(ResolvedSearch search, String cursor) {
        if (!indexing) {
            return EngineWriter.super.search(search, cursor);
        }
        return new SqliteSearch(c, tenant, fhirVersion, Clock.systemUTC()).run(search, cursor);
    }

    @Override
    public Optional<StoredResource> current(String type, String id) {
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(CURRENT);
            ps.setString(1, tenantKey);
            ps.setString(2, type);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, type, id)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<StoredResource> currentMany(String type, Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<StoredResource> out = new ArrayList<>(all.size());
        try {
            c.flushWrites();
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                String sql = "SELECT v.version, v.last_updated, v.change, v.json, r.id FROM search_resources r"
                        + " JOIN resource_versions v ON v.seq = r.seq WHERE r.tenant = ? AND r.type = ? AND r.id IN ("
                        + "?,".repeat(chunk.size() - 1) + "?)";
                try (PreparedStatement ps = c.jdbc().prepareStatement(sql)) {
                    ps.setString(1, tenantKey);
                    ps.setString(2, type);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(3 + i, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(row(rs, type, rs.getString(5)));
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<StoredResource> version(String type, String id, long versionId) {
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(VERSION);
            ps.setString(1, tenantKey);
            ps.setString(2, type);
            ps.setString(3, id);
            ps.setLong(4, versionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, type, id)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<StoredResource> versions(String type, String id) {
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(VERSIONS);
            ps.setString(1, tenantKey);
            ps.setString(2, type);
            ps.setString(3, id);
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, type, id));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long countLive(String type) {
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(type == null ? COUNT_ALL : COUNT_TYPE);
            ps.setString(1, tenantKey);
            if (type != null) {
                ps.setString(2, type);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<HistoryRow> history(HistoryQuery q) {
        HistoryStatement h = historyStatement(tenantKey, q);
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(h.sql());
            for (int i = 0; i < h.args().size(); i++) {
                ps.setObject(i + 1, h.args().get(i));
            }
            List<HistoryRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String type = rs.getString(2);
                    String id = rs.getString(3);
                    out.add(new HistoryRow(
                            seq, resource(type, id, rs.getLong(4), rs.getLong(5), rs.getInt(6), rs.getString(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A history query's SQL and its arguments. */
    record HistoryStatement(String sql, List<Object> args) {}

    /**
     * The SQL of {@code q}: newest first, {@code (last_updated, seq)} descending, read in that order from the history
     * indexes of migration 10 rather than sorted (the first page of a tenant's history sorted every version before).
     */
    static HistoryStatement historyStatement(String tenantKey, HistoryQuery q) {
        StringBuilder sql = new StringBuilder(
                "SELECT v.seq, v.type, v.id, v.version, v.last_updated, v.change, v.json FROM resource_versions v"
                        // one resource: its key index, never a scan of the whole type's history
                        + (q.id() != null ? " INDEXED BY resource_versions_key" : "")
                        + " WHERE v.tenant = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenantKey);
        if (q.after() != null) {
            sql.append(" AND (v.last_updated, v.seq) < (?, ?)");
            args.add(q.after().lastUpdatedMillis());
            args.add(q.after().position());
        }
        if (q.resourceType() != null) {
            sql.append(" AND v.type = ?");
            args.add(q.resourceType());
        }
        if (q.id() != null) {
            sql.append(" AND v.id = ?");
            args.add(q.id());
        }
        if (q.since() != null) {
            sql.append(" AND v.last_updated >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.currentBefore() != null) {
            sql.append(" AND v.last_updated < ?");
            args.add(q.currentBefore().toEpochMilli());
        }
        if (q.currentAfter() != null) {
            // the version's successor, if any, must have been written after the start of the period
            sql.append(" AND NOT EXISTS (SELECT 1 FROM resource_versions n WHERE n.tenant = v.tenant"
                    + " AND n.type = v.type AND n.id = v.id AND n.version = v.version + 1 AND n.last_updated <= ?)");
            args.add(q.currentAfter().toEpochMilli());
        }
        // One resource's versions are in the same order as (last_updated, seq): use its key index, not a type scan.
        sql.append(
                q.id() != null
                        ? " ORDER BY v.version DESC LIMIT ?"
                        : " ORDER BY v.last_updated DESC, v.seq DESC LIMIT ?");
        args.add(q.limit());
        return new HistoryStatement(sql.toString(), args);
    }

    @Override
    public void append(StoredResource v, List<IndexEntry> indexEntries) {
        String type = v.resourceType();
        String id = v.id();
        try {
            if (v.versionId() == 1 && defersFirstVersions()) {
                long rkey = c.versionBuffer()
                        .add(
                                c,
                                tenantKey,
                                type,
                                id,
                                v.lastUpdated().toEpochMilli(),
                                v.change().ordinal(),
                                v.json());
                if (indexing) {
                    SqliteIndexWriter.replace(c, tenantKey, type, rkey, !v.deleted(), true, indexEntries);
                }
                return;
            }
            c.versionBuffer().flushAndForgetKeys(c);
            PreparedStatement insert = c.prepare(INSERT_VERSION);
            insert.setString(1, tenantKey);
            insert.setString(2, type);
            insert.setString(3, id);
            insert.setLong(4, v.versionId());
            insert.setLong(5, v.lastUpdated().toEpochMilli());
            insert.setInt(6, v.change().ordinal());
            insert.setString(7, v.json());
            long seq;
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            int live = v.deleted() ? 0 : 1;
            PreparedStatement ps;
            if (v.versionId() == 1) {
                ps = c.prepare(INSERT_CURRENT);
                ps.setString(1, tenantKey);
                ps.setString(2, type);
                ps.setString(3, id);
                ps.setInt(4, live);
                ps.setLong(5, seq);
            } else {
                ps = c.prepare(UPDATE_CURRENT);
                ps.setLong(1, v.versionId());
                ps.setInt(2, live);
                ps.setLong(3, seq);
                ps.setString(4, tenantKey);
                ps.setString(5, type);
                ps.setString(6, id);
                ps.setLong(7, v.versionId() - 1);
            }
            long rkey;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw VersionConflictException.concurrentModification(
                            v.reference(), "version " + (v.versionId() - 1) + " is no longer current");
                }
                rkey = rs.getLong(1);
            }
            if (indexing) {
                // A first version has no index rows to replace.
                SqliteIndexWriter.replace(c, tenantKey, type, rkey, live == 1, v.versionId() == 1, indexEntries);
            }
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xFF) == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
                throw VersionConflictException.concurrentModification(
                        v.reference(), "version " + v.versionId() + " was written by someone else", e);
            }
            throw unavailable(e);
        }
    }

    /**
     * Whether the first versions of new resources may wait in the connection's {@link SqliteVersionBuffer} until the
     * commit or the next read: yes in engine transactions, whose failures surface from the work as a whole; an explicit
     * transaction writes each at once, so that a conflict surfaces from the call that caused it.
     */
    protected boolean defersFirstVersions() {
        return true;
    }

    @Override
    public List<StoredResource> currentBatch(String type, ResourceKey after, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT r.type, r.id, v.version, v.last_updated, v.change, v.json FROM search_resources r"
                        + " JOIN resource_versions v ON v.seq = r.seq WHERE r.tenant = ? AND r.live = 1");
        List<Object> args = new ArrayList<>();
        args.add(tenantKey);
        if (type != null) {
            sql.append(" AND r.type = ?");
            args.add(type);
            if (after != null) {
                // a key of another type orders the page as if that type's ids were ours
                int order = after.resourceType().compareTo(type);
                if (order > 0) {
                    return List.of();
                }
                if (order == 0) {
                    sql.append(" AND r.id > ?");
                    args.add(after.id());
                }
            }
        } else if (after != null) {
            sql.append(" AND (r.type, r.id) > (?, ?)");
            args.add(after.resourceType());
            args.add(after.id());
        }
        sql.append(" ORDER BY r.type, r.id LIMIT ?");
        args.add(limit);
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(resource(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getInt(5),
                            rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean replaceIndex(StoredResource current, List<IndexEntry> indexEntries) {
        if (!indexing) {
            throw new UnsupportedCapabilityException("This store keeps no search index");
        }
        try {
            c.flushWrites();
            PreparedStatement ps = c.prepare(CURRENT_VERSION);
            long rkey;
            ps.setString(1, tenantKey);
            ps.setString(2, current.resourceType());
            ps.setString(3, current.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(2) != 1 || rs.getLong(1) != current.versionId()) {
                    return false;
                }
                rkey = rs.getLong(3);
            }
            SqliteIndexWriter.replace(c, tenantKey, current.resourceType(), rkey, true, false, indexEntries);
            return true;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * A savepoint around {@code work}. The index rows waiting from before go in first and the attempt's own rows before
     * its savepoint is released, so that a failure of theirs is the attempt's; rolling back to the savepoint also
     * forgets the rows still waiting and the cached parameter keys ({@link SqliteConnection#execute}).
     */
    @Override
    public <T> T attempt(Supplier<T> work) {
        try {
            c.flushWrites();
            c.execute("SAVEPOINT polystore_attempt");
        } catch (SQLException e) {
            throw unavailable(e);
        }
        T result;
        try {
            result = work.get();
            c.flushWrites();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.execute("ROLLBACK TO polystore_attempt");
                c.execute("RELEASE polystore_attempt");
            } catch (SQLException undo) {
                // the transaction is in doubt: it must not go on as though the attempt were undone
                undo.addSuppressed(e);
                throw unavailable(undo);
            }
            if (e instanceof SQLException sql) {
                throw unavailable(sql);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e;
        }
        try {
            c.execute("RELEASE polystore_attempt");
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return result;
    }

    private StoredResource row(ResultSet rs, String type, String id) throws SQLException {
        return resource(type, id, rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4));
    }

    private StoredResource resource(String type, String id, long version, long lastUpdated, int change, String json) {
        return new StoredResource(
                tenant, type, id, version, Instant.ofEpochMilli(lastUpdated), fhirVersion, CHANGES[change], json);
    }

    static BackendUnavailableException unavailable(SQLException e) {
        return new BackendUnavailableException("SQLite failed: " + e.getMessage(), e);
    }
}
