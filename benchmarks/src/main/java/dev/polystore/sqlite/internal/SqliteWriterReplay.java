package dev.polystore.sqlite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.ResourceIndexer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The SQLite writer's own work, without FHIR processing: every resource of a directory of Synthea transaction Bundles
 * is stamped and indexed once in advance, then {@link SqliteSession#append} writes them into a fresh database file,
 * one transaction per Bundle, on one thread; printed is that thread's CPU time per resource, for each repetition.
 * Conditional references are left as they are (the index rows are as many). It lives in the backend's package because
 * it calls the engine below the public API. CPU time rather than wall time, and repetitions, because the figures are
 * compared between builds on a shared machine: compare the minimum or the median of the later repetitions.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polystore.sqlite.internal.SqliteWriterReplay OUT/fhir [repetitions]
 * </pre>
 */
public final class SqliteWriterReplay {
    private static final TenantId TENANT = TenantId.of("synthea");

    private SqliteWriterReplay() {}

    private record Write(StoredResource version, List<IndexEntry> entries) {}

    public static void main(String[] args) throws IOException, SQLException {
        if (args.length < 1) {
            System.err.println("usage: SqliteWriterReplay <synthea fhir directory> [repetitions]");
            System.exit(2);
        }
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<List<Write>> transactions = prepare(Path.of(args[0]));
        int resources = transactions.stream().mapToInt(List::size).sum();
        System.out.printf(Locale.ROOT, "%d resources in %d transactions%n", resources, transactions.size());
        for (int i = 0; i < repetitions; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "repetition %d: %.1f us writer CPU per resource%n",
                    i,
                    replay(transactions) / 1e3 / resources);
        }
    }

    private static List<List<Write>> prepare(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        long millis = 1_700_000_000_000L;
        List<List<Write>> transactions = new ArrayList<>();
        for (Path file : files) {
            List<Write> writes = new ArrayList<>();
            for (JsonNode entry : json.readTree(file.toFile()).path("entry")) {
                ObjectNode resource = (ObjectNode) entry.path("resource");
                String type = resource.path("resourceType").asText();
                String id = UUID.randomUUID().toString();
                Instant lastUpdated = Instant.ofEpochMilli(millis++);
                resource.put("id", id);
                ObjectNode meta = resource.putObject("meta");
                meta.put("versionId", "1");
                meta.put("lastUpdated", lastUpdated.toString());
                StoredResource version = new StoredResource(
                        TENANT,
                        type,
                        id,
                        1,
                        lastUpdated,
                        FhirVersion.R4,
                        ChangeKind.CREATE,
                        json.writeValueAsString(resource));
                writes.add(new Write(version, indexer.index(type, resource).entries()));
            }
            transactions.add(writes);
        }
        return transactions;
    }

    /** Writes every transaction into a fresh database; returns the writing thread's CPU nanoseconds. */
    private static long replay(List<List<Write>> transactions) throws IOException, SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("polystore-replay-");
        try (SqliteDatabase db =
                new SqliteDatabase(dir.resolve("replay.db"), new SqliteSettings(2, Duration.ofMinutes(1), false))) {
            long start = threads.getCurrentThreadCpuTime();
            for (List<Write> writes : transactions) {
                SqliteConnection c = db.acquireWriter(Duration.ofMinutes(1));
                try {
                    c.execute("BEGIN IMMEDIATE");
                    SqliteSession session = new SqliteSession(c, TENANT, FhirVersion.R4, true);
                    for (Write w : writes) {
                        session.append(w.version(), w.entries());
                    }
                    c.execute("COMMIT");
                    db.committed();
                } finally {
                    db.releaseWriter();
                }
            }
            return threads.getCurrentThreadCpuTime() - start;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
