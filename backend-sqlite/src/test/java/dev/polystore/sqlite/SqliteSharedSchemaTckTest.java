package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FhirStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SQLite, one database file shared by all tenants")
class SqliteSharedSchemaTckTest extends FhirStoreTck {
    @TempDir
    static Path dir;

    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder()
                .file(dir.resolve("tck.db"))
                .limits(LIMITS)
                .build();
    }
}
