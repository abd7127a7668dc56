package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.tck.SearchDifferentialSuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite (in memory): differential search against the reference matcher")
class SqliteSearchDifferentialTest extends SearchDifferentialSuite {
    @Override
    protected FhirStore createStore(TerminologyService terminology) {
        return SqliteBackend.builder().inMemory().terminology(terminology).build();
    }
}
