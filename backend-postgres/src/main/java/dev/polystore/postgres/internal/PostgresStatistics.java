package dev.polystore.postgres.internal;

import dev.polystore.api.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh planner statistics after loads. A load into empty or small tables leaves PostgreSQL's statistics describing
 * the tables as they were: autovacuum analyzes them only after its next nap, by thresholds relative to the old size,
 * so the first queries after a load may be planned for tables a thousandth of their size (a sequential scan where an
 * index lookup belongs, the wrong join order: a chain over a thousand patients was seen to take minutes). Once a schema
 * has received {@value #BULK} versions since its last check (in any number of writes), a check runs in the background
 * at most every {@value #INTERVAL_MILLIS} ms (one thread): the schema's tables never analyzed, or grown by half since
 * their last analysis, are analyzed. A failure is logged and changes nothing.
 */
final class PostgresStatistics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStatistics.class);

    /** The versions a schema receives before its tables are checked. */
    static final int BULK = 1000;

    static final long INTERVAL_MILLIS = 5_000;

    /**
     * Tables of at least 8 pages that were never analyzed, or whose file grew by half since (the size on disk is
     * current at once, unlike the activity counters, which backends report only every few seconds).
     */
    private static final String STALE = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind = 'r'"
            + " AND pg_relation_size(c.oid) >= 8 * current_setting('block_size')::int"
            + " AND (c.reltuples < 0"
            + " OR pg_relation_size(c.oid) / current_setting('block_size')::int > 1.5 * greatest(c.relpages, 1))";

    private final PostgresNamespaces namespaces;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "polystore-postgres-analyze");
        t.setDaemon(true);
        return t;
    });
    /** Per schema: versions written since its last check, and whether a check is scheduled. */
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private static final class Schema {
        long written;
        long lastCheck;
        boolean scheduled;
    }

    PostgresStatistics(PostgresNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** Called after a committed write of the tenant, in {@code schema}, that appended {@code versions} versions. */
    void written(TenantId tenant, String schema, int versions) {
        if (versions == 0) {
            return;
        }
        Schema state = schemas.computeIfAbsent(schema, k -> new Schema());
        long delay;
        synchronized (state) {
            state.written += versions;
            if (state.written < BULK || state.scheduled) {
                return;
            }
            state.scheduled = true;
            delay = Math.max(0, state.lastCheck + INTERVAL_MILLIS - System.currentTimeMillis());
        }
        try {
            worker.schedule(() -> check(tenant, state), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void check(TenantId tenant, Schema state) {
        synchronized (state) {
            state.written = 0;
            state.scheduled = false;
            state.lastCheck = System.currentTimeMillis();
        }
        analyzeStale(tenant);
    }

    private void analyzeStale(TenantId tenant) {
        try (PostgresNamespaces.Lease lease = namespaces.acquire(tenant);
                Connection c = lease.dataSource().getConnection()) {
            List<String> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(STALE)) {
                ps.setString(1, lease.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            for (String table : stale) {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE " + PostgresNames.quote(lease.schema()) + "." + PostgresNames.quote(table));
                }
                c.commit();
            }
            if (!stale.isEmpty()) {
                LOG.debug("Analyzed {} of {} after a bulk write", stale, lease.schema());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not refresh the planner statistics after a bulk write: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
