package dev.polystore.sqlite.internal;

import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** Writes a resource's index rows: replaces the previous ones, in the caller's transaction. */
final class SqliteIndexWriter {
    private static final String UPSERT_KEY = "INSERT INTO search_resources (tenant, type, id, live) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant, type, id) DO UPDATE SET live = excluded.live RETURNING rkey";
    private static final String STRING =
            "INSERT INTO idx_string (tenant, type, rkey, code, comp, norm, exact) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String TOKEN = "INSERT INTO idx_token (tenant, type, rkey, code, comp, system, value,"
            + " text_norm, type_system, type_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DATE =
            "INSERT INTO idx_date (tenant, type, rkey, code, comp, start_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String NUMBER =
            "INSERT INTO idx_number (tenant, type, rkey, code, comp, point, low, high) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String QUANTITY = "INSERT INTO idx_quantity (tenant, type, rkey, code, comp, point, low, high,"
            + " system, unit_code, unit, c_point, c_low, c_high, c_unit)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REFERENCE = "INSERT INTO idx_reference (tenant, type, rkey, code, comp, target_type,"
            + " target_id, version, url, url_base, id_system, id_value, contained, canonical, display_norm)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String URI =
            "INSERT INTO idx_uri (tenant, type, rkey, code, comp, uri, version) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String COMPOSITE =
            "INSERT INTO idx_composite (tenant, type, rkey, code, combo) VALUES (?, ?, ?, ?, ?)";

    private final SqliteConnection c;
    private final String tenant;
    private final String type;
    private long rkey;

    private SqliteIndexWriter(SqliteConnection c, String tenant, String type) {
        this.c = c;
        this.tenant = tenant;
        this.type = type;
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
        if (!live) {
            return;
        }
        int combo = 0;
        for (IndexEntry e : entries) {
            if (e instanceof CompositeEntry composite) {
                combo++;
                PreparedStatement ps = c.prepare(COMPOSITE);
                w.head(ps, composite.code(), null);
                ps.setInt(5, combo);
                ps.executeUpdate();
                for (int i = 0; i < composite.components().size(); i++) {
                    w.insert(composite.components().get(i), componentCode(composite.code(), i), combo);
                }
            } else {
                w.insert(e, e.code(), null);
            }
        }
    }

    /** The code under which component {@code i} of a composite parameter is stored. */
    static String componentCode(String compositeCode, int i) {
        return compositeCode + "$" + i;
    }

    /** A URL without a {@code /_history/...} tail. */
    static String withoutHistory(String url) {
        int h = url.indexOf("/_history/");
        return h < 0 ? url : url.substring(0, h);
    }

    private void head(PreparedStatement ps, String code, Integer comp) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, type);
        ps.setLong(3, rkey);
        ps.setString(4, code);
        if (comp == null) {
            ps.setNull(5, Types.INTEGER);
        } else {
            ps.setInt(5, comp);
        }
    }

    private void insert(IndexEntry entry, String code, Integer comp) throws SQLException {
        PreparedStatement ps;
        if (entry instanceof StringEntry e) {
            ps = c.prepare(STRING);
            head(ps, code, comp);
            ps.setString(6, e.normalized());
            ps.setString(7, e.exact());
        } else if (entry instanceof TokenEntry e) {
            ps = c.prepare(TOKEN);
            head(ps, code, comp);
            ps.setString(6, e.system());
            ps.setString(7, e.value());
            ps.setString(8, e.normalizedText());
            ps.setString(9, e.typeSystem());
            ps.setString(10, e.typeCode());
        } else if (entry instanceof DateEntry e) {
            ps = c.prepare(DATE);
            head(ps, code, comp);
            setMillis(ps, 6, e.start());
            setMillis(ps, 7, e.end());
        } else if (entry instanceof NumberEntry e) {
            ps = c.prepare(NUMBER);
            head(ps, code, comp);
            setNumbers(ps, 6, e.value(), e.low(), e.high());
        } else if (entry instanceof QuantityEntry e) {
            ps = c.prepare(QUANTITY);
            head(ps, code, comp);
            setNumbers(ps, 6, e.value(), e.low(), e.high());
            ps.setString(9, e.system());
            ps.setString(10, e.unitCode());
            ps.setString(11, e.unit());
            if (e.hasCanonical()) {
                setNumbers(ps, 12, e.canonicalValue(), e.canonicalLow(), e.canonicalHigh());
            } else {
                setNumbers(ps, 12, null, null, null);
            }
            ps.setString(15, e.canonicalUnit());
        } else if (entry instanceof ReferenceEntry e) {
            ps = c.prepare(REFERENCE);
            head(ps, code, comp);
            ps.setString(6, e.targetType());
            ps.setString(7, e.id());
            ps.setString(8, e.version());
            ps.setString(9, e.url());
            ps.setString(10, e.url() == null ? null : withoutHistory(e.url()));
            ps.setString(11, e.identifierSystem());
            ps.setString(12, e.identifierValue());
            ps.setInt(13, e.contained() ? 1 : 0);
            ps.setInt(14, e.canonical() ? 1 : 0);
            ps.setString(15, e.normalizedDisplay());
        } else if (entry instanceof UriEntry e) {
            ps = c.prepare(URI);
            head(ps, code, comp);
            ps.setString(6, e.uri());
            ps.setString(7, e.version());
        } else {
            // a composite nested in a composite does not occur in the definitions
            return;
        }
        ps.executeUpdate();
    }

    private static void setMillis(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }

    /** A point (value with both bounds, as the matcher's Target) or a range [low, high). */
    private static void setNumbers(PreparedStatement ps, int i, BigDecimal value, BigDecimal low, BigDecimal high)
            throws SQLException {
        boolean point = value != null && low != null && high != null;
        setDouble(ps, i, point ? value : null);
        setDouble(ps, i + 1, point ? null : low);
        setDouble(ps, i + 2, point ? null : high);
    }

    private static void setDouble(PreparedStatement ps, int i, BigDecimal v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v.doubleValue());
        }
    }
}
