package dev.polystore.postgres;

import dev.polystore.testservers.PostgresMajor;
import dev.polystore.testservers.PostgresServer;
import dev.polystore.testservers.TestServers;

/** Builders pointed at the test servers. */
final class PostgresTestServers {
    private PostgresTestServers() {}

    /** A builder for the launched (or external) server of {@code major}. */
    static PostgresBackend.Builder builder(PostgresMajor major) {
        PostgresServer server = TestServers.postgres(major);
        PostgresBackend.Builder builder =
                PostgresBackend.builder().url(server.jdbcUrl()).user(server.user());
        if (!server.password().isEmpty()) {
            builder.password(server.password());
        }
        return builder;
    }
}
