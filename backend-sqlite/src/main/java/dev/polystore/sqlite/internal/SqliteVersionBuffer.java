package dev.polystore.sqlite.internal;

import dev.polystore.api.error.VersionConflictException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sqlite.SQLiteErrorCode;

/**
 * The first versions of new resources written in the writer connection's open transaction, not yet inserted: the
 * {@code resource_versions} row and the {@code search_resources} row of each go in at the commit, before anything on
 * the connection reads, or once {@link #LIMIT} wait, many rows per statement. One statement per row with {@code
 * RETURNING} cost two statement executions per resource, about a third of the writer's time in a bulk load.
 *
 * <p>Their keys ({@code seq}, {@code rkey}) are given here, one past the highest in the table, as SQLite gives them:
 * the connection holds the database's write lock for the whole transaction, so no one else takes one meanwhile. The
 * index rows need the rkey at once. Any other insert into the two tables flushes first and forgets the counters
 * ({@link #flushAndForgetKeys}); a rollback forgets the rows and the counters.
 */
final class SqliteVersionBuffer {
    /** Rows waiting at most (their documents are held in memory until then). */
    static final int LIMIT = 1000;

    /** The numbers of rows per INSERT statement, largest first; the last is 1. */
    private static final int[] CHUNKS = {16, 4, 1};

    private static final String[] INSERT_VERSIONS = new String[CHUNKS.length];
    private static final String[] INSERT_KEYS = new String[CHUNKS.length];

    static {
        for (int k = 0; k < CHUNKS.length; k++) {
            INSERT_VERSIONS[k] = "INSERT INTO resource_versions (seq, tenant, type, id, version, last_updated, change,"
                    + " json) VALUES " + String.join(", ", Collections.nCopies(CHUNKS[k], "(?, ?, ?, ?, 1, ?, ?, ?)"));
            INSERT_KEYS[k] = "INSERT INTO search_resources (rkey, tenant, type, id, live, version, seq) VALUES "
                    + String.join(", ", Collections.nCopies(CHUNKS[k], "(?, ?, ?, ?, ?, 1, ?)"));
        }
    }

    /** A first version and the key row of its resource. */
    private record Row(
            long seq, long rkey, String tenant, String type, String id, long lastUpdated, int change, String json) {}

    private final List<Row> rows = new ArrayList<>();
    /** The next keys to give, or -1 when they must be read from the tables first. */
    private long nextSeq = -1;

    private long nextRkey = -1;

    /** Adds the first version of a new resource, and returns the resource's key. */
    long add(SqliteConnection c, String tenant, String type, String id, long lastUpdated, int change, String json)
            throws SQLException {
        if (nextSeq < 0) {
            nextSeq = highest(c, "SELECT max(seq) FROM resource_versions") + 1;
            nextRkey = highest(c, "SELECT max(rkey) FROM search_resources") + 1;
        }
        Row row = new Row(nextSeq++, nextRkey++, tenant, type, id, lastUpdated, change, json);
        rows.add(row);
        if (rows.size() >= LIMIT) {
            flush(c);
        }
        return row.rkey();
    }

    private static long highest(SqliteConnection c, String sql) throws SQLException {
        try (ResultSet rs = c.prepare(sql).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Inserts the waiting rows. A row that breaks a uniqueness constraint (its resource, or that version of it, exists)
     * is a {@link VersionConflictException} naming it; the rows of the failing statement are not inserted, those
     * before it are, and the caller rolls back.
     */
    void flush(SqliteConnection c) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            int next = 0;
            for (int k = 0; k < CHUNKS.length; k++) {
                int n = CHUNKS[k];
                while (rows.size() - next >= n) {
                    List<Row> chunk = rows.subList(next, next + n);
                    insert(c, k, chunk, true);
                    insert(c, k, chunk, false);
                    next += n;
                }
            }
        } finally {
            rows.clear();
        }
    }

    private static void insert(SqliteConnection c, int k, List<Row> chunk, boolean versions) throws SQLException {
        PreparedStatement ps = c.prepare(versions ? INSERT_VERSIONS[k] : INSERT_KEYS[k]);
        int p = 1;
        for (Row r : chunk) {
            if (versions) {
                ps.setLong(p++, r.seq());
                ps.setString(p++, r.tenant());
                ps.setString(p++, r.type());
                ps.setString(p++, r.id());
                ps.setLong(p++, r.lastUpdated());
                ps.setInt(p++, r.change());
                ps.setString(p++, r.json());
            } else {
                ps.setLong(p++, r.rkey());
                ps.setString(p++, r.tenant());
                ps.setString(p++, r.type());
                ps.setString(p++, r.id());
                ps.setInt(p++, r.json() == null ? 0 : 1);
                ps.setLong(p++, r.seq());
            }
        }
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xFF) != SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
                throw e;
            }
            // the statement inserted nothing: find the row that conflicts, one at a time
            if (chunk.size() > 1) {
                for (Row r : chunk) {
                    insert(c, CHUNKS.length - 1, List.of(r), versions);
                }
            }
            Row r = chunk.get(0);
            throw VersionConflictException.concurrentModification(
                    r.type() + "/" + r.id(), "it was created by someone else", e);
        }
    }

    /** Inserts the waiting rows and forgets the counters: someone else inserts into the tables next. */
    void flushAndForgetKeys(SqliteConnection c) throws SQLException {
        flush(c);
        nextSeq = -1;
        nextRkey = -1;
    }

    /** Drops the waiting rows and the counters (the transaction, or a savepoint, rolled back; or it committed). */
    void forget() {
        rows.clear();
        nextSeq = -1;
        nextRkey = -1;
    }
}
