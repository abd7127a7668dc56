package dev.polystore.sqlite.internal;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.sql.SqlIndexLayout.ValueTable;
import dev.polystore.sql.SqlIndexRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a resource's index rows: replaces the previous ones, in the caller's transaction. The rows of one table go in
 * multi-row INSERTs of {@link #CHUNKS} rows.
 */
final class SqliteIndexWriter {
    private static final String UPSERT_KEY = "INSERT INTO search_resources (tenant, type, id, live) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant, type, id) DO UPDATE SET live = excluded.live RETURNING rkey";
    private static final String PARAM_KEY = "SELECT pkey FROM idx_param WHERE tenant = ? AND type = ? AND code = ?";
    private static final String NEW_PARAM_KEY =
            "INSERT INTO idx_param (tenant, type, code) VALUES (?, ?, ?) RETURNING pkey";

    /** The physical tables, by {@link ValueTable} ordinal: the logical tables' rows, clustered by resource. */
    private static final String[] TABLES = new String[ValueTable.values().length];
    /** Their columns, by {@link ValueTable} ordinal. */
    private static final String[] COLUMNS = new String[ValueTable.values().length];

    static {
        for (ValueTable table : ValueTable.values()) {
            TABLES[table.ordinal()] = table.view() + "_rows";
            COLUMNS[table.ordinal()] = "rkey, pkey, seq, comp, " + String.join(", ", table.valueColumns());
        }
    }

    /** The numbers of rows per INSERT statement, largest first; the last is 1. */
    private static final int[] CHUNKS = {16, 4, 1};
    /** The INSERT statements by table and position in {@link #CHUNKS}. */
    private static final String[][] INSERTS = new String[TABLES.length][CHUNKS.length];

    static {
        for (int t = 0; t < TABLES.length; t++) {
            int width = COLUMNS[t].split(",").length;
            String row = "(" + "?, ".repeat(width - 1) + "?)";
            for (int k = 0; k < CHUNKS.length; k++) {
                StringBuilder sql = new StringBuilder("INSERT INTO ")
                        .append(TABLES[t])
                        .append(" (")
                        .append(COLUMNS[t])
                        .append(") VALUES ")
                        .append(row);
                for (int i = 1; i < CHUNKS[k]; i++) {
                    sql.append(", ").append(row);
                }
                INSERTS[t][k] = sql.toString();
            }
        }
    }

    private final SqliteConnection c;
    private final String tenant;
    private final String type;
    private long rkey;
    /** Numbers the rows of the resource, which makes their primary keys unique. */
    private int seq;
    /** The rows to insert, by table; each row's values in column order. */
    private final List<List<Object[]>> rows = new ArrayList<>(TABLES.length);

    private SqliteIndexWriter(SqliteConnection c, String tenant, String type) {
        this.c = c;
        this.tenant = tenant;
        this.type = type;
        for (int t = 0; t < TABLES.length; t++) {
            rows.add(new ArrayList<>());
        }
    }

    /**
     * Replaces the index rows of the resource with {@code entries} (none for a tombstone); {@code fresh} says the
     * resource is new, so there are no rows to delete.
     */
    static void replace(
            SqliteConnection c,
            String tenant,
            String type,
            String id,
            boolean live,
            boolean fresh,
            List<IndexEntry> entries)
            throws SQLException {
        SqliteIndexWriter w = new SqliteIndexWriter(c, tenant, type);
        PreparedStatement key = c.prepare(UPSERT_KEY);
        key.setString(1, tenant);
        key.setString(2, type);
        key.setString(3, id);
        key.setInt(4, live ? 1 : 0);
        try (ResultSet rs = key.executeQuery()) {
            rs.next();
            w.rkey = rs.getLong(1);
        }
        for (String table : fresh ? List.<String>of() : SqliteIndexSchema.TABLES) {
            PreparedStatement del = c.prepare("DELETE FROM " + table + " WHERE rkey = ?");
            del.setLong(1, w.rkey);
            del.executeUpdate();
        }
        if (!fresh) {
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
        for (int t = 0; t < TABLES.length; t++) {
            w.flush(t);
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

    /** Inserts the buffered rows of table {@code t}. */
    private void flush(int t) throws SQLException {
        List<Object[]> pending = rows.get(t);
        int next = 0;
        for (int k = 0; k < CHUNKS.length; k++) {
            int n = CHUNKS[k];
            while (pending.size() - next >= n) {
                PreparedStatement ps = c.prepare(INSERTS[t][k]);
                int p = 1;
                for (int r = next; r < next + n; r++) {
                    for (Object v : pending.get(r)) {
                        ps.setObject(p++, v);
                    }
                }
                ps.executeUpdate();
                next += n;
            }
        }
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
        rows.get(row.table().ordinal()).add(values);
    }
}
