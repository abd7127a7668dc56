package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.core.store.EngineStoreBuilder;
import dev.polystore.postgres.internal.PostgresNames;
import dev.polystore.postgres.internal.PostgresNamespaces;
import dev.polystore.postgres.internal.PostgresSettings;
import dev.polystore.postgres.internal.PostgresStorageEngine;
import dev.polystore.postgres.internal.PostgresUrls;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The PostgreSQL backend: versioned FHIR storage, for several application instances sharing one server.
 *
 * <pre>{@code
 * try (FhirStore store = PostgresBackend.builder()
 *         .url("postgresql://polystore:secret@db.example.org:5432/fhir")
 *         .tenancy(TenancyStrategy.SCHEMA_PER_TENANT)
 *         .build()) {
 *     StoredResource p = store.create(TenantContext.defaultTenant(), "Patient", "{\"resourceType\":\"Patient\"}");
 * }
 * }</pre>
 *
 * <p>Storage: every version of a resource is a row of {@code resource_versions} (the resource as {@code json}: the
 * exact text the store returns, which {@code jsonb} would reorder; a delete as a row without one), and {@code resources} points at each resource's current version. Versions appended in
 * one write go to the server together, as one multi-row statement per thousand: the bulk path of loaders. The schema is
 * migrated when the store is built, in one transaction under an advisory lock, so that instances starting at once
 * migrate it once; applied migrations are recorded in {@code polystore_schema_versions}.
 *
 * <p>Tenancy (every key and index starts with the tenant id in every strategy):
 * <ul>
 *   <li>{@link TenancyStrategy#SHARED_SCHEMA} (default): all tenants in the schema {@link Builder#schema(String)};
 *   <li>{@link TenancyStrategy#SCHEMA_PER_TENANT}: a schema per tenant in the same database, created and migrated on
 *       the tenant's first use and named {@link Builder#tenantPrefix(String) prefix} + a readable part of the id + a
 *       hash of it;
 *   <li>{@link TenancyStrategy#DATABASE_PER_TENANT}: a database per tenant on the same server, created on first use
 *       (the user needs CREATEDB), each reached through a pool of {@link Builder#tenantPoolSize(int)} connections; at
 *       most {@link Builder#maxOpenTenantPools(int)} pools stay open and pools idle for {@link
 *       Builder#idleTenantPoolTimeout(Duration)} close.
 * </ul>
 * The other strategies record which schema or database holds each tenant in {@code tenant_namespaces} of the main
 * schema.
 *
 * <p>Concurrency: optimistic locking checks the expected version in the same statement that moves the current version;
 * concurrent writers of one resource take turns on its row lock. Writes meeting a serialization failure or deadlock
 * run again inside the library ({@link Builder#writeRetries(int)}); explicit transactions run at the isolation the
 * caller asks for and surface such failures as {@code VersionConflictException}. A lost or unreachable server surfaces
 * as {@code BackendUnavailableException}; the pool replaces broken connections, so the store recovers by itself when
 * the server is back.
 *
 * <p>Search: every write stores the version's index entries in the index tables ({@code idx_string}, {@code
 * idx_token}, ...: tenant, type, resource key, parameter code and values) in the same transaction, a batch's rows in
 * one statement, and searches run natively in SQL: the search SQL shared with the SQLite backend, written for
 * PostgreSQL (value and {@code :missing} criteria of every type, chains and {@code _has} at any size, compartments,
 * {@code _sort}, {@code _include}/{@code _revinclude}, {@code _total}, keyset cursors, {@code _filter}). {@code
 * _text}/{@code _content} use a {@code tsvector} per resource with a GIN index; {@code :contains} uses a trigram index
 * when {@code pg_trgm} is available (installed by the migration when the user may). Custom search parameters and
 * reindexing as in every engine that declares {@code CUSTOM_SEARCH_PARAMETERS}. Resources written before schema
 * migration 2 have no index rows until written again or reindexed.
 *
 * <p>Row-level security ({@link Builder#rowLevelSecurity(boolean)}, shared schema): tenant policies on every table,
 * forced on the owner, as a second wall below the library's own tenant filters.
 *
 * @since 0.1
 */
public final class PostgresBackend {

    /** The features that need the search index: absent in the storage-only mode ({@code search(false)}). */
    public static final Set<Capability> SEARCH_FEATURES = EngineStoreBuilder.SEARCH_FEATURES;

    /** What the PostgreSQL backend offers with the search index (the default), declared once. */
    public static final Set<Capability> FEATURES = features();

    private static Set<Capability> features() {
        Set<Capability> all = EnumSet.of(
                Capability.CRUD,
                Capability.VREAD,
                Capability.OPTIMISTIC_LOCKING,
                Capability.HISTORY_INSTANCE,
                Capability.HISTORY_TYPE,
                Capability.HISTORY_SYSTEM,
                Capability.HISTORY_AT,
                Capability.TRANSACTIONS,
                Capability.BATCH,
                Capability.JSON_PATCH,
                Capability.FHIRPATH_PATCH,
                Capability.BULK_WRITE,
                Capability.DURABLE);
        return EngineStoreBuilder.withSearchFeatures(all);
    }

    /** The tenancy strategies PostgreSQL can run: all three. */
    public static final Set<TenancyStrategy> TENANCY_STRATEGIES =
            Collections.unmodifiableSet(EnumSet.allOf(TenancyStrategy.class));

    private PostgresBackend() {}

    /** A builder for a shared-schema, FHIR R4 store; {@link Builder#url(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds PostgreSQL-backed stores. Not thread-safe; {@link #build()} validates everything. */
    public static final class Builder extends EngineStoreBuilder<Builder> {
        private String url;
        private String user;
        private String password;
        private TenancyStrategy tenancy = TenancyStrategy.SHARED_SCHEMA;
        private String schema = "polystore";
        private String tenantPrefix = "polystore_";
        private int poolSize = 10;
        private int tenantPoolSize = 4;
        private int maxOpenTenantPools = 16;
        private Duration idleTenantPoolTimeout = Duration.ofMinutes(5);
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private int writeRetries = 5;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private boolean rowLevelSecurity;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The server and database: a JDBC URL ({@code jdbc:postgresql://host:port/db?...}) or a libpq-style URL
         * ({@code postgresql://user:password@host:port/db?...}, user and password optional). With database per tenant,
         * this database holds the tenant registry and the tenants' databases live on the same server. Required.
         */
        public Builder url(String url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The user (default: from the URL, else the driver's default). */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password (default: from the URL, else none). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The tenancy strategy (default SHARED_SCHEMA). */
        public Builder tenancy(TenancyStrategy strategy) {
            this.tenancy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * The schema of the shared tables and of the tenant registry; in each tenant database, the schema of its
         * tables (default {@code polystore}). A plain lower-case identifier.
         */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /** The prefix of tenant schema and database names (default {@code polystore_}); lower-case, at most 30. */
        public Builder tenantPrefix(String prefix) {
            this.tenantPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Connections of the main pool (default 10). */
        public Builder poolSize(int n) {
            this.poolSize = n;
            return this;
        }

        /** With database per tenant: connections of each tenant's pool (default 4). */
        public Builder tenantPoolSize(int n) {
            this.tenantPoolSize = n;
            return this;
        }

        /** With database per tenant: how many tenant pools stay open at most (default 16). */
        public Builder maxOpenTenantPools(int n) {
            this.maxOpenTenantPools = n;
            return this;
        }

        /** With database per tenant: how long an unused tenant pool stays open (default 5 minutes). */
        public Builder idleTenantPoolTimeout(Duration timeout) {
            this.idleTenantPoolTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long an operation waits for a connection before it fails with {@code BackendUnavailableException}
         * (default 30 s; at least 250 ms).
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How many times a write that met a serialization failure or deadlock runs again (default 5). */
        public Builder writeRetries(int n) {
            this.writeRetries = n;
            return this;
        }

        /**
         * How long a write waits for a resource that another transaction is writing (holds locked) before it fails
         * with {@code BackendUnavailableException} (default 30 s). Bounds the wait of an explicit transaction that
         * stays open, and of a thread that waits on its own other transaction.
         */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * With {@link TenancyStrategy#SHARED_SCHEMA}: also guard the tenants from each other with PostgreSQL row-level
         * security (default false). Every table of resources and index rows gets a policy that admits only the rows of
         * the tenant the transaction names (the setting {@code polystore.tenant}, which the store sets at the start of
         * each transaction), forced on the tables' owner too: a query that bypasses the library, or a bug in it, cannot
         * read or write another tenant's rows. Costs one statement per transaction. Once on, a schema keeps its
         * policies: a store built later without this option still names the tenant in every transaction.
         */
        public Builder rowLevelSecurity(boolean enabled) {
            this.rowLevelSecurity = enabled;
            return this;
        }

        /**
         * Validates the configuration, connects, migrates the main schema and returns the store.
         *
         * @throws ConfigurationException if the configuration is inconsistent
         * @throws dev.polystore.api.error.BackendUnavailableException if the server cannot be reached
         */
        public FhirStore build() {
            validateCommon();
            if (url == null) {
                throw new ConfigurationException("url(...) is required");
            }
            PostgresUrls.Parsed parsed = PostgresUrls.parse(url);
            if (!PostgresNames.PLAIN_IDENTIFIER.matcher(schema).matches() || schema.length() > 63) {
                throw new ConfigurationException("schema must be a plain lower-case identifier: " + schema);
            }
            if (!PostgresNames.PLAIN_IDENTIFIER.matcher(tenantPrefix).matches() || tenantPrefix.length() > 30) {
                throw new ConfigurationException(
                        "tenantPrefix must be a plain lower-case identifier of at most 30 characters: " + tenantPrefix);
            }
            if (poolSize < 1 || tenantPoolSize < 1 || maxOpenTenantPools < 1) {
                throw new ConfigurationException("poolSize, tenantPoolSize and maxOpenTenantPools must be at least 1");
            }
            if (rowLevelSecurity && tenancy != TenancyStrategy.SHARED_SCHEMA) {
                throw new ConfigurationException("rowLevelSecurity(true) needs SHARED_SCHEMA tenancy; with " + tenancy
                        + " each tenant has tables of its own");
            }
            if (writeRetries < 0) {
                throw new ConfigurationException("writeRetries must not be negative");
            }
            if (connectionTimeout.toMillis() < 250
                    || idleTenantPoolTimeout.toMillis() < 1_000
                    || lockTimeout.toMillis() < 1) {
                throw new ConfigurationException("connectionTimeout must be at least 250 ms, idleTenantPoolTimeout at"
                        + " least 1 s and lockTimeout at least 1 ms");
            }
            PostgresSettings settings = new PostgresSettings(
                    parsed.jdbcUrl(),
                    user != null ? user : parsed.user(),
                    password != null ? password : parsed.password(),
                    schema,
                    tenantPrefix,
                    poolSize,
                    tenantPoolSize,
                    maxOpenTenantPools,
                    idleTenantPoolTimeout,
                    connectionTimeout,
                    writeRetries,
                    lockTimeout,
                    rowLevelSecurity);
            PostgresNamespaces namespaces =
                    switch (tenancy) {
                        case SHARED_SCHEMA -> PostgresNamespaces.shared(settings);
                        case SCHEMA_PER_TENANT -> PostgresNamespaces.schemaPerTenant(settings);
                        case DATABASE_PER_TENANT -> PostgresNamespaces.databasePerTenant(settings);
                    };
            Set<Capability> features = features(FEATURES);
            Capabilities capabilities = new Capabilities("postgres", features, TENANCY_STRATEGIES, tenancy);
            try {
                return store(new PostgresStorageEngine(namespaces, settings, capabilities, fhirVersion));
            } catch (RuntimeException e) {
                namespaces.close();
                throw e;
            }
        }
    }
}
