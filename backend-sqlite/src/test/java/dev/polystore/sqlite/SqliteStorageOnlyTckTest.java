package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FhirStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** Without the search index the store declares no SEARCH: search cases are skipped and searches must be refused. */
@DisplayName("SQLite, storage only (no search index)")
class SqliteStorageOnlyTckTest extends FhirStoreTck {
    @TempDir
    static Path dir;

    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder()
                .file(dir.resolve("storage-only.db"))
                .search(false)
                .limits(LIMITS)
                .build();
    }
}
