package dev.polystore.api;

import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;

/**
 * Explicit transactions, and FHIR batch and transaction Bundles. Thread-safe.
 *
 * @since 0.1
 */
public interface TransactionProvider {

    /**
     * Begins a transaction on the context's tenant.
     *
     * @throws UnsupportedCapabilityException if the backend has no atomic transactions
     * @throws BackendUnavailableException if it could not begin within {@link TransactionOptions#timeout()}
     */
    StorageTransaction begin(TenantContext context, TransactionOptions options);

    /** {@link #begin(TenantContext, TransactionOptions)} with {@link TransactionOptions#DEFAULT}. */
    default StorageTransaction begin(TenantContext context) {
        return begin(context, TransactionOptions.DEFAULT);
    }

    /**
     * Processes a FHIR {@code batch} or {@code transaction} Bundle and returns the response Bundle ({@code
     * batch-response} / {@code transaction-response}) as JSON, one entry per request entry in request order, each with
     * {@code response.status}, and {@code location}, {@code etag} and {@code lastModified} where a resource was written.
     *
     * <p>A transaction is all-or-nothing: entries run in the order DELETE, POST, PUT/PATCH, GET; {@code urn:uuid:}
     * and other {@code fullUrl}s of created resources are rewritten to the new ids everywhere in the Bundle; if any
     * entry fails, no entry takes effect and the failure is thrown, located at its entry. Two entries writing the same
     * resource are refused up front. A backend without atomic transactions refuses transaction Bundles up front.
     *
     * <p>A batch runs entries independently; a failing entry gets its error status and an OperationOutcome in its
     * response entry and does not affect the others.
     *
     * @param bundleJson the Bundle
     * @param progress told after each entry is processed (for loaders' progress bars); may be null
     */
    String processBundle(TenantContext context, String bundleJson, BundleProgress progress);

    /** {@link #processBundle(TenantContext, String, BundleProgress)} without progress reporting. */
    default String processBundle(TenantContext context, String bundleJson) {
        return processBundle(context, bundleJson, null);
    }

    /** Told about the progress of a Bundle. */
    @FunctionalInterface
    interface BundleProgress {
        /** Called after entry {@code done} of {@code total} was processed (1-based, processing order). */
        void entryProcessed(int done, int total);
    }
}
