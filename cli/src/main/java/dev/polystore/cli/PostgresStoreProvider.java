package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.postgres.PostgresBackend;
import dev.polystore.postgres.internal.PostgresUrls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code postgresql://user:password@host:5432/db} (also {@code postgres://}, as {@link PostgresBackend} reads them:
 * user and password optional and percent-decoded). Two query parameters configure the store and are the builder's
 * options: {@code schema} ({@link PostgresBackend.Builder#schema(String)}, default {@code polystore}) and {@code tenancy}
 * ({@code shared-schema}, the default, {@code schema-per-tenant} or {@code database-per-tenant}); any other query
 * parameter goes to the JDBC driver ({@code sslmode=require}, ...).
 */
public final class PostgresStoreProvider implements StoreProvider {
    private static final String HINT =
            "a PostgreSQL URL looks like postgresql://user:password@localhost:5432/polystore[?schema=polystore]";

    /** The URL split into what the backend reads and what configures the store. */
    record Settings(String backendUrl, String schema, TenancyStrategy tenancy) {}

    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public List<String> aliases() {
        return List.of("postgres");
    }

    @Override
    public String example() {
        return "postgresql://polystore:secret@localhost:5432/polystore";
    }

    @Override
    public FhirStore open(String url) {
        Settings settings = settings(url);
        try {
            return PostgresBackend.builder()
                    .url(settings.backendUrl())
                    .schema(settings.schema())
                    .tenancy(settings.tenancy())
                    .build();
        } catch (ConfigurationException e) {
            throw new CliException(e.getMessage(), HINT);
        }
    }

    /**
     * The raw baseline: the JSON texts inserted as rows of a {@code json} column (the type the store keeps them in) of
     * a table without other indexes than its key, in batches of 1000 rewritten into multi-row inserts, in one
     * transaction. The table lives in a scratch schema with a unique name, dropped afterwards.
     */
    @Override
    public double rawInsertSeconds(String url, List<String> jsons) {
        String scratch = "polystore_raw_" + UUID.randomUUID().toString().replace("-", "");
        Properties properties = credentials(url);
        properties.setProperty("reWriteBatchedInserts", "true");
        try (Connection c = DriverManager.getConnection(jdbcUrl(url), properties)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + scratch);
                s.execute("CREATE TABLE " + scratch
                        + ".raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, json json NOT NULL)");
            }
            try {
                c.setAutoCommit(false);
                long start = System.nanoTime();
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + scratch + ".raw (json) VALUES (?::json)")) {
                    int pending = 0;
                    for (String json : jsons) {
                        insert.setString(1, json);
                        insert.addBatch();
                        if (++pending == 1000) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        insert.executeBatch();
                    }
                }
                c.commit();
                return (System.nanoTime() - start) / 1e9;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + scratch + " CASCADE");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the raw PostgreSQL baseline failed: " + e.getMessage(), e);
        }
    }

    /**
     * The size of the store's tables with their indexes and TOAST ({@code pg_total_relation_size} summed) in the
     * store's schema, and with schema per tenant in the tenants' schemas too (those {@code tenant_namespaces} records).
     * -1 with database per tenant: the tenants' tables are in databases of their own, whose size counts the system
     * catalogs as well, so no figure would compare with the other strategies'.
     */
    @Override
    public long bytesOnDisk(String url) {
        Settings settings = settings(url);
        if (settings.tenancy() == TenancyStrategy.DATABASE_PER_TENANT) {
            return -1;
        }
        String sql = "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND (n.nspname = ?"
                + (settings.tenancy() == TenancyStrategy.SCHEMA_PER_TENANT
                        ? " OR n.nspname IN (SELECT name FROM \""
                                + settings.schema().replace("\"", "\"\"") + "\".tenant_namespaces)"
                        : "")
                + ")";
        try (Connection c = DriverManager.getConnection(jdbcUrl(url), credentials(url));
                PreparedStatement size = c.prepareStatement(sql)) {
            size.setString(1, settings.schema());
            try (ResultSet rs = size.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot measure the PostgreSQL tables: " + e.getMessage(), e);
        }
    }

    /** Takes {@code schema} and {@code tenancy} out of the URL's query; the rest stays for the backend. */
    static Settings settings(String url) {
        int question = url.indexOf('?');
        String schema = "polystore";
        TenancyStrategy tenancy = TenancyStrategy.SHARED_SCHEMA;
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String parameter : url.substring(question + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value =
                        equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "schema" -> schema = value;
                    case "tenancy" -> tenancy = tenancy(value);
                    default -> {
                        if (!parameter.isEmpty()) {
                            kept.add(parameter);
                        }
                    }
                }
            }
        }
        String base = question < 0 ? url : url.substring(0, question);
        return new Settings(kept.isEmpty() ? base : base + "?" + String.join("&", kept), schema, tenancy);
    }

    private static TenancyStrategy tenancy(String value) {
        String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (TenancyStrategy strategy : TenancyStrategy.values()) {
            if (strategy.name().equals(name)) {
                return strategy;
            }
        }
        throw new CliException(
                "tenancy=" + value + " is not a tenancy strategy",
                "tenancy=shared-schema (the default), schema-per-tenant or database-per-tenant");
    }

    private static PostgresUrls.Parsed parsed(String url) {
        try {
            return PostgresUrls.parse(settings(url).backendUrl());
        } catch (ConfigurationException e) {
            throw new CliException(e.getMessage(), HINT);
        }
    }

    private static String jdbcUrl(String url) {
        return parsed(url).jdbcUrl();
    }

    private static Properties credentials(String url) {
        PostgresUrls.Parsed parsed = parsed(url);
        Properties properties = new Properties();
        if (parsed.user() != null) {
            properties.setProperty("user", parsed.user());
        }
        if (parsed.password() != null) {
            properties.setProperty("password", parsed.password());
        }
        return properties;
    }
}
