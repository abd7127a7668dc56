package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FullTextSuite;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL 18, shared schema: full-text search with tsvector")
class PostgresFullTextTest extends FullTextSuite {
    @Override
    protected FhirStore createStore(boolean search) {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("full_text_suite")
                .search(search)
                .build();
    }
}
