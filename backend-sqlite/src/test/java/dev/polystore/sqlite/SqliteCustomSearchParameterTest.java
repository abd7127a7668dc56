package dev.polystore.sqlite;

import dev.polystore.api.FhirStore;
import dev.polystore.tck.CustomSearchParameterSuite;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SQLite (one file per test): store-wide parameters, several instances, reindex under updates")
class SqliteCustomSearchParameterTest extends CustomSearchParameterSuite {
    @TempDir
    Path dir;

    @Override
    protected FhirStore createStore(boolean search, List<String> searchParameters) {
        SqliteBackend.Builder builder =
                SqliteBackend.builder().file(dir.resolve("custom.db")).search(search);
        searchParameters.forEach(builder::searchParameter);
        return builder.build();
    }
}
