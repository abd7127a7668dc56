package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.postgres.PostgresBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A PostgreSQL store for the benchmarks: the shared-schema layout in schema {@code schema} of the server and database a
 * JDBC URL names ({@code jdbc:postgresql://host:port/db?user=...&password=...}). The schema is kept.
 */
final class PostgresBenchStore implements BenchStore {
    private final String jdbcUrl;
    private final String schema;
    private FhirStore store;

    PostgresBenchStore(String jdbcUrl, String schema) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.store = open(true);
    }

    private FhirStore open(boolean search) {
        return PostgresBackend.builder()
                .url(jdbcUrl)
                .schema(schema)
                .search(search)
                .build();
    }

    @Override
    public FhirStore store() {
        return store;
    }

    @Override
    public FhirStore reopen(boolean search) {
        store.close();
        store = open(search);
        return store;
    }

    /** The tables and indexes of the schema ({@code pg_total_relation_size}), without the server's WAL. */
    @Override
    public long bytesOnDisk() {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'm')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the schema's size: " + e.getMessage(), e);
        }
    }

    @Override
    public String diskUsage() {
        return String.format(Locale.ROOT, "%.1f MB (schema %s: tables and indexes)", bytesOnDisk() / 1e6, schema);
    }

    @Override
    public void close() {
        store.close();
    }
}
