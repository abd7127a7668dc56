package dev.polystore.sqlite.internal;

import dev.polystore.api.tenant.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which database holds a tenant: one shared database, or one file per tenant (opened lazily, at most {@code maxOpen}
 * kept open; the least recently used idle ones are closed).
 */
public abstract class SqliteDatabases implements AutoCloseable {

    /** A database lent out for one unit of work; give it back with {@link #close()}. */
    public interface Lease extends AutoCloseable {
        SqliteDatabase database();

        @Override
        void close();
    }

    /** Lends the tenant's database, creating it on the tenant's first use. */
    public abstract Lease acquire(TenantId tenant);

    /**
     * Lends the tenant's database if it exists, else returns null: for reads, which must not create one (a file per
     * tenant id asked for).
     */
    public abstract Lease acquireExisting(TenantId tenant);

    @Override
    public abstract void close();

    /** All tenants in one database ({@code file} null: in memory). */
    public static SqliteDatabases shared(Path file, SqliteSettings settings) {
        SqliteDatabase db = new SqliteDatabase(file, settings);
        Lease lease = new Lease() {
            @Override
            public SqliteDatabase database() {
                return db;
            }

            @Override
            public void close() {}
        };
        return new SqliteDatabases() {
            @Override
            public Lease acquire(TenantId tenant) {
                return lease;
            }

            @Override
            public Lease acquireExisting(TenantId tenant) {
                return lease;
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    /** One database per tenant under {@code directory} ({@code directory} null: one in-memory database each). */
    public static SqliteDatabases perTenant(Path directory, SqliteSettings settings, int maxOpen) {
        return new PerTenant(directory, settings, maxOpen);
    }

    /** The file of a tenant: '/' (not allowed in a segment) becomes '~' (not allowed in a tenant id at all). */
    static String fileName(TenantId tenant) {
        return "tenant-" + tenant.value().replace('/', '~') + ".sqlite";
    }

    private static final class PerTenant extends SqliteDatabases {
        private final Path directory;
        private final SqliteSettings settings;
        private final int maxOpen;
        private final Map<TenantId, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
        private boolean closed;

        PerTenant(Path directory, SqliteSettings settings, int maxOpen) {
            this.directory = directory;
            this.settings = settings;
            this.maxOpen = maxOpen;
        }

        private final class Entry implements Lease {
            final SqliteDatabase db;
            int users;

            Entry(SqliteDatabase db) {
                this.db = db;
            }

            @Override
            public SqliteDatabase database() {
                return db;
            }

            @Override
            public void close() {
                release(this);
            }
        }

        @Override
        public Lease acquire(TenantId tenant) {
            List<SqliteDatabase> evicted = new ArrayList<>();
            Entry entry;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("This SQLite backend is closed");
                }
                entry = open.get(tenant);
                if (entry == null) {
                    entry = new Entry(new SqliteDatabase(
                            directory == null ? null : directory.resolve(fileName(tenant)), settings));
                    open.put(tenant, entry);
                }
                entry.users++;
                if (directory != null) {
                    // in-memory databases are never closed while the backend lives: closing would lose the data
                    Iterator<Entry> it = open.values().iterator();
                    while (open.size() > maxOpen && it.hasNext()) {
                        Entry candidate = it.next();
                        if (candidate.users == 0) {
                            it.remove();
                            evicted.add(candidate.db);
                        }
                    }
                }
            }
            evicted.forEach(SqliteDatabase::close);
            return entry;
        }

        @Override
        public Lease acquireExisting(TenantId tenant) {
            synchronized (this) {
                if (!closed
                        && !open.containsKey(tenant)
                        && (directory == null || !Files.exists(directory.resolve(fileName(tenant))))) {
                    return null; // in memory, a database that is not open has never been written
                }
            }
            return acquire(tenant);
        }

        private synchronized void release(Entry entry) {
            entry.users--;
        }

        @Override
        public void close() {
            List<Entry> all;
            synchronized (this) {
                closed = true;
                all = new ArrayList<>(open.values());
                open.clear();
            }
            all.forEach(e -> e.db.close());
        }
    }
}
