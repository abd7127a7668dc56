package dev.polystore.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the statements {@link SqlSearch} builds: the one place where the shared search machinery touches a database, so
 * that the planner's choices (probes, paging, includes) are made once for every engine. {@link #jdbc} serves any JDBC
 * connection.
 */
public interface SqlExecutor {
    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The rows of a query, each read by {@code reader}, in the order the query returns them. */
    <T> List<T> query(SqlStatement statement, RowReader<T> reader) throws SQLException;

    /** The number in the first column of the first row of a query (a {@code count(*)}). */
    default long count(SqlStatement statement) throws SQLException {
        List<Long> rows = query(statement, row -> row.getLong(1));
        if (rows.isEmpty()) {
            throw new SQLException("A count returned no row: " + statement.sql());
        }
        return rows.get(0);
    }

    /** Runs each statement as a new prepared statement of {@code connection}, closed after reading its rows. */
    static SqlExecutor jdbc(Connection connection) {
        return new SqlExecutor() {
            @Override
            public <T> List<T> query(SqlStatement statement, RowReader<T> reader) throws SQLException {
                List<T> rows = new ArrayList<>();
                try (PreparedStatement ps = statement.prepare(connection);
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
                return rows;
            }
        };
    }
}
