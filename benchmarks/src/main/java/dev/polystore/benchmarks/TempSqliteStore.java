package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;
import dev.polystore.sqlite.SqliteBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A SQLite file store (file mode, so WAL as the backend configures it) in a fresh temporary directory that is removed
 * on close, or, for inspection, in a given file that is kept.
 */
final class TempSqliteStore implements BenchStore {
    /** The temporary directory to delete on close, or null to keep the database. */
    private final Path directory;

    private final Path file;
    private FhirStore store;

    private TempSqliteStore(Path directory, Path file, FhirStore store) {
        this.directory = directory;
        this.file = file;
        this.store = store;
    }

    /** Creates the directory and opens a store with the search index on {@code polystore.db} in it. */
    static TempSqliteStore open(String prefix) {
        return open(prefix, true);
    }

    /** Creates the directory and opens a store on {@code polystore.db} in it, with or without the search index. */
    static TempSqliteStore open(String prefix, boolean search) {
        Path directory;
        try {
            directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = directory.resolve("polystore.db");
        try {
            return new TempSqliteStore(
                    directory,
                    file,
                    SqliteBackend.builder().file(file).search(search).build());
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /** Opens a store on {@code file} (which should not exist yet) and keeps it: close only closes the store. */
    static TempSqliteStore at(Path file, boolean search) {
        return new TempSqliteStore(
                null, file, SqliteBackend.builder().file(file).search(search).build());
    }

    @Override
    public FhirStore store() {
        return store;
    }

    /**
     * Closes the store (SQLite then checkpoints the WAL into the database) and opens a new one on the same file, with
     * or without the search index: what a process that loaded the data and then serves it sees.
     */
    @Override
    public FhirStore reopen(boolean search) {
        store.close();
        store = SqliteBackend.builder().file(file).search(search).build();
        return store;
    }

    /** The bytes the database takes on disk: the database file with its WAL and shared-memory files. */
    @Override
    public long bytesOnDisk() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            total += size(file.resolveSibling(file.getFileName() + suffix));
        }
        return total;
    }

    /** The sizes on disk, for a report line: {@code "12.3 MB (database 10.0 MB, WAL 2.3 MB)"}. */
    @Override
    public String diskUsage() {
        return String.format(
                java.util.Locale.ROOT,
                "%.1f MB (database %.1f MB, WAL %.1f MB)",
                bytesOnDisk() / 1e6,
                size(file) / 1e6,
                size(file.resolveSibling(file.getFileName() + "-wal")) / 1e6);
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the store and deletes the directory with everything in it. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            if (directory != null) {
                deleteRecursively(directory);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
