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
            description = "The store: sqlite:./polystore.db (default), sqlite::memory:, ... "
                    + "Defaults to the environment variable POLYSTORE_STORE when set.")
    String store;

    @Option(names = "--tenant", paramLabel = "ID", description = "The tenant (default: default).")
    String tenant = "default";

    @Option(names = "--verbose", description = "Print the cause of a failure, with its stack trace.")
    boolean verbose;

    String storeUrl() {
        if (store != null) {
            return store;
        }
        String env = System.getenv("POLYSTORE_STORE");
        return env == null || env.isBlank() ? DEFAULT_STORE : env;
    }

    FhirStore open() {
        return Stores.open(storeUrl());
    }

    TenantContext context() {
        return TenantContext.of(tenant);
    }
}
