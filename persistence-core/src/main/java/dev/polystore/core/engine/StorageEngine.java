package dev.polystore.core.engine;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.search.ResolvedSearch;
import java.util.function.Function;

/**
 * What a backend implements: keyed storage of resource versions for one tenant at a time, with atomic writes. FHIR
 * semantics (versioning rules, ETags, deletes, history parameters, Bundles, patching, permission checks, validation)
 * live once in {@code EngineFhirStore} on top of this interface; an engine only stores and finds rows.
 *
 * <p>Implementations are thread-safe. Engine failures are thrown as {@code BackendUnavailableException} with the driver
 * exception as cause.
 */
public interface StorageEngine extends AutoCloseable {

    /** The engine's declared capabilities. */
    Capabilities capabilities();

    /** The FHIR release the engine stores. */
    FhirVersion fhirVersion();

    /** Runs read-only work against the tenant's committed data. */
    <T> T read(TenantId tenant, Function<EngineReader, T> work);

    /**
     * Runs work in one atomic write transaction on the tenant: committed if {@code work} returns, rolled back if it
     * throws (the exception propagates).
     */
    <T> T write(TenantId tenant, Function<EngineWriter, T> work);

    /**
     * Whether {@link EngineWriter#attempt} works: a transaction can undo one part of itself and go on. False by
     * default.
     */
    default boolean supportsAttempts() {
        return false;
    }

    /**
     * Runs one page of a resolved, validated search over the tenant's current, live resources. Engines that declare
     * {@code SEARCH} implement it natively; the default refuses.
     *
     * @param cursor null for the first page, else a {@link EngineSearchPage#nextCursor()} this engine produced
     */
    default EngineSearchPage search(TenantId tenant, ResolvedSearch search, String cursor) {
        throw new UnsupportedCapabilityException("This engine does not execute searches");
    }

    /** Begins an explicit transaction on the tenant. */
    EngineTransaction begin(TenantId tenant, TransactionOptions options);

    @Override
    void close();
}
