package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FhirStoreTck;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, one schema shared by all tenants")
class PostgresSharedSchemaTckTest extends FhirStoreTck {
    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("tck_shared")
                .limits(LIMITS)
                .build();
    }
}
