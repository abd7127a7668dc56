package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FhirStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SQLite, one database file per tenant")
class SqliteDatabasePerTenantTckTest extends FhirStoreTck {
    @TempDir
    static Path dir;

    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder()
                .directoryPerTenant(dir)
                .maxOpenTenantDatabases(8)
                .limits(LIMITS)
                .build();
    }
}
