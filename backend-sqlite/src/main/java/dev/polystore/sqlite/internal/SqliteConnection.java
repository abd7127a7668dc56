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

    /** Index rows of the open transaction, inserted at its commit (or before a search on this connection). */
    private final SqliteIndexBuffer indexBuffer = new SqliteIndexBuffer();

    /** First versions of new resources in the open transaction, inserted at its commit (or before a read). */
    private final SqliteVersionBuffer versionBuffer = new SqliteVersionBuffer();

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
        boolean commit = sql.startsWith("COMMIT");
        if (sql.startsWith("ROLLBACK")) {
            parameterKeys.clear();
            indexBuffer.clear();
            versionBuffer.forget();
        } else if (commit) {
            flushWrites();
        }
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        if (commit) {
            versionBuffer.forget();
        }
    }

    /** The cached parameter keys of tenant and type, by code (see {@link #parameterKeys}). */
    Map<String, Long> parameterKeys(String tenant, String type) {
        return parameterKeys.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(type, t -> new HashMap<>());
    }

    /** The index rows waiting for this connection's commit. */
    SqliteIndexBuffer indexBuffer() {
        return indexBuffer;
    }

    /** The first versions waiting for this connection's commit. */
    SqliteVersionBuffer versionBuffer() {
        return versionBuffer;
    }

    /**
     * Inserts the waiting versions and index rows, so that a read or search on this connection sees its own
     * transaction's writes.
     */
    void flushWrites() throws SQLException {
        versionBuffer.flush(this);
        indexBuffer.flush(this);
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
