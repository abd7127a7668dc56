package dev.polystore.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SQL text with its bound values, appended in step. */
final class SqliteSql {
    /** Logs every search statement with its arguments at TRACE (logger {@code dev.polystore.sqlite.internal.SqliteSql}). */
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSql.class);

    final StringBuilder sql = new StringBuilder();
    final List<Object> args = new ArrayList<>();

    SqliteSql a(String s) {
        sql.append(s);
        return this;
    }

    SqliteSql b(String s, Object arg) {
        sql.append(s);
        args.add(arg);
        return this;
    }

    /** Appends another fragment, its text and its values. */
    SqliteSql append(SqliteSql part) {
        sql.append(part.sql);
        args.addAll(part.args);
        return this;
    }

    /** Appends one comma-separated placeholder per value, binding it. */
    SqliteSql placeholders(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            b(i == 0 ? "?" : ", ?", values.get(i));
        }
        return this;
    }

    /** Appends {@code AND column} restricted to {@code types}; nothing when they are empty (any type). */
    void typeFilter(String column, List<String> types) {
        if (types == null || types.isEmpty()) {
            return;
        }
        if (types.size() == 1) {
            b(" AND " + column + " = ?", types.get(0));
            return;
        }
        a(" AND " + column + " IN (").placeholders(types).a(")");
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
