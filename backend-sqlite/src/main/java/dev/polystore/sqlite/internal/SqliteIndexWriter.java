package dev.polystore.sqlite.internal;

import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import dev.polystore.sql.SqlIndexLayout;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

    private static final int STRING = 0;
    private static final int TOKEN = 1;
    private static final int DATE = 2;
    private static final int NUMBER = 3;
    private static final int QUANTITY = 4;
    private static final int REFERENCE = 5;
    private static final int URI = 6;
    /** The tables by the constants above. */
    private static final String[] TABLES = {
        "idx_string_rows",
        "idx_token_rows",
        "idx_date_rows",
        "idx_number_rows",
        "idx_quantity_rows",
        "idx_reference_rows",
        "idx_uri_rows"
    };
    /** Their columns, by the constants above. */
    private static final String[] COLUMNS = {
        "rkey, pkey, seq, comp, norm, exact",
        "rkey, pkey, seq, comp, system, value, text_norm, type_system, type_code",
        "rkey, pkey, seq, comp, start_ms, end_ms",
        "rkey, pkey, seq, comp, point, low, high",
        "rkey, pkey, seq, comp, point, low, high, system, unit_code, unit, c_point, c_low, c_high, c_unit",
        "rkey, pkey, seq, comp, target_type, target_id, version, url, url_base, id_system, id_value, contained,"
                + " canonical, display_norm",
        "rkey, pkey, seq, comp, uri, version"
    };
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
        int combo = 0;
        String narrative = null;
        String body = null;
        for (IndexEntry e : entries) {
            if (e instanceof FullTextEntry text) {
                if (text.code().equals(FullTextEntry.NARRATIVE)) {
                    narrative = text.words();
                } else {
                    body = text.words();
                }
            } else if (e instanceof CompositeEntry composite) {
                // a combination is its component rows, numbered alike (comp); the first component's rows find it
                combo++;
                for (int i = 0; i < composite.components().size(); i++) {
                    w.add(composite.components().get(i), SqlIndexLayout.componentCode(composite.code(), i), combo);
                }
            } else {
                w.add(e, e.code(), null);
            }
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

    private void add(IndexEntry entry, String code, Integer comp) throws SQLException {
        int t;
        Object[] row;
        if (entry instanceof StringEntry e) {
            t = STRING;
            row = new Object[] {null, null, null, null, e.normalized(), e.exact()};
        } else if (entry instanceof TokenEntry e) {
            t = TOKEN;
            row = new Object[] {
                null, null, null, null, e.system(), e.value(), e.normalizedText(), e.typeSystem(), e.typeCode()
            };
        } else if (entry instanceof DateEntry e) {
            t = DATE;
            row = new Object[] {null, null, null, null, millis(e.start()), millis(e.end())};
        } else if (entry instanceof NumberEntry e) {
            t = NUMBER;
            row = new Object[7];
            setNumbers(row, 4, e.value(), e.low(), e.high());
        } else if (entry instanceof QuantityEntry e) {
            t = QUANTITY;
            row = new Object[14];
            setNumbers(row, 4, e.value(), e.low(), e.high());
            row[7] = e.system();
            row[8] = e.unitCode();
            row[9] = e.unit();
            if (e.hasCanonical()) {
                setNumbers(row, 10, e.canonicalValue(), e.canonicalLow(), e.canonicalHigh());
            }
            row[13] = e.canonicalUnit();
        } else if (entry instanceof ReferenceEntry e) {
            t = REFERENCE;
            row = new Object[] {
                null,
                null,
                null,
                null,
                e.targetType(),
                e.id(),
                e.version(),
                e.url(),
                e.url() == null ? null : SqlIndexLayout.withoutHistory(e.url()),
                e.identifierSystem(),
                e.identifierValue(),
                e.contained() ? 1 : 0,
                e.canonical() ? 1 : 0,
                e.normalizedDisplay()
            };
        } else if (entry instanceof UriEntry e) {
            t = URI;
            row = new Object[] {null, null, null, null, e.uri(), e.version()};
        } else {
            // a composite nested in a composite does not occur in the definitions
            return;
        }
        row[0] = rkey;
        row[1] = parameterKey(code);
        row[2] = ++seq;
        row[3] = comp;
        rows.get(t).add(row);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /** A point (value with both bounds, as the matcher's Target) or a range [low, high). */
    private static void setNumbers(Object[] row, int i, BigDecimal value, BigDecimal low, BigDecimal high) {
        boolean point = value != null && low != null && high != null;
        row[i] = toDouble(point ? value : null);
        row[i + 1] = toDouble(point ? null : low);
        row[i + 2] = toDouble(point ? null : high);
    }

    private static Double toDouble(BigDecimal v) {
        return v == null ? null : v.doubleValue();
    }
}
