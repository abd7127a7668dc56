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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh planner statistics after bulk writes. A load into empty or small tables leaves PostgreSQL's statistics
 * describing the tables as they were: autovacuum analyzes them only after its next nap, by thresholds relative to the
 * old size, so the first queries after a load may be planned for tables a thousandth of their size (a sequential scan
 * where an index lookup belongs, the wrong join order). After a write of at least {@value #BULK} versions, the tables of
 * its schema that changed by more than a fifth since their last analysis are analyzed, in the background (one thread,
 * at most one check per schema every {@value #INTERVAL_MILLIS} ms); a failure is logged and changes nothing.
 */
final class PostgresStatistics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStatistics.class);

    /** The versions a write must have appended to count as bulk. */
    static final int BULK = 1000;

    static final long INTERVAL_MILLIS = 10_000;

    private static final String STALE = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE n.nspname = ? AND c.relkind = 'r'"
            + " AND s.n_mod_since_analyze > 1000 AND s.n_mod_since_analyze > 0.2 * greatest(c.reltuples, 0)";

    private final PostgresNamespaces namespaces;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "polystore-postgres-analyze");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> lastCheck = new ConcurrentHashMap<>();

    PostgresStatistics(PostgresNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** Called after a committed write of the tenant that appended {@code versions} versions. */
    void written(TenantId tenant, String schema, int versions) {
        if (versions < BULK) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = lastCheck.get(schema);
        if (last != null && now - last < INTERVAL_MILLIS) {
            return;
        }
        lastCheck.put(schema, now);
        try {
            worker.execute(() -> analyzeStale(tenant));
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
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
