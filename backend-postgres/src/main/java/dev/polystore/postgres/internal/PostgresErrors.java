package dev.polystore.postgres.internal;

import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.VersionConflictException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** How driver failures become the API's exceptions: the SQLSTATE classes PostgreSQL documents. */
final class PostgresErrors {
    private PostgresErrors() {}

    /** serialization_failure (40001) or deadlock_detected (40P01): the transaction may succeed when run again. */
    static boolean isSerializationFailure(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * The connection or the server went away, or no connection could be had: class 08 (connection exception), 57P01-03
     * (administrator shutdown, crash shutdown, cannot connect now), 53300 (too many connections), 55P03 (a lock not
     * granted within lock_timeout), or the pool's own timeout.
     */
    static boolean isConnectionFailure(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300")
                        || state.equals("55P03"));
    }

    /**
     * program_limit_exceeded (54000): in a write, a value past a limit of the server, which no retry overcomes; in
     * practice a search value of several kilobytes that a B-tree index entry cannot hold.
     */
    static boolean isLimitExceeded(SQLException e) {
        return "54000".equals(e.getSQLState());
    }

    /** A write refused for a value past a server limit, as the invalid-resource exception with the cause. */
    static InvalidResourceException valueTooLarge(SQLException e) {
        return new InvalidResourceException(
                "PostgreSQL cannot index this resource: " + e.getMessage() + " (a B-tree index entry holds at most"
                        + " 2,704 bytes after compression, so a string, token or URI search value of several"
                        + " kilobytes cannot be indexed on PostgreSQL; nothing was stored)",
                e);
    }

    /** Any other driver failure, as the API's unavailable exception with the driver exception as cause. */
    static BackendUnavailableException unavailable(String doing, SQLException e) {
        return new BackendUnavailableException(
                "PostgreSQL failed while " + doing + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
    }

    /** A serialization failure of an explicit transaction, which the library cannot run again on the caller's behalf. */
    static VersionConflictException serializationFailure(SQLException e) {
        return VersionConflictException.concurrentModification(
                "the transaction",
                "PostgreSQL could not serialize it with a concurrent transaction (SQLSTATE " + e.getSQLState()
                        + "); run the transaction again",
                e);
    }

    /** The SQL exception inside {@code e}, if it wraps one. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
