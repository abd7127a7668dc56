package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.FocusedSearchSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SQLite (in memory): focused search scenarios")
class SqliteFocusedSearchTest extends FocusedSearchSuite {
    @TempDir
    Path dir;

    @Override
    protected FhirStore createStore() {
        return SqliteBackend.builder().inMemory().build();
    }

    /** In memory, one shared file, and a file per tenant. */
    @Override
    protected List<Supplier<FhirStore>> tenancyLayouts() {
        return List.of(
                this::createStore,
                () -> SqliteBackend.builder().file(dir.resolve("shared.db")).build(),
                () -> SqliteBackend.builder()
                        .directoryPerTenant(dir.resolve("per"))
                        .build());
    }
}
