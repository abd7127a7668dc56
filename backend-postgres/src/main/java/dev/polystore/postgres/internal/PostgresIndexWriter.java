package dev.polystore.postgres.internal;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.sql.SqlIndexLayout.ValueTable;
import dev.polystore.sql.SqlIndexRows;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the index rows of a batch of resources in two statements whatever its size: one deletes the previous rows of
 * the resources that had some (updates, deletions, reindexing), one inserts the new rows of every table from arrays
 * ({@code unnest}), a column an array. This is the bulk path of loads and reindexing: a batch of a thousand resources
 * with tens of thousands of rows costs two round trips, or goes by COPY ({@link PostgresIndexCopy}).
 */
final class PostgresIndexWriter {
    /** The index entries of one resource; {@code replace}: it may have rows already, which go first. */
    record Resource(long rkey, String type, List<IndexEntry> entries, boolean replace) {}

    /**
     * From how many index rows a batch goes by COPY ({@link PostgresIndexCopy}: cheaper per row, a round trip per
     * table) instead of the one {@code unnest} statement. A single resource has some tens of rows.
     */
    static final int COPY_MIN_ROWS = 2_000;

    private PostgresIndexWriter() {}

    /** The statement deleting the rows of the resources whose keys are the one bound {@code bigint[]}. */
    static String deleteStatement(String quotedSchema) {
        StringBuilder sql = new StringBuilder("WITH keys AS (SELECT unnest(CAST(? AS bigint[])) AS rkey)");
        for (ValueTable table : ValueTable.values()) {
            sql.append(", d_")
                    .append(table.view())
                    .append(" AS (DELETE FROM ")
                    .append(quotedSchema)
                    .append('.');
            sql.append(table.view()).append(" WHERE rkey IN (SELECT rkey FROM keys))");
        }
        sql.append(" DELETE FROM ").append(quotedSchema).append(".idx_fulltext WHERE rkey IN (SELECT rkey FROM keys)");
        return sql.toString();
    }

    /**
     * The statement inserting rows into every table: per table the tenant, then one array per column ({@code type,
     * rkey, code, comp} and the value columns), then the full-text keys and documents.
     */
    static String insertStatement(String quotedSchema) {
        StringBuilder sql = new StringBuilder("WITH ");
        for (ValueTable table : ValueTable.values()) {
            List<String> columns = table.valueColumns();
            sql.append(table == ValueTable.STRING ? "" : ", ").append("i_").append(table.view());
            sql.append(" AS (INSERT INTO ").append(quotedSchema).append('.').append(table.view());
            sql.append(" (tenant, type, rkey, code, comp, ")
                    .append(String.join(", ", columns))
                    .append(')');
            sql.append(" SELECT CAST(? AS text), * FROM unnest(CAST(? AS text[]), CAST(? AS bigint[]),");
            sql.append(" CAST(? AS text[]), CAST(? AS integer[])");
            for (String column : columns) {
                sql.append(", CAST(? AS ")
                        .append(PostgresIndexSchema.elementType(column))
                        .append("[])");
            }
            sql.append("))");
        }
        sql.append(" INSERT INTO ").append(quotedSchema).append(".idx_fulltext (rkey, tenant, words)");
        sql.append(" SELECT k, CAST(? AS text), CAST(w AS tsvector)");
        sql.append(" FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS u(k, w)");
        return sql.toString();
    }

    /** Replaces the index rows of {@code resources} (of {@code tenant}) in the caller's transaction. */
    static void write(Connection c, PostgresSql sql, String tenant, List<Resource> resources) throws SQLException {
        List<Long> replaced = new ArrayList<>();
        Map<ValueTable, List<Object[]>> rows = new EnumMap<>(ValueTable.class);
        List<Long> textKeys = new ArrayList<>();
        List<String> textDocuments = new ArrayList<>();
        for (Resource r : resources) {
            if (r.replace()) {
                replaced.add(r.rkey());
            }
            List<FullTextEntry> text = new ArrayList<>(2);
            for (IndexEntry e : r.entries()) {
                if (e instanceof FullTextEntry t) {
                    text.add(t);
                }
            }
            for (SqlIndexRows.Row row : SqlIndexRows.rows(r.entries())) {
                Object[] values = new Object[4 + row.values().size()];
                values[0] = r.type();
                values[1] = r.rkey();
                values[2] = row.code();
                values[3] = row.comp();
                for (int i = 0; i < row.values().size(); i++) {
                    values[4 + i] = row.values().get(i);
                }
                rows.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(values);
            }
            String document = PostgresFullText.document(text);
            if (document != null) {
                textKeys.add(r.rkey());
                textDocuments.add(document);
            }
        }
        if (!replaced.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(sql.deleteIndex)) {
                ps.setArray(1, c.createArrayOf("int8", replaced.toArray()));
                ps.executeUpdate();
            }
        }
        if (rows.isEmpty() && textKeys.isEmpty()) {
            return;
        }
        int rowCount = 0;
        for (List<Object[]> tableRows : rows.values()) {
            rowCount += tableRows.size();
        }
        if (rowCount >= COPY_MIN_ROWS && sql.copyIndexRows) {
            PostgresIndexCopy.copy(c, sql.quotedSchema, tenant, rows, textKeys, textDocuments);
            return;
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.insertIndex)) {
            int p = 1;
            for (ValueTable table : ValueTable.values()) {
                List<Object[]> tableRows = rows.getOrDefault(table, List.of());
                ps.setString(p++, tenant);
                p = bindColumn(c, ps, p, arrays, tableRows, 0, "text");
                p = bindColumn(c, ps, p, arrays, tableRows, 1, "int8");
                p = bindColumn(c, ps, p, arrays, tableRows, 2, "text");
                p = bindColumn(c, ps, p, arrays, tableRows, 3, "int4");
                List<String> columns = table.valueColumns();
                for (int i = 0; i < columns.size(); i++) {
                    p = bindColumn(c, ps, p, arrays, tableRows, 4 + i, PostgresIndexSchema.elementType(columns.get(i)));
                }
            }
            ps.setString(p++, tenant);
            ps.setArray(p++, array(c, arrays, "int8", textKeys.toArray()));
            ps.setArray(p, array(c, arrays, "text", textDocuments.toArray()));
            ps.executeUpdate();
        } finally {
            for (Array a : arrays) {
                a.free();
            }
        }
    }

    private static int bindColumn(
            Connection c, PreparedStatement ps, int p, List<Array> arrays, List<Object[]> rows, int column, String type)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = rows.get(i)[column];
            // flags come as Integer; bigint arrays take Long
            values[i] = v instanceof Integer n && type.equals("int8") ? Long.valueOf(n) : v;
        }
        ps.setArray(p, array(c, arrays, type, values));
        return p + 1;
    }

    private static Array array(Connection c, List<Array> arrays, String type, Object[] values) throws SQLException {
        Array a = c.createArrayOf(type, values);
        arrays.add(a);
        return a;
    }
}
