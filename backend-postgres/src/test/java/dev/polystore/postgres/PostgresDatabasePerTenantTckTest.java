package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FhirStoreTck;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, one database per tenant")
class PostgresDatabasePerTenantTckTest extends FhirStoreTck {
    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.DATABASE_PER_TENANT)
                .schema("tck_databases")
                .tenantPrefix("tck_db_")
                .maxOpenTenantPools(8)
                .tenantPoolSize(2)
                .limits(LIMITS)
                .build();
    }
}
