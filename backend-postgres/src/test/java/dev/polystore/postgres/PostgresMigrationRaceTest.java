package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several application instances starting at once on one fresh database: each builds its own store at the same moment
 * and uses the same new tenant at the same moment. Without the advisory locks, CREATE SCHEMA, CREATE TABLE and CREATE
 * DATABASE race and all but one instance fail.
 */
@DisplayName("PostgreSQL: instances starting at once migrate a fresh database once")
class PostgresMigrationRaceTest {
    private static final int INSTANCES = 6;
    private static final List<String> SCRATCH = new ArrayList<>();

    @AfterAll
    static void dropScratchDatabases() throws Exception {
        for (String database : SCRATCH) {
            PostgresAdmin.dropDatabase(database);
        }
    }

    private static String scratch(String prefix) throws Exception {
        String database = PostgresAdmin.freshDatabase(prefix);
        SCRATCH.add(database);
        return database;
    }

    @Test
    @DisplayName("Six builders at once on a fresh database: all start, the migrations are recorded once")
    void buildersRaceOnFreshDatabase() throws Exception {
        String database = scratch("race_shared");
        List<FhirStore> stores =
                startTogether(() -> PostgresAdmin.builder(database).build());
        try {
            TenantContext ctx = TenantContext.of(TenantId.of("race"));
            for (FhirStore store : stores) {
                store.create(ctx, "Patient", "{\"resourceType\":\"Patient\"}");
            }
            assertThat(stores.get(0).count(ctx, "Patient")).isEqualTo(INSTANCES);
        } finally {
            stores.forEach(FhirStore::close);
        }
        assertThat(PostgresAdmin.queryLong(database, "SELECT count(*) FROM polystore.polystore_schema_versions"))
                .as("migrations recorded")
                .isEqualTo(PostgresAdmin.queryLong(
                        database, "SELECT max(version) FROM polystore.polystore_schema_versions"))
                .isPositive();
    }

    @Test
    @DisplayName("Six instances using one new tenant at once (schema per tenant): one schema, registered once")
    void firstUseOfTenantRacesForItsSchema() throws Exception {
        String database = scratch("race_schemas");
        raceOnNewTenant(database, TenancyStrategy.SCHEMA_PER_TENANT);
        assertThat(PostgresAdmin.queryLong(
                        database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'polystore\\_newcomer\\_%'"))
                .as("schemas created for the tenant")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("Six instances using one new tenant at once (database per tenant): one database, registered once")
    void firstUseOfTenantRacesForItsDatabase() throws Exception {
        String database = scratch("race_databases");
        raceOnNewTenant(database, TenancyStrategy.DATABASE_PER_TENANT);
        String name;
        try (var c = PostgresAdmin.connect(database);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT name FROM polystore.tenant_namespaces WHERE tenant = 'Newcomer'")) {
            assertThat(rs.next()).as("tenant registered").isTrue();
            name = rs.getString(1);
        }
        assertThat(PostgresAdmin.queryLong(database, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                .as("database of the tenant")
                .isEqualTo(1);
        SCRATCH.add(name);
    }

    private static void raceOnNewTenant(String database, TenancyStrategy strategy) throws Exception {
        // Build one store first: this test is about the tenant's first use, not the main schema's migration.
        FhirStore first = PostgresAdmin.builder(database).tenancy(strategy).build();
        List<FhirStore> others = new ArrayList<>();
        for (int i = 1; i < INSTANCES; i++) {
            others.add(PostgresAdmin.builder(database).tenancy(strategy).build());
        }
        others.add(first);
        TenantContext ctx = TenantContext.of(TenantId.of("Newcomer"));
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (FhirStore store : others) {
                writes.add(pool.submit(() -> {
                    start.await();
                    return store.create(ctx, "Patient", "{\"resourceType\":\"Patient\"}");
                }));
            }
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
            assertThat(first.count(ctx, "Patient"))
                    .as("resources of the tenant")
                    .isEqualTo(INSTANCES);
            assertThat(PostgresAdmin.queryLong(
                            database, "SELECT count(*) FROM polystore.tenant_namespaces WHERE tenant = 'Newcomer'"))
                    .as("registry rows of the tenant")
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
            others.forEach(FhirStore::close);
        }
    }

    private static List<FhirStore> startTogether(Supplier<FhirStore> build) throws Exception {
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        List<Future<FhirStore>> builds = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                builds.add(pool.submit(() -> {
                    start.await();
                    return build.get();
                }));
            }
            List<FhirStore> stores = new ArrayList<>();
            for (Future<FhirStore> f : builds) {
                stores.add(f.get(60, TimeUnit.SECONDS));
            }
            return stores;
        } finally {
            pool.shutdownNow();
        }
    }
}
