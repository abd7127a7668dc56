package dev.polystore.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.api.error.BackendUnavailableException;
import java.time.Duration;

/** HikariCP pools configured the one way the backend uses them. */
final class PostgresPools {
    private PostgresPools() {}

    /**
     * A pool of at most {@code size} connections to {@code url}, none kept idle when {@code lazy}. Connections start
     * with auto-commit off: every unit of work is one transaction that the engine commits or rolls back.
     */
    static HikariDataSource open(
            PostgresSettings settings, String url, String name, int size, boolean lazy, Duration idleTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(lazy ? 0 : Math.min(2, size));
        config.setAutoCommit(false);
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        config.setValidationTimeout(
                Math.max(250, Math.min(5_000, settings.connectionTimeout().toMillis())));
        if (lazy) {
            config.setIdleTimeout(Math.max(10_000, idleTimeout.toMillis()));
        }
        config.addDataSourceProperty("ApplicationName", "polystore");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A transaction waiting on another's row lock gives up instead of waiting forever (SQLSTATE 55P03).
        config.addDataSourceProperty(
                "options", "-c lock_timeout=" + settings.lockTimeout().toMillis());
        // Fail at build time, not on the first request, when the server cannot be reached.
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("Cannot connect to PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }
}
