package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FhirStoreTck;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite in memory, shared schema")
class SqliteInMemoryTckTest extends FhirStoreTck {
    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder().inMemory().limits(LIMITS).build();
    }
}
