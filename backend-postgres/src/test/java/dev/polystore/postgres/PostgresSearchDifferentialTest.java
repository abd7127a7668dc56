package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.tck.SearchDifferentialSuite;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, shared schema: differential search against the reference matcher")
class PostgresSearchDifferentialTest extends SearchDifferentialSuite {
    @Override
    protected FhirStore createStore(TerminologyService terminology) {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("diff_suite")
                .terminology(terminology)
                .build();
    }
}
