package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.core.store.EngineStoreBuilder;
import dev.polystore.sqlite.internal.SqliteDatabases;
import dev.polystore.sqlite.internal.SqliteSettings;
import dev.polystore.sqlite.internal.SqliteStorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The SQLite backend: Polystore's embedded default and reference implementation. Zero setup: a file (or memory) is all
 * it needs.
 *
 * <pre>{@code
 * try (FhirStore store = SqliteBackend.builder().file(Path.of("polystore.db")).build()) {
 *     StoredResource p = store.create(TenantContext.defaultTenant(), "Patient", "{\"resourceType\":\"Patient\"}");
 * }
 * }</pre>
 *
 * <p>File mode uses WAL: one writer at a time (writers queue in-process, never seeing SQLITE_BUSY) and concurrent
 * readers. Commits use {@code synchronous=NORMAL}, which keeps every acknowledged write across a killed process; set
 * {@link Builder#synchronousFull(boolean)} to survive power loss too.
 *
 * <p>Tenancy: {@link TenancyStrategy#SHARED_SCHEMA} (default: one database, the tenant leads every key and index) or
 * {@link TenancyStrategy#DATABASE_PER_TENANT} (one file per tenant in a directory, opened lazily, at most {@link
 * Builder#maxOpenTenantDatabases(int)} open). Schema per tenant does not exist in SQLite and is refused.
 *
 * <p>Search: every write stores the version's index entries in per-type index tables in the same transaction, and
 * searches run natively in SQL with the semantics of the core reference matcher: value and {@code :missing} criteria
 * of every parameter type, chains, {@code _has}, compartments, {@code _sort}, {@code _include}/{@code _revinclude},
 * {@code _total} and keyset cursors, {@code _filter} expressions (their and/or/not as SQL boolean operators), and
 * {@code _text}/{@code _content} full-text search with FTS5 (migration 3). Special parameters are refused with {@code
 * UnsupportedCapabilityException}. Resources written before schema migration 2 (3 for full text), or with {@code
 * search(false)}, have no index rows until they are written again or reindexed.
 *
 * <p>Custom search parameters ({@code CUSTOM_SEARCH_PARAMETERS}, with the index): store-wide ones through {@link
 * Builder#searchParameter(String)}, per tenant by storing active SearchParameter resources in the tenant; {@code
 * reindex} re-extracts stored resources in short batches.
 *
 * @since 0.1
 */
public final class SqliteBackend {

    /** The features that need the search index: absent in the storage-only mode ({@code search(false)}). */
    public static final Set<Capability> SEARCH_FEATURES = EngineStoreBuilder.SEARCH_FEATURES;

    /** What the SQLite backend offers with the search index (the default), declared once. */
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

    /** The tenancy strategies SQLite can run. */
    public static final Set<TenancyStrategy> TENANCY_STRATEGIES =
            EnumSet.of(TenancyStrategy.SHARED_SCHEMA, TenancyStrategy.DATABASE_PER_TENANT);

    private SqliteBackend() {}

    /** A builder for an in-memory, shared-schema, FHIR R4 store until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds SQLite-backed stores. Not thread-safe; {@link #build()} validates everything. */
    public static final class Builder extends EngineStoreBuilder<Builder> {
        private Path file;
        private Path directory;
        private boolean memory = true;
        private TenancyStrategy tenancy = TenancyStrategy.SHARED_SCHEMA;
        private int readerConnections = 4;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private boolean synchronousFull;
        private int maxOpenTenantDatabases = 64;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Stores everything in one database file (shared schema), created if missing. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            this.directory = null;
            this.memory = false;
            return this;
        }

        /** Stores in memory: gone when the store is closed. The default. */
        public Builder inMemory() {
            this.file = null;
            this.directory = null;
            this.memory = true;
            return this;
        }

        /**
         * Database per tenant: one file per tenant in {@code directory} (created if missing). Implies {@link
         * TenancyStrategy#DATABASE_PER_TENANT}.
         */
        public Builder directoryPerTenant(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.file = null;
            this.memory = false;
            this.tenancy = TenancyStrategy.DATABASE_PER_TENANT;
            return this;
        }

        /** The tenancy strategy. With {@code inMemory()}, DATABASE_PER_TENANT keeps one in-memory database per tenant. */
        public Builder tenancy(TenancyStrategy strategy) {
            this.tenancy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Read-only connections per database file (default 4). */
        public Builder readerConnections(int n) {
            this.readerConnections = n;
            return this;
        }

        /** How long a writer waits for the single SQLite writer (default 30 s). */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Fsync every commit: survive power loss, at a cost in write speed (default false). */
        public Builder synchronousFull(boolean full) {
            this.synchronousFull = full;
            return this;
        }

        /** With database per tenant: how many tenant files stay open (default 64). */
        public Builder maxOpenTenantDatabases(int n) {
            this.maxOpenTenantDatabases = n;
            return this;
        }

        /**
         * Validates the configuration, opens (and migrates) the database, and returns the store.
         *
         * @throws ConfigurationException if the configuration is inconsistent
         */
        public FhirStore build() {
            validateCommon();
            if (!TENANCY_STRATEGIES.contains(tenancy)) {
                throw new ConfigurationException("The SQLite backend does not support " + tenancy
                        + "; use SHARED_SCHEMA or DATABASE_PER_TENANT");
            }
            if (readerConnections < 1 || readerConnections > 64) {
                throw new ConfigurationException("readerConnections must be between 1 and 64");
            }
            if (maxOpenTenantDatabases < 1) {
                throw new ConfigurationException("maxOpenTenantDatabases must be at least 1");
            }
            if (lockTimeout.isNegative() || lockTimeout.isZero()) {
                throw new ConfigurationException("lockTimeout must be positive");
            }
            if (tenancy == TenancyStrategy.SHARED_SCHEMA && directory != null) {
                throw new ConfigurationException("directoryPerTenant(...) needs DATABASE_PER_TENANT tenancy");
            }
            if (tenancy == TenancyStrategy.DATABASE_PER_TENANT && file != null) {
                throw new ConfigurationException(
                        "DATABASE_PER_TENANT needs directoryPerTenant(...) or inMemory(), not file(...)");
            }
            SqliteSettings settings = new SqliteSettings(readerConnections, lockTimeout, synchronousFull);
            SqliteDatabases databases;
            try {
                if (tenancy == TenancyStrategy.SHARED_SCHEMA) {
                    if (file != null && file.toAbsolutePath().getParent() != null) {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                    }
                    databases = SqliteDatabases.shared(memory ? null : file, settings);
                } else {
                    if (directory != null) {
                        Files.createDirectories(directory);
                    }
                    databases = SqliteDatabases.perTenant(memory ? null : directory, settings, maxOpenTenantDatabases);
                }
            } catch (IOException e) {
                throw new ConfigurationException("Cannot create the SQLite directory: " + e.getMessage(), e);
            }
            Set<Capability> features = features(FEATURES);
            Capabilities capabilities = new Capabilities("sqlite", features, TENANCY_STRATEGIES, tenancy);
            try {
                return store(new SqliteStorageEngine(databases, capabilities, fhirVersion));
            } catch (RuntimeException e) {
                databases.close();
                throw e;
            }
        }
    }
}
