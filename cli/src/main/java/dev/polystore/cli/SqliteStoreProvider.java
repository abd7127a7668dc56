package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.sqlite.SqliteBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** {@code sqlite:./polystore.db} (a file, created if missing) and {@code sqlite::memory:}. */
public final class SqliteStoreProvider implements StoreProvider {

    @Override
    public String scheme() {
        return "sqlite";
    }

    @Override
    public String example() {
        return "sqlite:./polystore.db";
    }

    @Override
    public double rawInsertSeconds(String url, List<String> jsons) {
        try {
            Path scratch = Files.createTempFile("polystore-raw-", ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + scratch)) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                    s.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, json TEXT NOT NULL)");
                }
                long start = System.nanoTime();
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw (json) VALUES (?)")) {
                    for (String json : jsons) {
                        insert.setString(1, json);
                        insert.executeUpdate();
                    }
                }
                c.commit();
                return (System.nanoTime() - start) / 1e9;
            } finally {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(scratch + suffix));
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the raw SQLite baseline failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long bytesOnDisk(String url) {
        String rest = url.substring("sqlite:".length());
        if (rest.equals(":memory:")) {
            return -1;
        }
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = Path.of(rest + suffix);
            try {
                total += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    @Override
    public FhirStore open(String url) {
        String rest = url.substring("sqlite:".length());
        if (rest.equals(":memory:")) {
            return SqliteBackend.builder().inMemory().build();
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("A sqlite URL needs a file: " + example() + " or sqlite::memory:");
        }
        return SqliteBackend.builder().file(Path.of(rest)).build();
    }
}
