package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.CustomSearchParameterSuite;
import dev.polystore.testservers.PostgresMajor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, shared schema: store-wide parameters, several instances, reindex under updates")
class PostgresCustomSearchParameterTest extends CustomSearchParameterSuite {
    @Override
    protected FhirStore createStore(boolean search, List<String> searchParameters) {
        PostgresBackend.Builder builder = PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("custom_parameter_suite")
                .search(search);
        searchParameters.forEach(builder::searchParameter);
        return builder.build();
    }
}
