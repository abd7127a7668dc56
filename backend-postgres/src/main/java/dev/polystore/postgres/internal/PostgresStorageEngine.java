package dev.polystore.postgres.internal;

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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL {@link StorageEngine}: routes each tenant to its schema or database and runs each unit of work as one
 * transaction on a pooled connection.
 *
 * <p>Writes run at READ COMMITTED: reading a resource's current version in a write locks its row until commit, so
 * concurrent writers of one resource take turns and each sees the other's version, and appending checks that the
 * version before is still current. A write that meets a serialization failure or a deadlock rolls back and runs again
 * (up to {@code writeRetries} times): nothing of it was committed and the work only reads and writes through the
 * engine. Reads run again once after a lost connection. Explicit transactions run at the isolation the caller asks for
 * and are never run again by the library: their serialization failures surface as a {@code
 * VersionConflictException}.
 */
public final class PostgresStorageEngine implements StorageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStorageEngine.class);

    private final PostgresNamespaces namespaces;
    private final Capabilities capabilities;
    private final FhirVersion fhirVersion;
    private final int writeRetries;
    private final boolean indexing;
    private final boolean rowLevelSecurity;
    private final PostgresStatistics statistics;
    private final Map<String, PostgresSql> statements = new ConcurrentHashMap<>();

    public PostgresStorageEngine(
            PostgresNamespaces namespaces, PostgresSettings settings, Capabilities capabilities, FhirVersion version) {
        this.namespaces = namespaces;
        this.capabilities = capabilities;
        this.fhirVersion = version;
        this.writeRetries = settings.writeRetries();
        this.indexing = capabilities.supports(Capability.SEARCH);
        this.rowLevelSecurity = namespaces.rowLevelSecurity();
        this.statistics = new PostgresStatistics(namespaces);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public FhirVersion fhirVersion() {
        return fhirVersion;
    }

    private PostgresSql sql(String schema) {
        return statements.computeIfAbsent(schema, name -> new PostgresSql(name, !rowLevelSecurity));
    }

    @Override
    public <T> T read(TenantId tenant, Function<EngineReader, T> work) {
        // a tenant whose schema or database does not exist yet has nothing to read: a read creates neither
        try (PostgresNamespaces.Lease existing = namespaces.acquireExisting(tenant)) {
            if (existing == null) {
                return work.apply(EmptyTenantReader.INSTANCE);
            }
            return readExisting(existing, tenant, work);
        }
    }

    private <T> T readExisting(PostgresNamespaces.Lease lease, TenantId tenant, Function<EngineReader, T> work) {
        for (int attempt = 0; ; attempt++) {
            try {
                return run(lease, tenant, false, work);
            } catch (BackendUnavailableException e) {
                SQLException cause = PostgresErrors.sqlCause(e);
                // A pooled connection that the server closed (restart, failover) fails its first statement: once more.
                if (attempt > 0 || cause == null || !PostgresErrors.isConnectionFailure(cause)) {
                    throw e;
                }
                LOG.debug("Reading again after a lost connection: {}", cause.getMessage());
            }
        }
    }

    @Override
    public <T> T write(TenantId tenant, Function<EngineWriter, T> work) {
        for (int attempt = 0; ; attempt++) {
            try {
                try (PostgresNamespaces.Lease lease = namespaces.acquire(tenant)) {
                    return run(lease, tenant, true, work);
                }
            } catch (BackendUnavailableException e) {
                SQLException cause = PostgresErrors.sqlCause(e);
                if (attempt >= writeRetries || cause == null || !PostgresErrors.isSerializationFailure(cause)) {
                    throw e;
                }
                LOG.debug("Writing again after {} (attempt {})", cause.getSQLState(), attempt + 1);
                backOff(attempt);
            }
        }
    }

    /**
     * One transaction on the tenant's tables ({@code lease}): the work, the waiting appends, the commit; rolled back if
     * anything throws.
     */
    private <T> T run(
            PostgresNamespaces.Lease lease,
            TenantId tenant,
            boolean writer,
            Function<? super PostgresSession, T> work) {
        try (Connection c = lease.dataSource().getConnection()) {
            try {
                if (rowLevelSecurity) {
                    PostgresRowLevelSecurity.setTenant(c, tenant.value());
                }
                PostgresSession session =
                        new PostgresSession(c, sql(lease.schema()), tenant, fhirVersion, writer, false, indexing);
                T result = work.apply(session);
                session.flush();
                c.commit();
                if (writer) {
                    statistics.written(tenant, lease.schema(), session.appended());
                }
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresErrors.unavailable(writer ? "writing" : "reading", e);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while waiting to write again", e);
        }
    }

    static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Savepoints: {@code PostgresSession.attempt}. */
    @Override
    public boolean supportsAttempts() {
        return true;
    }

    @Override
    public EngineSearchPage search(TenantId tenant, ResolvedSearch search, String cursor) {
        Objects.requireNonNull(search, "search");
        return read(tenant, reader -> reader.search(search, cursor));
    }

    @Override
    public EngineTransaction begin(TenantId tenant, TransactionOptions options) {
        PostgresNamespaces.Lease lease = namespaces.acquire(tenant);
        Connection c = null;
        try {
            c = lease.dataSource().getConnection();
            c.setTransactionIsolation(
                    switch (options.isolation()) {
                        case READ_COMMITTED -> Connection.TRANSACTION_READ_COMMITTED;
                        case REPEATABLE_READ -> Connection.TRANSACTION_REPEATABLE_READ;
                        case SERIALIZABLE -> Connection.TRANSACTION_SERIALIZABLE;
                    });
            if (rowLevelSecurity) {
                PostgresRowLevelSecurity.setTenant(c, tenant.value());
            }
            return new PostgresTransaction(c, sql(lease.schema()), tenant, fhirVersion, indexing, lease, statistics);
        } catch (SQLException e) {
            closeQuietly(c);
            lease.close();
            throw PostgresErrors.unavailable("beginning a transaction", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        statistics.close();
        namespaces.close();
    }

    /** An explicit transaction holding its connection until it ends. */
    private static final class PostgresTransaction extends PostgresSession implements EngineTransaction {
        private final PostgresNamespaces.Lease lease;
        private final PostgresStatistics statistics;
        private final TenantId tenant;
        private boolean finished;

        PostgresTransaction(
                Connection c,
                PostgresSql sql,
                TenantId tenant,
                FhirVersion version,
                boolean indexing,
                PostgresNamespaces.Lease lease,
                PostgresStatistics statistics) {
            super(c, sql, tenant, version, true, true, indexing);
            this.lease = lease;
            this.statistics = statistics;
            this.tenant = tenant;
        }

        @Override
        public void commit() {
            end(true);
        }

        @Override
        public void rollback() {
            end(false);
        }

        private void end(boolean commit) {
            if (finished) {
                throw new IllegalStateException("This transaction is already finished");
            }
            finished = true;
            try {
                if (commit) {
                    flush();
                    c.commit();
                    statistics.written(tenant, lease.schema(), appended());
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw PostgresErrors.isSerializationFailure(e)
                        ? PostgresErrors.serializationFailure(e)
                        : PostgresErrors.unavailable(commit ? "committing" : "rolling back", e);
            } catch (RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                closeQuietly(c);
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
