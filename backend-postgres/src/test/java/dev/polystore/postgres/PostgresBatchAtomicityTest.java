package dev.polystore.postgres;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.postgres.internal.PostgresNamespaces;
import dev.polystore.postgres.internal.PostgresSettings;
import dev.polystore.postgres.internal.PostgresStorageEngine;
import dev.polystore.tck.BatchAtomicitySuite;
import dev.polystore.testservers.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL: each batch entry is written whole or not at all (savepoints)")
class PostgresBatchAtomicityTest extends BatchAtomicitySuite {
    @Override
    protected StorageEngine createEngine() {
        PostgresServer server = PostgresAdmin.server();
        PostgresSettings settings = new PostgresSettings(
                server.jdbcUrl(),
                server.user(),
                server.password(),
                "batch_atomicity",
                "polystore_",
                4,
                1,
                1,
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(30),
                false);
        return new PostgresStorageEngine(
                PostgresNamespaces.shared(settings),
                settings,
                new Capabilities(
                        "postgres",
                        PostgresBackend.FEATURES,
                        PostgresBackend.TENANCY_STRATEGIES,
                        TenancyStrategy.SHARED_SCHEMA),
                FhirVersion.R4);
    }
}
