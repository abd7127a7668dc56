package dev.polystore.postgres.internal;

import dev.polystore.sql.SqlIndexLayout.ValueTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The bulk path of {@link PostgresIndexWriter}: the index rows of a large batch as one {@code COPY ... FROM STDIN} per
 * table, in COPY's text format. COPY costs the server about a third less than {@code INSERT ... SELECT unnest(...)}
 * for the same rows (no arrays to build and unpack, no per-row executor work), but one round trip per table, so the
 * writer takes it only for batches with many rows.
 */
final class PostgresIndexCopy {
    private PostgresIndexCopy() {}

    /** Copies the rows ({@code type, rkey, code, comp} and the table's values) of every table, then the documents. */
    static void copy(
            Connection c,
            String quotedSchema,
            String tenant,
            Map<ValueTable, List<Object[]>> rows,
            List<Long> textKeys,
            List<String> textDocuments)
            throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (ValueTable table : ValueTable.values()) {
            List<Object[]> tableRows = rows.get(table);
            if (tableRows == null || tableRows.isEmpty()) {
                continue;
            }
            StringBuilder data = new StringBuilder(tableRows.size() * 96);
            for (Object[] row : tableRows) {
                field(data, tenant);
                for (Object value : row) {
                    data.append('\t');
                    field(data, value);
                }
                data.append('\n');
            }
            run(
                    copy,
                    "COPY " + quotedSchema + "." + table.view() + " (tenant, type, rkey, code, comp, "
                            + String.join(", ", table.valueColumns()) + ") FROM STDIN",
                    data);
        }
        if (!textKeys.isEmpty()) {
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < textKeys.size(); i++) {
                data.append(textKeys.get(i)).append('\t');
                field(data, tenant);
                data.append('\t');
                field(data, textDocuments.get(i));
                data.append('\n');
            }
            run(copy, "COPY " + quotedSchema + ".idx_fulltext (rkey, tenant, words) FROM STDIN", data);
        }
    }

    private static void run(CopyManager copy, String sql, StringBuilder data) throws SQLException {
        try {
            copy.copyIn(sql, new ByteArrayInputStream(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the stream is in memory: only the connection can fail
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
    }

    /** One field in COPY's text format: {@code \N} for null, text with backslash, tab and line breaks escaped. */
    static void field(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        if (!(value instanceof String s)) {
            // numbers: Long, Integer and Double print in forms the server reads (1.0E10, Infinity, NaN)
            out.append(value);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
