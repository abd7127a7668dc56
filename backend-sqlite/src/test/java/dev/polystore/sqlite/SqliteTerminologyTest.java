package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.tck.TerminologySuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite (in memory): terminology modifiers")
class SqliteTerminologyTest extends TerminologySuite {
    @Override
    protected FhirStore createStore(TerminologyService terminology) {
        SqliteBackend.Builder builder = SqliteBackend.builder().inMemory();
        if (terminology != null) {
            builder.terminology(terminology);
        }
        return builder.build();
    }
}
