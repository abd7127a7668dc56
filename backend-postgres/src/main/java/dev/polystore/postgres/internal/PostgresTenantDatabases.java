package dev.polystore.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.api.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database per tenant: each tenant's database is created on first use (CREATE DATABASE under a session advisory lock,
 * so that instances racing for one tenant create it once), migrated, and reached through a small pool of its own. At
 * most {@code maxOpenTenantPools} pools stay open: the least recently used idle one closes when another must open, and
 * a background task closes pools idle for longer than {@code idleTenantPoolTimeout}.
 */
final class PostgresTenantDatabases extends PostgresNamespaces {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTenantDatabases.class);

    private final HikariDataSource control;
    private final Set<TenantId> created = ConcurrentHashMap.newKeySet();
    private final Map<TenantId, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
    private final ScheduledExecutorService idleCloser;
    private boolean closed;

    PostgresTenantDatabases(PostgresSettings settings) {
        super(settings);
        this.control = openMain(settings, Math.min(settings.poolSize(), 4));
        this.idleCloser = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polystore-postgres-idle-pools");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1_000, settings.idleTenantPoolTimeout().toMillis() / 2);
        idleCloser.scheduleWithFixedDelay(this::closeIdlePools, period, period, TimeUnit.MILLISECONDS);
    }

    /** One tenant's open pool and how many units of work use it now. */
    private final class Entry implements Lease {
        final TenantId tenant;
        final HikariDataSource pool;
        int users;
        long lastUsedNanos = System.nanoTime();

        Entry(TenantId tenant, HikariDataSource pool) {
            this.tenant = tenant;
            this.pool = pool;
        }

        @Override
        public DataSource dataSource() {
            return pool;
        }

        @Override
        public String schema() {
            return settings.schema();
        }

        @Override
        public void close() {
            release(this);
        }
    }

    @Override
    public Lease acquire(TenantId tenant) {
        synchronized (this) {
            if (closed) {
                throw closed();
            }
            Entry entry = open.get(tenant);
            if (entry != null) {
                entry.users++;
                return entry;
            }
        }
        // Creating a database and opening a pool take a while: not under the lock that every tenant's work passes.
        String database = PostgresNames.tenantName(settings.tenantPrefix(), tenant);
        createDatabase(tenant, database);
        HikariDataSource pool = PostgresPools.open(
                settings,
                settings.urlOfDatabase(database),
                "polystore-" + database,
                settings.tenantPoolSize(),
                true,
                settings.idleTenantPoolTimeout());
        try (Connection c = pool.getConnection()) {
            PostgresSchema.migrate(c, settings.schema());
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e instanceof SQLException sql
                    ? PostgresErrors.unavailable("migrating the database of tenant " + tenant, sql)
                    : (RuntimeException) e;
        }
        List<HikariDataSource> toClose = new ArrayList<>();
        Entry entry;
        synchronized (this) {
            if (closed) {
                pool.close();
                throw closed();
            }
            entry = open.get(tenant);
            if (entry == null) {
                entry = new Entry(tenant, pool);
                open.put(tenant, entry);
            } else {
                toClose.add(pool); // another thread opened it meanwhile
            }
            entry.users++;
            Iterator<Entry> it = open.values().iterator();
            while (open.size() > settings.maxOpenTenantPools() && it.hasNext()) {
                Entry candidate = it.next();
                if (candidate.users == 0) {
                    it.remove();
                    toClose.add(candidate.pool);
                }
            }
        }
        toClose.forEach(HikariDataSource::close);
        return entry;
    }

    @Override
    public Lease acquireExisting(TenantId tenant) {
        synchronized (this) {
            if (open.containsKey(tenant)) {
                return acquire(tenant);
            }
        }
        return created.contains(tenant) || registered(control, settings.schema(), tenant) ? acquire(tenant) : null;
    }

    private void createDatabase(TenantId tenant, String database) {
        if (created.contains(tenant)) {
            return;
        }
        try (Connection c = control.getConnection()) {
            long key = PostgresNames.lockKey("polystore-create-database", database);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key);
                lock.execute();
            }
            try {
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    ps.setString(1, database);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                    }
                }
                c.commit();
                if (!exists) {
                    LOG.info("Creating database {} for tenant {}", database, tenant);
                    executeOutsideTransaction(c, "CREATE DATABASE " + PostgresNames.quote(database));
                }
                register(c, settings.schema(), tenant, database);
            } finally {
                c.rollback(); // leaves a failed transaction, if any, so that the unlock can run
                try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, key);
                    unlock.execute();
                    c.commit();
                }
            }
        } catch (SQLException e) {
            throw PostgresErrors.unavailable("creating the database of tenant " + tenant, e);
        }
        created.add(tenant);
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        entry.lastUsedNanos = System.nanoTime();
    }

    /** Closes the pools nobody has used for the idle timeout. */
    private void closeIdlePools() {
        List<HikariDataSource> toClose = new ArrayList<>();
        long now = System.nanoTime();
        long idle = settings.idleTenantPoolTimeout().toNanos();
        synchronized (this) {
            Iterator<Entry> it = open.values().iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (e.users == 0 && now - e.lastUsedNanos >= idle) {
                    it.remove();
                    toClose.add(e.pool);
                    LOG.debug("Closing the idle pool of tenant {}", e.tenant);
                }
            }
        }
        toClose.forEach(HikariDataSource::close);
    }

    /** The number of tenant pools open now (for tests and monitoring). */
    synchronized int openPools() {
        return open.size();
    }

    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        idleCloser.shutdownNow();
        all.forEach(e -> e.pool.close());
        control.close();
    }
}
