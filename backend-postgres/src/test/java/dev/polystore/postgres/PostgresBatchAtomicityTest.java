package dev.polystore.postgres;

import dev.polystore.core.engine.StorageEngine;
import dev.polystore.tck.BatchAtomicitySuite;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL: each batch entry is written whole or not at all (savepoints)")
class PostgresBatchAtomicityTest extends BatchAtomicitySuite {
    @Override
    protected StorageEngine createEngine() {
        return PostgresAdmin.sharedSchemaEngine("batch_atomicity");
    }
}
