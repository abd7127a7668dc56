package dev.polystore.api;

import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;

/**
 * An explicit, atomic unit of work on one tenant. Every method has the meaning of its {@link ResourceStorage} /
 * {@link VersionedStorage} namesake, with the tenant context given at {@link TransactionProvider#begin}; reads see the
 * transaction's own writes. Nothing is visible to others, or durable, until {@link #commit()} returns.
 *
 * <p>{@link #close()} rolls back unless committed, so use try-with-resources. A transaction belongs to one thread at a
 * time; it is not for concurrent use.
 *
 * @since 0.1
 */
public interface StorageTransaction extends AutoCloseable {

    /** The context this transaction acts in. */
    TenantContext context();

    StoredResource create(String resourceType, String json);

    StoredResource update(String resourceType, String id, String json);

    StoredResource updateIfMatch(String resourceType, String id, String json, long expectedVersion);

    StoredResource patch(String resourceType, String id, String jsonPatch);

    StoredResource delete(String resourceType, String id);

    StoredResource deleteIfMatch(String resourceType, String id, long expectedVersion);

    StoredResource read(String resourceType, String id);

    boolean exists(String resourceType, String id);

    StoredResource vread(String resourceType, String id, long versionId);

    List<StoredResource> versions(String resourceType, String id);

    /**
     * Makes every write of this transaction visible and durable, at once.
     *
     * @throws VersionConflictException if a concurrent transaction won (backends with optimistic engines)
     */
    void commit();

    /** Discards every write of this transaction. */
    void rollback();

    /** True once committed or rolled back. */
    boolean isFinished();

    /** Rolls back unless committed. Idempotent. */
    @Override
    void close();
}
