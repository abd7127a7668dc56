package dev.polystore.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SQL text with its bound values, appended in step: values reach SQL only as bound parameters. */
public final class SqlStatement {
    /** Logs every search statement with its arguments at TRACE (the logger of this class). */
    private static final Logger LOG = LoggerFactory.getLogger(SqlStatement.class);

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    /** Appends SQL text. */
    public SqlStatement text(String s) {
        sql.append(s);
        return this;
    }

    /** Appends SQL text holding one placeholder, and binds its value. */
    public SqlStatement bind(String s, Object arg) {
        sql.append(s);
        args.add(arg);
        return this;
    }

    /** Binds the value of a placeholder already appended. */
    public SqlStatement bindValue(Object arg) {
        args.add(arg);
        return this;
    }

    /** Appends another fragment, its text and its values. */
    public SqlStatement append(SqlStatement part) {
        sql.append(part.sql);
        args.addAll(part.args);
        return this;
    }

    /** Appends one comma-separated placeholder per value, binding it. */
    public SqlStatement placeholders(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            bind(i == 0 ? "?" : ", ?", values.get(i));
        }
        return this;
    }

    /** Appends {@code AND column} restricted to {@code types}; nothing when they are empty (any type). */
    public void typeFilter(String column, List<String> types) {
        if (types == null || types.isEmpty()) {
            return;
        }
        if (types.size() == 1) {
            bind(" AND " + column + " = ?", types.get(0));
            return;
        }
        text(" AND " + column + " IN (").placeholders(types).text(")");
    }

    /** The SQL text so far. */
    public String sql() {
        return sql.toString();
    }

    /** The bound values so far, in placeholder order. */
    public List<Object> arguments() {
        return Collections.unmodifiableList(args);
    }

    /** A statement of {@code connection} with the text and every value bound; the caller closes it. */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        if (LOG.isTraceEnabled()) {
            LOG.trace("SQL {} with {}", sql, args);
        }
        PreparedStatement ps = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    @Override
    public String toString() {
        return sql + " " + args;
    }
}
