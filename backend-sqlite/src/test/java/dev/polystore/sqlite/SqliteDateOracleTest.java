package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.DateOracleSuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite (in memory): HAPI's date-search table")
class SqliteDateOracleTest extends DateOracleSuite {
    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder().inMemory().build();
    }
}
