package dev.polystore.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** One JDBC connection with its prepared statements, cached by SQL text. Used by one thread at a time. */
final class SqliteConnection implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /**
     * The search index's parameter keys ({@code idx_param}) by tenant, type and code, as read or created in this
     * connection's transactions; forgotten on rollback, which may undo the creation of some.
     */
    private final Map<String, Map<String, Map<String, Long>>> parameterKeys = new HashMap<>();

    SqliteConnection(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    void execute(String sql) throws SQLException {
        if (sql.startsWith("ROLLBACK")) {
            parameterKeys.clear();
        }
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The cached parameter keys of tenant and type, by code (see {@link #parameterKeys}). */
    Map<String, Long> parameterKeys(String tenant, String type) {
        return parameterKeys.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(type, t -> new HashMap<>());
    }

    Connection jdbc() {
        return connection;
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        statements.clear();
        parameterKeys.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
