package dev.polystore.sqlite.internal;

import dev.polystore.api.error.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite database (a file, or a private in-memory database): a single writer connection guarded by a fair lock, and
 * a bounded pool of read-only connections that read concurrently with the writer (WAL). Writers queue in the lock
 * instead of meeting SQLITE_BUSY. An in-memory database has one connection, used by readers and the writer in turn.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    private final String url;
    private final boolean memory;
    private final SqliteSettings settings;
    private final SqliteConnection writer;
    private final Semaphore writeLock = new Semaphore(1, true);
    private volatile Thread writeOwner;
    private final BlockingQueue<SqliteConnection> idleReaders;
    private final List<SqliteConnection> allReaders = new ArrayList<>();
    private final AtomicInteger readersCreated = new AtomicInteger();
    private volatile boolean closed;
    private final AtomicInteger commitsSinceCheckpoint = new AtomicInteger();
    private SqliteConnection checkpointer;
    private ScheduledFuture<?> checkpointTask;

    /** One daemon thread checkpoints the WAL of every file database, off the writers' commit path. */
    private static final ScheduledExecutorService CHECKPOINTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "polystore-sqlite-checkpoint");
        t.setDaemon(true);
        return t;
    });

    /** Opens (creating if needed) and migrates a database; {@code file} null means in memory. */
    public SqliteDatabase(Path file, SqliteSettings settings) {
        this.memory = file == null;
        this.url = memory ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
        this.settings = settings;
        this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, settings.readerConnections()));
        try {
            if (!memory) {
                choosePageSize(file);
            }
            this.writer = open(false);
            writer.execute("BEGIN IMMEDIATE");
            try {
                SqliteSchema.migrate(writer);
                SqlitePlannerStatistics.write(writer);
                writer.execute("COMMIT");
                SqlitePlannerStatistics.reload(writer);
            } catch (SQLException | RuntimeException e) {
                writer.execute("ROLLBACK");
                throw e;
            }
            if (!memory) {
                // A large backstop; normally the background task has checkpointed long before.
                writer.execute("PRAGMA wal_autocheckpoint = 16000");
                checkpointer = open(false);
                checkpointTask = CHECKPOINTS.scheduleWithFixedDelay(this::checkpoint, 200, 200, TimeUnit.MILLISECONDS);
            }
            LOG.debug("Opened SQLite database {}", url);
        } catch (SQLException e) {
            throw new BackendUnavailableException("Cannot open SQLite database " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The page size of new database files (an existing file keeps its own): against 4 KiB, index B-trees are less deep
     * and split less often, about a tenth less writer CPU per indexed resource in a replay of Synthea writes.
     */
    static final int PAGE_SIZE = 8192;

    /** Gives a new, empty database file {@link #PAGE_SIZE} before anything (WAL mode included) fixes it. */
    private static void choosePageSize(Path file) throws SQLException {
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                return;
            }
        } catch (java.io.IOException e) {
            return; // the open that follows reports the problem
        }
        try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = " + PAGE_SIZE);
            s.execute("PRAGMA journal_mode = WAL");
        }
    }

    private SqliteConnection open(boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, settings.lockTimeout().toMillis()));
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // The writer keeps the hot index pages of bulk loads cached; readers share the OS cache and mmap.
        config.setCacheSize(readOnly ? -16_000 : -256_000);
        config.setGetGeneratedKeys(false); // we use RETURNING; this saves a query per INSERT
        if (!memory) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(
                    settings.synchronousFull()
                            ? SQLiteConfig.SynchronousMode.FULL
                            : SQLiteConfig.SynchronousMode.NORMAL);
            config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L * 1024 * 1024));
        }
        config.setReadOnly(readOnly);
        return new SqliteConnection(DriverManager.getConnection(url, config.toProperties()));
    }

    /** Runs work on a read connection; on an in-memory database, on the one connection under the writer lock. */
    public <T> T read(Function<SqliteConnection, T> work) {
        checkOpen();
        if (memory) {
            acquireWriter(settings.lockTimeout());
            try {
                return work.apply(writer);
            } finally {
                releaseWriter();
            }
        }
        SqliteConnection c = borrowReader();
        try {
            return work.apply(c);
        } finally {
            idleReaders.offer(c);
        }
    }

    private SqliteConnection borrowReader() {
        SqliteConnection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        if (readersCreated.incrementAndGet() <= settings.readerConnections()) {
            try {
                SqliteConnection created = open(true);
                synchronized (allReaders) {
                    allReaders.add(created);
                }
                return created;
            } catch (SQLException e) {
                readersCreated.decrementAndGet();
                throw new BackendUnavailableException("Cannot open a SQLite read connection: " + e.getMessage(), e);
            }
        }
        readersCreated.decrementAndGet();
        try {
            c = idleReaders.poll(settings.lockTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while waiting for a SQLite read connection", e);
        }
        if (c == null) {
            throw new BackendUnavailableException(
                    "No SQLite read connection became free within " + settings.lockTimeout());
        }
        return c;
    }

    /**
     * Takes the single writer, waiting up to {@code timeout}. A thread that already holds it (an open transaction)
     * is refused at once rather than left waiting for itself.
     */
    public SqliteConnection acquireWriter(Duration timeout) {
        checkOpen();
        if (writeOwner == Thread.currentThread()) {
            throw new IllegalStateException("This thread holds an open transaction on this SQLite database: use that"
                    + " transaction, or finish it first");
        }
        try {
            if (!writeLock.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("The SQLite writer stayed busy for " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while waiting for the SQLite writer", e);
        }
        writeOwner = Thread.currentThread();
        return writer;
    }

    /** Called after each commit, so the background task knows the WAL has grown. */
    void committed() {
        commitsSinceCheckpoint.incrementAndGet();
    }

    /** Copies committed WAL pages into the database without blocking readers or the writer (PASSIVE). */
    private void checkpoint() {
        if (closed || commitsSinceCheckpoint.get() == 0) {
            return;
        }
        commitsSinceCheckpoint.set(0);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (SQLException e) {
                LOG.debug("Background checkpoint of {} failed: {}", url, e.getMessage());
            }
        }
    }

    /** Gives the writer back. */
    public void releaseWriter() {
        writeOwner = null;
        writeLock.release();
    }

    public SqliteSettings settings() {
        return settings;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This SQLite database is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (checkpointTask != null) {
                checkpointTask.cancel(false);
                checkpointer.close();
            }
        }
        boolean locked = false;
        try {
            locked = writeLock.tryAcquire(settings.lockTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (allReaders) {
                allReaders.forEach(SqliteConnection::close);
                allReaders.clear();
            }
            writer.close();
        } finally {
            if (locked) {
                writeLock.release();
            }
        }
    }
}
