package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.tenant.TenantContext;
import picocli.CommandLine.Option;

/** The options every command shares: which store, which tenant, how much to say about failures. */
final class StoreOptions {
    static final String DEFAULT_STORE = "sqlite:./polystore.db";

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "The store: sqlite:./polystore.db (default), sqlite::memory:,"
                    + " postgresql://user:password@host:5432/db[?schema=s&tenancy=schema-per-tenant], ... "
                    + "Defaults to the environment variable POLYSTORE_STORE when set.")
    String store;

    @Option(names = "--tenant", paramLabel = "ID", description = "The tenant (default: default).")
    String tenant;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A properties file with 'store' and 'tenant' (command-line options and POLYSTORE_STORE come"
                    + " first).")
    java.nio.file.Path config;

    @Option(names = "--verbose", description = "Print the cause of a failure, with its stack trace.")
    boolean verbose;

    String storeUrl() {
        if (store != null) {
            return store;
        }
        String env = System.getenv("POLYSTORE_STORE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return configured("store", DEFAULT_STORE);
    }

    private String configured(String key, String fallback) {
        if (config == null) {
            return fallback;
        }
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(config)) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new CliException(
                    "cannot read the config file " + config + ": " + e.getMessage(),
                    "a properties file, for example: store=sqlite:./polystore.db");
        }
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    FhirStore open() {
        return Stores.open(storeUrl());
    }

    TenantContext context() {
        return TenantContext.of(tenant != null ? tenant : configured("tenant", "default"));
    }
}
