package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FhirStoreTck;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 14, one schema per tenant")
class Postgres14SchemaPerTenantTckTest extends FhirStoreTck {
    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V14)
                .tenancy(TenancyStrategy.SCHEMA_PER_TENANT)
                .schema("tck_schemas")
                .tenantPrefix("tck_schema_")
                .limits(LIMITS)
                .build();
    }
}
