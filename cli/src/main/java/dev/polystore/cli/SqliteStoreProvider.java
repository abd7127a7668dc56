package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.sqlite.SqliteBackend;
import java.nio.file.Path;

/** {@code sqlite:./polystore.db} (a file, created if missing) and {@code sqlite::memory:}. */
public final class SqliteStoreProvider implements StoreProvider {

    @Override
    public String scheme() {
        return "sqlite";
    }

    @Override
    public String example() {
        return "sqlite:./polystore.db";
    }

    @Override
    public FhirStore open(String url) {
        String rest = url.substring("sqlite:".length());
        if (rest.equals(":memory:")) {
            return SqliteBackend.builder().inMemory().build();
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("A sqlite URL needs a file: " + example() + " or sqlite::memory:");
        }
        return SqliteBackend.builder().file(Path.of(rest)).build();
    }
}
