package dev.polystore.postgres;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.postgres.internal.PostgresNamespaces;
import dev.polystore.postgres.internal.PostgresSettings;
import dev.polystore.postgres.internal.PostgresStorageEngine;
import dev.polystore.testservers.PostgresMajor;
import dev.polystore.testservers.PostgresServer;
import dev.polystore.testservers.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** Plain JDBC on the test server, to look at what the backend did and to create scratch databases. */
final class PostgresAdmin {
    private PostgresAdmin() {}

    static PostgresServer server() {
        return TestServers.postgres(PostgresMajor.V18);
    }

    /**
     * An engine (FHIR R4, the backend's features, shared schema) on {@code schema} of the test server, for tests below
     * the store: 4 connections, 3 write retries.
     */
    static PostgresStorageEngine sharedSchemaEngine(String schema) {
        PostgresServer server = server();
        PostgresSettings settings = new PostgresSettings(
                server.jdbcUrl(),
                server.user(),
                server.password(),
                schema,
                "polystore_",
                4,
                1,
                1,
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(30),
                false);
        Capabilities capabilities = new Capabilities(
                "postgres",
                PostgresBackend.FEATURES,
                PostgresBackend.TENANCY_STRATEGIES,
                TenancyStrategy.SHARED_SCHEMA);
        return new PostgresStorageEngine(PostgresNamespaces.shared(settings), settings, capabilities, FhirVersion.R4);
    }

    static Connection connect(String database) throws SQLException {
        PostgresServer server = server();
        String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    /** A new, empty database with a name starting with {@code prefix}. */
    static String freshDatabase(String prefix) throws SQLException {
        String name =
                prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        try (Connection c = connect(server().database());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** Drops {@code database} and everything connected to it (external servers keep no scratch databases). */
    static void dropDatabase(String database) throws SQLException {
        try (Connection c = connect(server().database());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** A builder for {@code database} on the test server. */
    static PostgresBackend.Builder builder(String database) {
        PostgresServer server = server();
        PostgresBackend.Builder builder = PostgresBackend.builder()
                .url("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database)
                .user(server.user());
        if (!server.password().isEmpty()) {
            builder.password(server.password());
        }
        return builder;
    }

    /** The ordinary (not superuser) role of the row-level security tests, and its password. */
    static final String APP_ROLE = "polystore_rls_app";

    static final String APP_PASSWORD = "rls-secret";

    /**
     * A new database owned by {@link #APP_ROLE} (created if missing): PostgreSQL exempts superusers, like the test
     * server's own user, from row-level security, so its tests connect as this role.
     */
    static synchronized String appRoleDatabase(String prefix) throws SQLException {
        try (Connection c = connect(server().database());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
                }
            }
        }
        String database = freshDatabase(prefix);
        try (Connection c = connect(server().database());
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " OWNER TO " + APP_ROLE);
        }
        return database;
    }

    /** A connection to {@code database} as {@link #APP_ROLE}. */
    static Connection connectAsApp(String database) throws SQLException {
        PostgresServer server = server();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database, APP_ROLE, APP_PASSWORD);
    }

    /** A builder for {@code database} as {@link #APP_ROLE}. */
    static PostgresBackend.Builder appRoleBuilder(String database) {
        PostgresServer server = server();
        return PostgresBackend.builder()
                .url("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database)
                .user(APP_ROLE)
                .password(APP_PASSWORD);
    }

    /** The first column of the first row of {@code sql}, as a long. */
    static long queryLong(String database, String sql) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
