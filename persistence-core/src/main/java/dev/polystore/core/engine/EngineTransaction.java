package dev.polystore.core.engine;

/** An explicit engine transaction: an {@link EngineWriter} with commit and rollback. */
public interface EngineTransaction extends EngineWriter, AutoCloseable {
    void commit();

    void rollback();

    /** Rolls back unless committed; idempotent. */
    @Override
    void close();
}
