package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite-specific behaviour beyond the TCK: files, tenancy layout, migrations, concurrency, configuration. */
class SqliteBackendTest {
    private static final String PATIENT = "{\"resourceType\":\"Patient\",\"active\":true}";

    @Test
    @DisplayName("Data survives close and reopen, and the schema is migrated exactly once")
    void reopenKeepsDataAndMigratesOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("store.db");
        TenantContext ctx = TenantContext.of("t1");
        String id;
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            id = store.create(ctx, "Patient", PATIENT).id();
        }
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            assertThat(store.read(ctx, "Patient", id).versionId()).isEqualTo(1);
            store.update(ctx, "Patient", id, PATIENT);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT count(*), max(version) FROM polystore_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(10);
            assertThat(rs.getInt(2)).isEqualTo(10);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA page_size")) {
            rs.next();
            assertThat(rs.getInt(1)).as("new files use 8 KiB pages").isEqualTo(8192);
        }
    }

    @Test
    @DisplayName("Database per tenant: one file per tenant, child tenants included; idle files closed beyond the limit")
    void databasePerTenantLayout(@TempDir Path dir) throws Exception {
        List<TenantId> tenants = List.of(
                TenantId.of("a"), TenantId.of("b"), TenantId.of("a/child"), TenantId.of("c.d"), TenantId.of("e_f-g"));
        List<String> ids = new ArrayList<>();
        try (FhirStore store = SqliteBackend.builder()
                .directoryPerTenant(dir)
                .maxOpenTenantDatabases(2)
                .build()) {
            assertThat(store.capabilities().tenancyStrategy()).isEqualTo(TenancyStrategy.DATABASE_PER_TENANT);
            for (TenantId t : tenants) {
                ids.add(store.create(TenantContext.of(t), "Patient", PATIENT).id());
            }
            for (int i = 0; i < tenants.size(); i++) { // reopens evicted files
                TenantContext ctx = TenantContext.of(tenants.get(i));
                assertThat(store.count(ctx, "Patient")).isEqualTo(1);
                assertThat(store.read(ctx, "Patient", ids.get(i)).tenant()).isEqualTo(tenants.get(i));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sqlite")))
                    .containsExactlyInAnyOrder(
                            "tenant-a.sqlite",
                            "tenant-b.sqlite",
                            "tenant-a~child.sqlite",
                            "tenant-c.d.sqlite",
                            "tenant-e_f-g.sqlite");
        }
    }

    @Test
    @DisplayName("Database per tenant: reads of a tenant that never wrote find nothing and create no file")
    void readsOfAnUnknownTenantCreateNoFile(@TempDir Path dir) throws Exception {
        TenantContext ctx = TenantContext.of("never-written");
        try (FhirStore store = SqliteBackend.builder().directoryPerTenant(dir).build()) {
            assertThatThrownBy(() -> store.read(ctx, "Patient", "p1")).isInstanceOf(ResourceNotFoundException.class);
            assertThat(store.search(ctx, SearchQuery.parse("Patient?name=x&_total=accurate"))
                            .total())
                    .isZero();
            assertThat(store.history(ctx, HistoryRequest.system()).entries()).isEmpty();
            assertThat(store.count(ctx, "Patient")).isZero();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).as("files after the reads").isEmpty();
            }
            store.create(ctx, "Patient", PATIENT);
            assertThat(store.count(ctx, "Patient")).isOne();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("files after the first write")
                    .contains("tenant-never-written.sqlite");
        }
    }

    @Test
    @DisplayName("Unsupported or inconsistent configuration is refused by build()")
    void configurationIsValidatedAtBuild(@TempDir Path dir) {
        assertThatThrownBy(() -> SqliteBackend.builder()
                        .tenancy(TenancyStrategy.SCHEMA_PER_TENANT)
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SCHEMA_PER_TENANT");
        assertThatThrownBy(() -> SqliteBackend.builder()
                        .file(dir.resolve("x.db"))
                        .tenancy(TenancyStrategy.DATABASE_PER_TENANT)
                        .build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> SqliteBackend.builder().readerConnections(0).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("Concurrent writers and readers, across two stores on one file, never see SQLITE_BUSY")
    void concurrentUseNeverSurfacesBusy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.db");
        TenantContext ctx = TenantContext.of("busy");
        try (FhirStore first = SqliteBackend.builder().file(file).build();
                FhirStore second = SqliteBackend.builder().file(file).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    FhirStore store = t % 2 == 0 ? first : second;
                    boolean writer = t < 4;
                    futures.add(pool.submit(() -> {
                        int done = 0;
                        for (int i = 0; i < 150; i++) {
                            if (writer) {
                                StoredResource r = store.create(ctx, "Patient", PATIENT);
                                store.update(ctx, "Patient", r.id(), PATIENT);
                                store.writeBulk(ctx, List.of(ResourceWrite.of("Patient", null, PATIENT)));
                            } else {
                                store.countAll(ctx);
                            }
                            done++;
                        }
                        return done;
                    }));
                }
                for (Future<Integer> f : futures) {
                    assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(150);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(first.count(ctx, "Patient")).isEqualTo(4 * 150 * 2);
            assertThat(second.count(ctx, "Patient")).isEqualTo(4 * 150 * 2);
        }
    }
}
