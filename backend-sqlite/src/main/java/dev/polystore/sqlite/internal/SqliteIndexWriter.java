package dev.polystore.sqlite.internal;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.sql.SqlIndexRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes a resource's index rows: replaces the previous ones, in the caller's transaction. The new rows wait in the
 * connection's {@link SqliteIndexBuffer} until the commit.
 */
final class SqliteIndexWriter {
    private static final String PARAM_KEY = "SELECT pkey FROM idx_param WHERE tenant = ? AND type = ? AND code = ?";
    private static final String NEW_PARAM_KEY =
            "INSERT INTO idx_param (tenant, type, code) VALUES (?, ?, ?) RETURNING pkey";

    private final SqliteConnection c;
    private final String tenant;
    private final String type;
    private final long rkey;
    /** Numbers the rows of the resource, which makes their primary keys unique. */
    private int seq;

    private SqliteIndexWriter(SqliteConnection c, String tenant, String type, long rkey) {
        this.c = c;
        this.tenant = tenant;
        this.type = type;
        this.rkey = rkey;
    }

    /**
     * Replaces the index rows of the resource with key {@code rkey} in {@code search_resources} with {@code entries}
     * (none for a tombstone); {@code fresh} says the resource is new, so there are no rows to delete.
     */
    static void replace(
            SqliteConnection c,
            String tenant,
            String type,
            long rkey,
            boolean live,
            boolean fresh,
            List<IndexEntry> entries)
            throws SQLException {
        SqliteIndexWriter w = new SqliteIndexWriter(c, tenant, type, rkey);
        if (!fresh) {
            c.indexBuffer().discard(w.rkey);
            for (String table : SqliteIndexBuffer.tables()) {
                PreparedStatement del = c.prepare("DELETE FROM " + table + " WHERE rkey = ?");
                del.setLong(1, w.rkey);
                del.executeUpdate();
            }
            SqliteFullText.delete(c, w.rkey);
        }
        if (!live) {
            return;
        }
        String narrative = null;
        String body = null;
        for (IndexEntry e : entries) {
            if (e instanceof FullTextEntry text) {
                if (text.code().equals(FullTextEntry.NARRATIVE)) {
                    narrative = text.words();
                } else {
                    body = text.words();
                }
            }
        }
        for (SqlIndexRows.Row row : SqlIndexRows.rows(entries)) {
            w.add(row);
        }
        if (narrative != null || body != null) {
            SqliteFullText.insert(c, w.rkey, narrative, body);
        }
    }

    /** The key of (tenant, type, code) in {@code idx_param}, created on first use. */
    private long parameterKey(String code) throws SQLException {
        Map<String, Long> byCode = c.parameterKeys(tenant, type);
        Long pkey = byCode.get(code);
        if (pkey == null) {
            PreparedStatement ps = c.prepare(PARAM_KEY);
            ps.setString(1, tenant);
            ps.setString(2, type);
            ps.setString(3, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    pkey = rs.getLong(1);
                }
            }
            if (pkey == null) {
                ps = c.prepare(NEW_PARAM_KEY);
                ps.setString(1, tenant);
                ps.setString(2, type);
                ps.setString(3, code);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pkey = rs.getLong(1);
                }
            }
            byCode.put(code, pkey);
        }
        return pkey;
    }

    private void add(SqlIndexRows.Row row) throws SQLException {
        Object[] values = new Object[4 + row.values().size()];
        values[0] = rkey;
        values[1] = parameterKey(row.code());
        values[2] = ++seq;
        values[3] = row.comp();
        for (int i = 0; i < row.values().size(); i++) {
            values[4 + i] = row.values().get(i);
        }
        c.indexBuffer().add(c, row.table(), values);
    }
}
