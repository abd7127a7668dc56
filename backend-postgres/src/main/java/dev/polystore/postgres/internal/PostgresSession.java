package dev.polystore.postgres.internal;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.HistoryQuery;
import dev.polystore.core.engine.HistoryRow;
import dev.polystore.core.engine.ResourceKey;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.sql.SqlExecutor;
import dev.polystore.sql.SqlSearch;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads and writes of one tenant over one connection, inside the engine's transaction. Appended versions are sent in
 * batches: they wait in a buffer (up to {@link #MAX_PENDING}) until the next read, the next version of a resource already
 * waiting, or the commit, and then go to the server in one statement however many they are. A bulk load of new
 * resources therefore costs one round trip per {@link #MAX_PENDING} resources.
 */
class PostgresSession implements EngineWriter {
    static final int MAX_PENDING = 1000;

    protected final Connection c;
    private final PostgresSql sql;
    private final TenantId tenant;
    private final String tenantKey;
    private final FhirVersion fhirVersion;
    private final boolean writer;
    private final boolean explicit;
    private final int maxPending;
    private final boolean indexing;
    private final List<StoredResource> pending = new ArrayList<>();
    private final List<List<IndexEntry>> pendingEntries = new ArrayList<>();
    private final Set<ResourceKey> pendingKeys = new HashSet<>();
    private final Clock clock = Clock.systemUTC();
    private boolean searchPathSet;
    private int appended;
    private final Set<String> conditionLocks = new HashSet<>();

    /**
     * @param writer true inside a write transaction: reads of a current version lock it until commit
     * @param explicit true in an explicit transaction: appends are sent at once, so that a conflict surfaces from the
     *     call that caused it, and serialization failures surface as conflicts (else appends may wait in the buffer)
     * @param indexing true when the store keeps the search index (it declares SEARCH): appends write index rows
     */
    PostgresSession(
            Connection c,
            PostgresSql sql,
            TenantId tenant,
            FhirVersion fhirVersion,
            boolean writer,
            boolean explicit,
            boolean indexing) {
        this.c = c;
        this.sql = sql;
        this.tenant = tenant;
        this.tenantKey = tenant.value();
        this.fhirVersion = fhirVersion;
        this.writer = writer;
        this.explicit = explicit;
        this.indexing = indexing;
        this.maxPending = explicit ? 1 : MAX_PENDING;
    }

    @Override
    public Optional<StoredResource> current(String type, String id) {
        flush();
        try (PreparedStatement ps = c.prepareStatement(writer ? sql.lockAndCurrent : sql.current)) {
            int i = 1;
            if (writer) {
                i = bindKey(ps, i, type, id);
            }
            bindKey(ps, i, type, id);
            ps.execute();
            if (writer) {
                ps.getMoreResults(); // past the lock's result
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? Optional.of(row(rs, 1, type, id)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading " + type + "/" + id, e);
        }
    }

    private int bindKey(PreparedStatement ps, int from, String type, String id) throws SQLException {
        ps.setString(from, tenantKey);
        ps.setString(from + 1, type);
        ps.setString(from + 2, id);
        return from + 3;
    }

    @Override
    public List<StoredResource> currentMany(String type, Collection<String> ids) {
        flush();
        List<StoredResource> out = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.currentMany)) {
            ps.setString(1, tenantKey);
            ps.setString(2, type);
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(3, array);
            readCurrent(ps, type, out);
            array.free();
            return out;
        } catch (SQLException e) {
            throw failure("reading " + ids.size() + " resources of type " + type, e);
        }
    }

    /**
     * The current versions of a search page's rows of one type, by their keys: each key is one probe of {@code
     * resources_rkey} and one of the versions' primary key. An array of ids made the planner scan the whole table once
     * it held a few thousand (a patient's Observations for {@code _revinclude}): 44 ms of server time for 3,842
     * Observations of Synthea-100, 23 ms by key.
     */
    private List<StoredResource> currentByKeys(String type, List<SqlSearch.ResourceRow> rows) {
        List<StoredResource> out = new ArrayList<>(rows.size());
        Long[] keys = new Long[rows.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rows.get(i).rkey();
        }
        try (PreparedStatement ps = c.prepareStatement(sql.currentByKeys)) {
            Array array = c.createArrayOf("bigint", keys);
            ps.setArray(1, array);
            ps.setString(2, tenantKey);
            ps.setString(3, type);
            readCurrent(ps, type, out);
            array.free();
            return out;
        } catch (SQLException e) {
            throw failure("reading " + rows.size() + " resources of type " + type, e);
        }
    }

    /** Adds the versions {@code ps} finds (the version columns, then the id) to {@code out}. */
    private void readCurrent(PreparedStatement ps, String type, List<StoredResource> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs, 1, type, rs.getString(5)));
            }
        }
    }

    @Override
    public Optional<StoredResource> version(String type, String id, long versionId) {
        flush();
        try (PreparedStatement ps = c.prepareStatement(sql.version)) {
            bindKey(ps, 1, type, id);
            ps.setLong(4, versionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, 1, type, id)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading " + type + "/" + id + "/_history/" + versionId, e);
        }
    }

    @Override
    public List<StoredResource> versions(String type, String id) {
        flush();
        try (PreparedStatement ps = c.prepareStatement(sql.versions)) {
            bindKey(ps, 1, type, id);
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, 1, type, id));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the versions of " + type + "/" + id, e);
        }
    }

    @Override
    public long countLive(String type) {
        flush();
        try (PreparedStatement ps = c.prepareStatement(type == null ? sql.countAll : sql.countType)) {
            ps.setString(1, tenantKey);
            if (type != null) {
                ps.setString(2, type);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("counting resources", e);
        }
    }

    @Override
    public List<HistoryRow> history(HistoryQuery q) {
        flush();
        StringBuilder text = new StringBuilder(sql.historyFrom);
        List<Object> args = new ArrayList<>();
        args.add(tenantKey);
        if (q.resourceType() != null) {
            text.append(" AND v.type = ?");
            args.add(q.resourceType());
        }
        if (q.id() != null) {
            text.append(" AND v.id = ?");
            args.add(q.id());
        }
        if (q.after() != null) {
            text.append(" AND (v.last_updated, v.seq) < (?, ?)");
            args.add(timestamp(Instant.ofEpochMilli(q.after().lastUpdatedMillis())));
            args.add(q.after().position());
        }
        if (q.since() != null) {
            text.append(" AND v.last_updated >= ?");
            args.add(timestamp(q.since()));
        }
        if (q.currentBefore() != null) {
            text.append(" AND v.last_updated < ?");
            args.add(timestamp(q.currentBefore()));
        }
        if (q.currentAfter() != null) {
            text.append(sql.successorFilter);
            args.add(timestamp(q.currentAfter()));
        }
        text.append(" ORDER BY v.last_updated DESC, v.seq DESC LIMIT ?");
        args.add(q.limit());
        try (PreparedStatement ps = c.prepareStatement(text.toString())) {
            bind(ps, args);
            List<HistoryRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryRow(rs.getLong(1), row(rs, 4, rs.getString(2), rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading history", e);
        }
    }

    @Override
    public List<StoredResource> currentBatch(String type, ResourceKey after, int limit) {
        flush();
        StringBuilder text = new StringBuilder(sql.currentBatchFrom);
        List<Object> args = new ArrayList<>();
        args.add(tenantKey);
        if (type != null) {
            text.append(" AND r.type = ?");
            args.add(type);
            if (after != null) {
                int order = after.resourceType().compareTo(type);
                if (order > 0) {
                    return List.of();
                }
                if (order == 0) {
                    text.append(" AND r.id > ?");
                    args.add(after.id());
                }
            }
        } else if (after != null) {
            text.append(" AND (r.type, r.id) > (?, ?)");
            args.add(after.resourceType());
            args.add(after.id());
        }
        text.append(" ORDER BY r.type, r.id LIMIT ?");
        args.add(limit);
        try (PreparedStatement ps = c.prepareStatement(text.toString())) {
            bind(ps, args);
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, 3, rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("paging through current resources", e);
        }
    }

    @Override
    public EngineSearchPage search(ResolvedSearch search, String cursor) {
        if (!indexing) {
            return EngineWriter.super.search(search, cursor);
        }
        flush();
        try {
            if (!searchPathSet) {
                // the shared search SQL names the index tables unqualified, and orders its explicit joins itself
                // (chains and _has from their inner side, as SQLite's CROSS JOIN keeps them): until the end of this
                // transaction
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT set_config('search_path', ?, true), set_config('join_collapse_limit', '1', true)")) {
                    ps.setString(1, sql.searchPath);
                    ps.execute();
                }
                searchPathSet = true;
            }
            SqlSearch.Page page =
                    new SqlSearch(PostgresDialect.INSTANCE, SqlExecutor.jdbc(c), tenantKey, clock).run(search, cursor);
            return page.load(this::currentByKeys);
        } catch (SQLException e) {
            throw failure("searching " + search.selfUrl(), e);
        }
    }

    /**
     * Conditional creates, updates, patches and deletes of one tenant and type take turns (an advisory lock until
     * commit), so that two of them never both find no match and both create. At READ COMMITTED the search after the
     * lock sees what the previous holder committed.
     */
    @Override
    public void guardCondition(String type) {
        String key = type == null ? "*" : type;
        if (writer && conditionLocks.add(key)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, PostgresNames.lockKey("polystore-condition", tenantKey + "/" + key));
                ps.execute();
            } catch (SQLException e) {
                throw failure("waiting for the conditional writes of " + type, e);
            }
        }
    }

    @Override
    public boolean replaceIndex(StoredResource current, List<IndexEntry> indexEntries) {
        if (!indexing) {
            return EngineWriter.super.replaceIndex(current, indexEntries);
        }
        flush();
        try (PreparedStatement ps = c.prepareStatement(sql.liveKey)) {
            bindKey(ps, 1, current.resourceType(), current.id());
            ps.setLong(4, current.versionId());
            long rkey;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                rkey = rs.getLong(1);
            }
            PostgresIndexWriter.write(
                    c,
                    sql,
                    tenantKey,
                    List.of(new PostgresIndexWriter.Resource(rkey, current.resourceType(), indexEntries, true)));
            return true;
        } catch (SQLException e) {
            throw writeFailure("reindexing " + current.reference(), e);
        }
    }

    @Override
    public void append(StoredResource version, List<IndexEntry> indexEntries) {
        ResourceKey key = new ResourceKey(version.resourceType(), version.id());
        if (pendingKeys.contains(key)) {
            flush();
        }
        pending.add(version);
        pendingEntries.add(indexing ? indexEntries : List.of());
        pendingKeys.add(key);
        if (pending.size() >= maxPending) {
            flush();
        }
    }

    /**
     * A savepoint around {@code work}. The versions waiting from before are sent first, and the attempt's own before
     * its savepoint is released, so that a conflict of theirs is the attempt's. Rolling back to the savepoint also
     * undoes what the session remembers of it: its waiting versions, the search path and the condition locks taken in
     * it (PostgreSQL undoes both with the savepoint).
     */
    @Override
    public <T> T attempt(Supplier<T> work) {
        flush();
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            throw failure("starting a savepoint", e);
        }
        boolean searchPathBefore = searchPathSet;
        Set<String> locksBefore = new HashSet<>(conditionLocks);
        T result;
        try {
            result = work.get();
            flush();
        } catch (RuntimeException | Error e) {
            pending.clear();
            pendingEntries.clear();
            pendingKeys.clear();
            searchPathSet = searchPathBefore;
            conditionLocks.retainAll(locksBefore);
            try {
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
            } catch (SQLException undo) {
                // the transaction is in doubt: it must not go on as though the attempt were undone
                undo.addSuppressed(e);
                throw failure("rolling back to a savepoint", undo);
            }
            throw e;
        }
        try {
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failure("releasing a savepoint", e);
        }
        return result;
    }

    /** How many versions this session has sent to the server. */
    int appended() {
        return appended;
    }

    /** Sends the waiting versions in one statement; a version that did not take effect is a conflict. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        int n = pending.size();
        appended += n;
        String[] types = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        Long[] millis = new Long[n];
        String[] changes = new String[n];
        String[] jsons = new String[n];
        for (int i = 0; i < n; i++) {
            StoredResource v = pending.get(i);
            types[i] = v.resourceType();
            ids[i] = v.id();
            versions[i] = v.versionId();
            millis[i] = v.lastUpdated().toEpochMilli();
            changes[i] = v.change().name();
            jsons[i] = v.json();
        }
        List<StoredResource> sent = new ArrayList<>(pending);
        List<List<IndexEntry>> sentEntries = new ArrayList<>(pendingEntries);
        pending.clear();
        pendingEntries.clear();
        pendingKeys.clear();
        try (PreparedStatement ps = c.prepareStatement(sql.append)) {
            ps.setArray(1, c.createArrayOf("text", types));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("bigint", versions));
            ps.setArray(4, c.createArrayOf("bigint", millis));
            ps.setArray(5, c.createArrayOf("text", changes));
            ps.setArray(6, c.createArrayOf("text", jsons));
            ps.setString(7, tenantKey);
            ps.setString(8, tenantKey);
            ps.setString(9, tenantKey);
            long versionsWritten = -1;
            Map<ResourceKey, Long> keys = new HashMap<>(n * 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    if (type == null) {
                        versionsWritten = rs.getLong(3);
                    } else {
                        keys.put(new ResourceKey(type, rs.getString(2)), rs.getLong(3));
                    }
                }
            }
            if (versionsWritten != n || keys.size() != n) {
                throw conflict(sent);
            }
            if (indexing) {
                List<PostgresIndexWriter.Resource> index = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    StoredResource v = sent.get(i);
                    long rkey = keys.get(new ResourceKey(v.resourceType(), v.id()));
                    index.add(new PostgresIndexWriter.Resource(
                            rkey, v.resourceType(), sentEntries.get(i), v.versionId() > 1));
                }
                PostgresIndexWriter.write(c, sql, tenantKey, index);
            }
        } catch (SQLException e) {
            throw writeFailure("writing " + n + " versions", e);
        }
    }

    private static VersionConflictException conflict(List<StoredResource> sent) {
        StoredResource first = sent.get(0);
        return sent.size() == 1
                ? VersionConflictException.concurrentModification(
                        first.reference(),
                        "version " + first.versionId() + " was written by someone else, or version "
                                + (first.versionId() - 1) + " is no longer current")
                : VersionConflictException.concurrentModification(
                        first.reference() + " and " + (sent.size() - 1) + " more resources written together",
                        "a concurrent writer changed at least one of them first");
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A version from the four columns version, last_updated, change, resource starting at {@code from}. */
    private StoredResource row(ResultSet rs, int from, String type, String id) throws SQLException {
        return new StoredResource(
                tenant,
                type,
                id,
                rs.getLong(from),
                rs.getObject(from + 1, OffsetDateTime.class).toInstant(),
                fhirVersion,
                ChangeKind.valueOf(rs.getString(from + 2)),
                rs.getString(from + 3));
    }

    /** A failure of writing versions or index rows: a value past a server limit is an invalid resource. */
    private RuntimeException writeFailure(String doing, SQLException e) {
        return PostgresErrors.isLimitExceeded(e) ? PostgresErrors.valueTooLarge(e) : failure(doing, e);
    }

    /**
     * A driver failure as the API's exception. Inside {@code StorageEngine.write} every failure is a {@code
     * BackendUnavailableException} with the driver exception as cause, and the engine runs the work again after a
     * serialization failure; in an explicit transaction, which only its caller can run again, a serialization failure
     * is a {@link VersionConflictException}.
     */
    private RuntimeException failure(String doing, SQLException e) {
        return explicit && PostgresErrors.isSerializationFailure(e)
                ? PostgresErrors.serializationFailure(e)
                : PostgresErrors.unavailable(doing, e);
    }
}
