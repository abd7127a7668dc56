package dev.polystore.api.search;

/**
 * What a {@link SearchIndexMaintenance#reindex reindex} covers: the current versions of one resource type, or of every
 * type, in the tenant of the caller's context.
 *
 * @param resourceType the type to reindex, or null for every type
 * @param batchSize how many resources are re-extracted per write transaction (1 to 10,000); smaller batches hold the
 *     store's writer for shorter moments
 * @since 0.1
 */
public record ReindexRequest(String resourceType, int batchSize) {

    /** The batch size of {@link #allTypes()} and {@link #ofType(String)}. */
    public static final int DEFAULT_BATCH_SIZE = 200;

    /** The largest allowed batch size. */
    public static final int MAX_BATCH_SIZE = 10_000;

    public ReindexRequest {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ": " + batchSize);
        }
        if (resourceType != null && resourceType.isBlank()) {
            throw new IllegalArgumentException("resourceType must be null (every type) or a type name");
        }
    }

    /** Every resource of the tenant. */
    public static ReindexRequest allTypes() {
        return new ReindexRequest(null, DEFAULT_BATCH_SIZE);
    }

    /** Every resource of {@code resourceType}. */
    public static ReindexRequest ofType(String resourceType) {
        return new ReindexRequest(java.util.Objects.requireNonNull(resourceType, "resourceType"), DEFAULT_BATCH_SIZE);
    }

    /** This request with another batch size. */
    public ReindexRequest withBatchSize(int size) {
        return new ReindexRequest(resourceType, size);
    }
}
