package dev.polystore.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Fixed query-planner statistics ({@code sqlite_stat1}) for Polystore's tables, written at every open. Without
 * statistics SQLite guesses that an equality on an index's first column selects about ten rows whatever the column,
 * and then may read a reference parameter's every row ({@code idx_reference_url (pkey, ...)}) instead of the few rows
 * pointing at one patient ({@code idx_reference_target (target_id, ...)}). {@code ANALYZE} would measure the real
 * figures, but it holds the single writer for seconds on a large database, and its sampled form ({@code
 * analysis_limit}) misjudges exactly these skewed indexes. The shape of the data is known in advance (a parameter key
 * has many rows, a reference target few, a resource key a handful), so these figures state that shape for a database
 * of a million rows per table; they steer the planner to the same plans at any size. A manual {@code ANALYZE} is
 * overwritten at the next open.
 */
final class SqlitePlannerStatistics {
    /** (table, index, stat): per index, the row count then the average rows per distinct prefix of 1, 2, ... columns. */
    static final List<String[]> STATISTICS = List.of(
            row("resource_versions", "resource_versions_key", "1000000 100000 10000 2 1"),
            row("resource_versions", "resource_versions_system_history", "1000000 100000 2 1"),
            row("resource_versions", "resource_versions_type_history", "1000000 100000 10000 2 1"),
            row("search_resources", "search_resources_key", "1000000 100000 10000 1"),
            row("search_resources", "search_resources_type", "1000000 100000 10000 1"),
            row("idx_param", "idx_param_key", "2000 200 20 1"),
            row("idx_string_rows", "idx_string_rows", "1000000 10 3 1"),
            row("idx_string_rows", "idx_string_value", "1000000 20000 20"),
            row("idx_token_rows", "idx_token_rows", "1000000 25 3 1"),
            row("idx_token_rows", "idx_token_value", "1000000 20000 100 100"),
            row("idx_date_rows", "idx_date_rows", "1000000 8 2 1"),
            row("idx_date_rows", "idx_date_start", "1000000 20000 2"),
            row("idx_date_rows", "idx_date_end", "1000000 20000 2"),
            row("idx_number_rows", "idx_number_rows", "1000000 4 2 1"),
            row("idx_number_rows", "idx_number_point", "1000000 20000 5"),
            row("idx_quantity_rows", "idx_quantity_rows", "1000000 4 2 1"),
            row("idx_quantity_rows", "idx_quantity_point", "1000000 20000 5"),
            row("idx_quantity_rows", "idx_quantity_canonical", "1000000 20000 5000 5"),
            row("idx_reference_rows", "idx_reference_rows", "1000000 10 2 1"),
            row("idx_reference_rows", "idx_reference_target", "1000000 20 5 5"),
            row("idx_reference_rows", "idx_reference_url", "1000000 20000 20000"),
            row("idx_uri_rows", "idx_uri_rows", "1000000 3 2 1"),
            row("idx_uri_rows", "idx_uri_value", "1000000 20000 10"));

    private SqlitePlannerStatistics() {}

    private static String[] row(String table, String index, String stat) {
        return new String[] {table, index, stat};
    }

    /**
     * Replaces the statistics of Polystore's indexes with {@link #STATISTICS}, inside the caller's write transaction.
     * Call {@link #reload} on the connection after the commit.
     */
    static void write(SqliteConnection c) throws SQLException {
        // ANALYZE of a tiny table creates sqlite_stat1 when it does not exist yet
        c.execute("ANALYZE polystore_schema");
        try (PreparedStatement delete =
                        c.jdbc().prepareStatement("DELETE FROM sqlite_stat1 WHERE tbl = ? AND idx = ?");
                PreparedStatement insert =
                        c.jdbc().prepareStatement("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)")) {
            for (String[] s : STATISTICS) {
                delete.setString(1, s[0]);
                delete.setString(2, s[1]);
                delete.executeUpdate();
                insert.setString(1, s[0]);
                insert.setString(2, s[1]);
                insert.setString(3, s[2]);
                insert.executeUpdate();
            }
        }
    }

    /** Makes the connection's planner read the statistics again. */
    static void reload(SqliteConnection c) throws SQLException {
        c.execute("ANALYZE sqlite_schema");
    }
}
