package dev.polystore.api;

import dev.polystore.api.search.SearchIndexMaintenance;
import dev.polystore.api.search.SearchProvider;

/**
 * A complete Polystore store: versioned resource storage, conditional interactions, search, transactions and Bundles. Every backend's {@code
 * XxxBackend.builder()...build()} returns one. Which features it offers is in {@link #capabilities()}: a call that
 * needs a missing one fails with {@code UnsupportedCapabilityException}. Thread-safe; close it to release connections
 * and files.
 *
 * @since 0.1
 */
public interface FhirStore
        extends VersionedStorage,
                ConditionalStorage,
                SearchProvider,
                SearchIndexMaintenance,
                TransactionProvider,
                AutoCloseable {

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /** Releases connections, pools and files. Idempotent. Calls after close fail with an IllegalStateException. */
    @Override
    void close();
}
