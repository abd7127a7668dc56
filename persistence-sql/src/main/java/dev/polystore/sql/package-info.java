/**
 * The search SQL shared by the relational backends (SQLite, PostgreSQL): a {@link dev.polystore.sql.SqlSearch} turns a
 * resolved search into statements over the logical index schema ({@link dev.polystore.sql.SqlIndexLayout}), written in
 * common SQL except where a {@link dev.polystore.sql.SqlDialect} spells it, and runs them through a {@link
 * dev.polystore.sql.SqlExecutor}. For backend modules, not for applications: it may change with any release.
 */
package dev.polystore.sql;
