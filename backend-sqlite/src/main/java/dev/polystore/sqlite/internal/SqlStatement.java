package dev.polystore.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SQL text with its bound values, appended in step. */
final class SqlStatement {
    /** Logs every search statement with its arguments at TRACE (logger {@code dev.polystore.sqlite.internal.SqlStatement}). */
    private static final Logger LOG = LoggerFactory.getLogger(SqlStatement.class);

    final StringBuilder sql = new StringBuilder();
    final List<Object> args = new ArrayList<>();

    /** Appends SQL text. */
    SqlStatement text(String s) {
        sql.append(s);
        return this;
    }

    /** Appends SQL text holding one placeholder, and binds its value. */
    SqlStatement bind(String s, Object arg) {
        sql.append(s);
        args.add(arg);
        return this;
    }

    /** Binds the value of a placeholder already appended. */
    SqlStatement bindValue(Object arg) {
        args.add(arg);
        return this;
    }

    /** Appends another fragment, its text and its values. */
    SqlStatement append(SqlStatement part) {
        sql.append(part.sql);
        args.addAll(part.args);
        return this;
    }

    /** Appends one comma-separated placeholder per value, binding it. */
    SqlStatement placeholders(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            bind(i == 0 ? "?" : ", ?", values.get(i));
        }
        return this;
    }

    /** Appends {@code AND column} restricted to {@code types}; nothing when they are empty (any type). */
    void typeFilter(String column, List<String> types) {
        if (types == null || types.isEmpty()) {
            return;
        }
        if (types.size() == 1) {
            bind(" AND " + column + " = ?", types.get(0));
            return;
        }
        text(" AND " + column + " IN (").placeholders(types).text(")");
    }

    PreparedStatement prepare(SqliteConnection c) throws SQLException {
        if (LOG.isTraceEnabled()) {
            LOG.trace("SQL {} with {}", sql, args);
        }
        PreparedStatement ps = c.jdbc().prepareStatement(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }
}
