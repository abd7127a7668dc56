package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FullTextSuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite (in memory): full-text search with FTS5")
class SqliteFullTextTest extends FullTextSuite {
    @Override
    protected FhirStore createStore(boolean search) {
        return SqliteBackend.builder().inMemory().search(search).build();
    }
}
