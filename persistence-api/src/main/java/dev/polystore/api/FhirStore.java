package dev.polystore.api;

/**
 * A complete Polystore store: versioned resource storage with transactions and Bundles (search arrives with
 * {@code SearchProvider}). Every backend's {@code XxxBackend.builder()...build()} returns one. Thread-safe; close it
 * to release connections and files.
 *
 * @since 0.1
 */
public interface FhirStore extends VersionedStorage, TransactionProvider, AutoCloseable {

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /** Releases connections, pools and files. Idempotent. Calls after close fail with an IllegalStateException. */
    @Override
    void close();
}
