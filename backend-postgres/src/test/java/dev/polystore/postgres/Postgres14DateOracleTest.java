package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.DateOracleSuite;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 14, shared schema: HAPI's date-search table")
class Postgres14DateOracleTest extends DateOracleSuite {
    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V14)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("date_oracle_suite")
                .build();
    }
}
