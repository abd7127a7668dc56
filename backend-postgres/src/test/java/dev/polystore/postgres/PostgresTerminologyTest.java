package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.tck.TerminologySuite;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, shared schema: terminology modifiers")
class PostgresTerminologyTest extends TerminologySuite {
    @Override
    protected FhirStore createStore(TerminologyService terminology) {
        PostgresBackend.Builder builder = PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("terminology_suite");
        if (terminology != null) {
            builder.terminology(terminology);
        }
        return builder.build();
    }
}
