package dev.polystore.api;

import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantContext;
import java.util.Collection;
import java.util.List;

/**
 * Tenant-scoped storage of current FHIR resources: the FHIR {@code create}, {@code read}, {@code update}, {@code
 * patch} and {@code delete} interactions.
 *
 * <p><b>Every method</b> takes a {@link TenantContext}: it is checked against the operation before anything reaches
 * the engine ({@link ForbiddenException}), and only that tenant's data is read or written. Ids are FHIR ids ({@code
 * [A-Za-z0-9\-\.]{1,64}}); anything else is an {@link InvalidRequestException}. Resource JSON is checked before
 * anything is written: it must be a JSON object of the addressed {@code resourceType}, of a type the store's FHIR
 * version defines, and within the store's {@link StorageLimits} ({@link InvalidResourceException}). A failed call
 * changes nothing.
 *
 * <p>Versions count from 1 and grow by one with every change, deletes included. The store sets {@code id}, {@code
 * meta.versionId} and {@code meta.lastUpdated} in the JSON it keeps; the rest of the JSON is kept as given.
 *
 * <p>Implementations are thread-safe: any number of threads may call any method at once. A returned version is
 * durable: once a write method returns, the write survives a crash of the process (see {@code Capability.DURABLE}).
 * Engine failures surface as {@link BackendUnavailableException}.
 *
 * @since 0.1
 */
public interface ResourceStorage {

    /** What this store offers. */
    Capabilities capabilities();

    /** The FHIR release this store holds. */
    FhirVersion fhirVersion();

    /**
     * Creates a resource with a new server-assigned id (FHIR {@code create}). An {@code id} in the JSON is ignored, as
     * the specification requires.
     *
     * @return version 1 of the new resource
     */
    StoredResource create(TenantContext context, String resourceType, String json);

    /**
     * Creates or updates the resource with a client-given id (FHIR {@code update}, HTTP PUT). The JSON's {@code id},
     * if present, must equal {@code id}. Writing to a deleted resource recreates it with the next version number.
     *
     * @return the new version ({@link ChangeKind#CREATE} if there was no live resource, else {@link
     *     ChangeKind#UPDATE})
     * @throws InvalidRequestException if the JSON's id differs from {@code id}
     */
    StoredResource update(TenantContext context, String resourceType, String id, String json);

    /**
     * Updates the resource only if its current version is {@code expectedVersion} (FHIR {@code If-Match}), atomically:
     * of several callers expecting the same version exactly one succeeds.
     *
     * @throws VersionConflictException (412) if the current version differs or the resource does not exist
     */
    StoredResource updateIfMatch(
            TenantContext context, String resourceType, String id, String json, long expectedVersion);

    /**
     * Applies a patch to the current version and stores the result as a new version. Two formats, told apart by
     * shape: a JSON Patch (RFC 6902; a JSON array; capability {@code JSON_PATCH}) or a FHIRPath Patch (a {@code
     * Parameters} resource; capability {@code FHIRPATH_PATCH}). The patch may not change {@code resourceType} or
     * {@code id}.
     *
     * @throws ResourceNotFoundException if the resource does not exist
     * @throws ResourceGoneException if it is deleted
     * @throws InvalidRequestException (400) if the patch document is malformed
     * @throws InvalidResourceException (422) if it cannot be applied (a {@code test} fails, a path is missing) or the
     *     result is not a valid resource of the same type and id
     */
    StoredResource patch(TenantContext context, String resourceType, String id, String patch);

    /** {@link #patch} against an expected version. */
    StoredResource patchIfMatch(
            TenantContext context, String resourceType, String id, String jsonPatch, long expectedVersion);

    /**
     * Reads the current version (FHIR {@code read}).
     *
     * @throws ResourceNotFoundException if the resource never existed in this tenant
     * @throws ResourceGoneException if its current version is a delete
     */
    StoredResource read(TenantContext context, String resourceType, String id);

    /** True if the resource exists and is not deleted. */
    boolean exists(TenantContext context, String resourceType, String id);

    /**
     * Reads the current versions of several resources of one type. Missing and deleted ones are left out; the others
     * come in the order of {@code ids} (duplicates once).
     */
    List<StoredResource> readMany(TenantContext context, String resourceType, Collection<String> ids);

    /** The number of live (not deleted) resources of a type. */
    long count(TenantContext context, String resourceType);

    /** The number of live resources of every type in the tenant. */
    long countAll(TenantContext context);

    /**
     * Deletes the resource (FHIR {@code delete}): a tombstone version is added to its history; earlier versions stay
     * readable through vread and history. Deleting a missing or already deleted resource changes nothing and succeeds,
     * as the specification allows.
     *
     * @return the tombstone version, or null if nothing was deleted
     */
    StoredResource delete(TenantContext context, String resourceType, String id);

    /**
     * Deletes the resource only if its current version is {@code expectedVersion}.
     *
     * @return the tombstone version
     * @throws VersionConflictException (412) if the current version differs, or the resource does not exist
     */
    StoredResource deleteIfMatch(TenantContext context, String resourceType, String id, long expectedVersion);

    /**
     * The bulk write path for loaders: writes many resources, as many per engine transaction as the backend can
     * (in one transaction for small lists). Each write is validated first; if any is invalid, nothing is written.
     * A write with an id has PUT semantics; without one it creates.
     *
     * @return the stored versions in the order of {@code writes}
     */
    List<StoredResource> writeBulk(TenantContext context, List<ResourceWrite> writes);
}
