package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FocusedSearchSuite;
import dev.polystore.testservers.PostgresMajor;
import org.junit.jupiter.api.DisplayName;

/**
 * The focused scenarios on PostgreSQL 18. The chain over 1,100 patients right after their load also exercises the
 * backend's planner statistics (PostgresStatistics), though not timed: planned on never-analyzed tables it ran for
 * minutes (409 s), which shows in this class's time.
 */
@DisplayName("PostgreSQL 18, shared schema: focused search scenarios")
class PostgresFocusedSearchTest extends FocusedSearchSuite {
    @Override
    protected FhirStore createStore() {
        return PostgresTestServers.builder(PostgresMajor.V18)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .schema("focused_search_suite")
                .build();
    }
}
