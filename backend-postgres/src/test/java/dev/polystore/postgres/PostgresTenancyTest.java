package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.postgres.internal.PostgresNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where tenants' rows physically land, and how the pools of database-per-tenant are bounded and closed. */
@DisplayName("PostgreSQL tenancy: physical placement and tenant pools")
class PostgresTenancyTest {
    private static final String PATIENT = "{\"resourceType\":\"Patient\"}";

    @Test
    @DisplayName("Schema per tenant: each tenant's rows are in its own schema, case-sensitive ids apart")
    void schemaPerTenantPlacement() throws Exception {
        String database = PostgresAdmin.server().database();
        try (FhirStore store = PostgresAdmin.builder(database)
                .tenancy(TenancyStrategy.SCHEMA_PER_TENANT)
                .schema("placement_main")
                .tenantPrefix("placement_")
                .build()) {
            TenantId upper = TenantId.of("Acme/Clinic.7");
            TenantId lower = TenantId.of("acme/clinic.7");
            store.create(TenantContext.of(upper), "Patient", PATIENT);
            store.create(TenantContext.of(upper), "Patient", PATIENT);
            store.create(TenantContext.of(lower), "Patient", PATIENT);
            String upperSchema = PostgresNames.tenantName("placement_", upper);
            String lowerSchema = PostgresNames.tenantName("placement_", lower);
            assertThat(upperSchema).isNotEqualTo(lowerSchema).startsWith("placement_acme_clinic_7_");
            assertThat(PostgresAdmin.queryLong(database, "SELECT count(*) FROM " + upperSchema + ".resources"))
                    .isEqualTo(2);
            assertThat(PostgresAdmin.queryLong(database, "SELECT count(*) FROM " + lowerSchema + ".resources"))
                    .isEqualTo(1);
            assertThat(PostgresAdmin.queryLong(database, "SELECT count(*) FROM placement_main.resources"))
                    .as("rows in the main schema")
                    .isZero();
            assertThat(PostgresAdmin.queryLong(
                            database,
                            "SELECT count(*) FROM " + upperSchema + ".resources WHERE tenant <> 'Acme/Clinic.7'"))
                    .as("rows of another tenant id in the schema")
                    .isZero();
        }
    }

    @Test
    @DisplayName(
            "Database per tenant: rows in the tenant's database; at most maxOpenTenantPools pools; idle pools close")
    void databasePerTenantPools() throws Exception {
        String control = PostgresAdmin.freshDatabase("pools_control");
        List<String> tenantDatabases = new ArrayList<>();
        try (FhirStore store = PostgresAdmin.builder(control)
                .tenancy(TenancyStrategy.DATABASE_PER_TENANT)
                .tenantPrefix("pools_")
                .tenantPoolSize(1)
                .maxOpenTenantPools(2)
                .idleTenantPoolTimeout(Duration.ofSeconds(1))
                .build()) {
            List<StoredResource> written = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TenantId tenant = TenantId.of("pool-tenant-" + i);
                tenantDatabases.add(PostgresNames.tenantName("pools_", tenant));
                written.add(store.create(TenantContext.of(tenant), "Patient", PATIENT));
                assertThat(connectionsToTenantDatabases())
                        .as("tenant databases with connections after tenant %d", i)
                        .isLessThanOrEqualTo(2);
            }
            assertThat(PostgresAdmin.queryLong(tenantDatabases.get(3), "SELECT count(*) FROM polystore.resources"))
                    .isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (connectionsToTenantDatabases() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(connectionsToTenantDatabases())
                    .as("connections after the idle timeout")
                    .isZero();
            StoredResource first = written.get(0);
            assertThat(store.read(TenantContext.of(first.tenant()), "Patient", first.id())
                            .versionedReference())
                    .as("a closed tenant pool opens again")
                    .isEqualTo(first.versionedReference());
        } finally {
            for (String database : tenantDatabases) {
                PostgresAdmin.dropDatabase(database);
            }
            PostgresAdmin.dropDatabase(control);
        }
    }

    @Test
    @DisplayName("A read of a tenant that never wrote creates no schema and no database, and finds nothing")
    void readsCreateNoNamespace() throws Exception {
        TenantId tenant = TenantId.of("never-written");
        TenantContext ctx = TenantContext.of(tenant);
        List<String> names = new ArrayList<>();
        try {
            for (TenancyStrategy strategy :
                    List.of(TenancyStrategy.SCHEMA_PER_TENANT, TenancyStrategy.DATABASE_PER_TENANT)) {
                String control = PostgresAdmin.freshDatabase("unknown_control_" + strategy.ordinal());
                names.add(control);
                String prefix = "unknown_" + strategy.ordinal() + "_";
                String name = PostgresNames.tenantName(prefix, tenant);
                names.add(name);
                try (FhirStore store = PostgresAdmin.builder(control)
                        .tenancy(strategy)
                        .tenantPrefix(prefix)
                        .build()) {
                    assertThatThrownBy(() -> store.read(ctx, "Patient", "p1"))
                            .isInstanceOf(ResourceNotFoundException.class);
                    assertThat(store.search(ctx, SearchQuery.parse("Patient?name=x&_total=accurate"))
                                    .total())
                            .as("%s: total of a search", strategy)
                            .isZero();
                    assertThat(store.history(ctx, HistoryRequest.system()).entries())
                            .as("%s: system history", strategy)
                            .isEmpty();
                    assertThat(store.count(ctx, "Patient")).isZero();
                    assertThat(namespaces(control, name))
                            .as("%s: schemas and databases named %s after the reads", strategy, name)
                            .isZero();

                    store.create(ctx, "Patient", PATIENT);
                    assertThat(namespaces(control, name))
                            .as("%s: after the first write", strategy)
                            .isOne();
                    assertThat(store.count(ctx, "Patient")).isOne();
                }
            }
        } finally {
            for (String name : names) {
                PostgresAdmin.dropDatabase(name);
            }
        }
    }

    /** The schemas (in {@code database}) and databases called {@code name}. */
    private static long namespaces(String database, String name) throws Exception {
        return PostgresAdmin.queryLong(
                database,
                "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = '" + name + "')"
                        + " + (SELECT count(*) FROM pg_database WHERE datname = '" + name + "')");
    }

    private static long connectionsToTenantDatabases() throws Exception {
        return PostgresAdmin.queryLong(
                PostgresAdmin.server().database(),
                "SELECT count(DISTINCT datname) FROM pg_stat_activity WHERE datname LIKE 'pools\\_pool\\_tenant%'");
    }
}
