package dev.polystore.sqlite;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.sqlite.internal.SqliteDatabases;
import dev.polystore.sqlite.internal.SqliteSettings;
import dev.polystore.sqlite.internal.SqliteStorageEngine;
import dev.polystore.tck.BatchAtomicitySuite;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite (in memory): each batch entry is written whole or not at all (savepoints)")
class SqliteBatchAtomicityTest extends BatchAtomicitySuite {
    @Override
    protected StorageEngine createEngine() {
        return new SqliteStorageEngine(
                SqliteDatabases.shared(null, new SqliteSettings(2, Duration.ofSeconds(30), false)),
                new Capabilities(
                        "sqlite",
                        SqliteBackend.FEATURES,
                        SqliteBackend.TENANCY_STRATEGIES,
                        TenancyStrategy.SHARED_SCHEMA),
                FhirVersion.R4);
    }
}
