package dev.polystore.sqlite.internal;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EmptyTenantReader;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.EngineTransaction;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.search.ResolvedSearch;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/** The SQLite {@link StorageEngine}: routes each tenant to its database and runs work on its connections. */
public final class SqliteStorageEngine implements StorageEngine {
    private final SqliteDatabases databases;
    private final Capabilities capabilities;
    private final FhirVersion fhirVersion;
    private final boolean indexing;

    public SqliteStorageEngine(SqliteDatabases databases, Capabilities capabilities, FhirVersion fhirVersion) {
        this.indexing = capabilities.supports(Capability.SEARCH);
        this.databases = databases;
        this.capabilities = capabilities;
        this.fhirVersion = fhirVersion;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public FhirVersion fhirVersion() {
        return fhirVersion;
    }

    @Override
    public <T> T read(TenantId tenant, Function<EngineReader, T> work) {
        try (SqliteDatabases.Lease lease = databases.acquireExisting(tenant)) {
            if (lease == null) {
                return work.apply(EmptyTenantReader.INSTANCE);
            }
            return lease.database().read(c -> work.apply(new SqliteSession(c, tenant, fhirVersion, indexing)));
        }
    }

    @Override
    public <T> T write(TenantId tenant, Function<EngineWriter, T> work) {
        try (SqliteDatabases.Lease lease = databases.acquire(tenant)) {
            SqliteDatabase db = lease.database();
            SqliteConnection c = db.acquireWriter(db.settings().lockTimeout());
            try {
                c.execute("BEGIN IMMEDIATE");
                T result;
                try {
                    result = work.apply(new SqliteSession(c, tenant, fhirVersion, indexing));
                    // the commit inserts the waiting rows first, which may fail (a conflict): rolled back then
                    c.execute("COMMIT");
                } catch (RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
                db.committed();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw SqliteSession.unavailable(e);
            } finally {
                db.releaseWriter();
            }
        }
    }

    /** Savepoints: {@link SqliteSession#attempt}. */
    @Override
    public boolean supportsAttempts() {
        return true;
    }

    @Override
    public EngineSearchPage search(TenantId tenant, ResolvedSearch search, String cursor) {
        Objects.requireNonNull(search, "search");
        try (SqliteDatabases.Lease lease = databases.acquireExisting(tenant)) {
            if (lease == null) {
                return EmptyTenantReader.INSTANCE.search(search, cursor);
            }
            return lease.database()
                    .read(c -> new SqliteSearch(c, tenant, fhirVersion, Clock.systemUTC()).run(search, cursor));
        }
    }

    @Override
    public EngineTransaction begin(TenantId tenant, TransactionOptions options) {
        SqliteDatabases.Lease lease = databases.acquire(tenant);
        SqliteDatabase db = lease.database();
        SqliteConnection c;
        try {
            c = db.acquireWriter(options.timeout());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        try {
            c.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            db.releaseWriter();
            lease.close();
            throw SqliteSession.unavailable(e);
        }
        return new SqliteTransaction(c, tenant, fhirVersion, indexing, db, lease);
    }

    static void rollbackQuietly(SqliteConnection c, Throwable cause) {
        try {
            c.execute("ROLLBACK");
        } catch (SQLException e) {
            if (!e.getMessage().contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        databases.close();
    }

    /** An explicit transaction holding the database's writer until it ends. */
    private static final class SqliteTransaction extends SqliteSession implements EngineTransaction {
        private final SqliteDatabase db;
        private final SqliteDatabases.Lease lease;
        private boolean finished;

        SqliteTransaction(
                SqliteConnection c,
                TenantId tenant,
                FhirVersion fhirVersion,
                boolean indexing,
                SqliteDatabase db,
                SqliteDatabases.Lease lease) {
            super(c, tenant, fhirVersion, indexing);
            this.db = db;
            this.lease = lease;
        }

        @Override
        protected boolean defersFirstVersions() {
            return false;
        }

        @Override
        public void commit() {
            end("COMMIT");
        }

        @Override
        public void rollback() {
            end("ROLLBACK");
        }

        private void end(String sql) {
            if (finished) {
                throw new IllegalStateException("This transaction is already finished");
            }
            finished = true;
            try {
                c.execute(sql);
                db.committed();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw new BackendUnavailableException("SQLite " + sql + " failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                db.releaseWriter();
                lease.close();
            }
        }

        @Override
        public void close() {
            if (!finished) {
                rollback();
            }
        }
    }
}
