package dev.polystore.api;

import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;

/**
 * Storage that keeps every version: FHIR {@code vread} and {@code history} at instance, type and system level.
 * Thread-safe; tenant-scoped like {@link ResourceStorage}.
 *
 * @since 0.1
 */
public interface VersionedStorage extends ResourceStorage {

    /**
     * Reads one version (FHIR {@code vread}); works for versions written before a delete.
     *
     * @throws ResourceNotFoundException if the resource or that version does not exist
     * @throws ResourceGoneException if that version is a delete tombstone
     */
    StoredResource vread(TenantContext context, String resourceType, String id, long versionId);

    /**
     * Every version of one resource, newest first, tombstones included.
     *
     * @throws ResourceNotFoundException if the resource never existed
     */
    List<StoredResource> versions(TenantContext context, String resourceType, String id);

    /**
     * One page of history, newest first; deletes appear as tombstone entries. An instance history of a resource that
     * never existed is a {@link ResourceNotFoundException}; type and system histories may be empty.
     *
     * @throws UnsupportedCapabilityException if the level, or {@code _at}, is not offered
     */
    HistoryPage history(TenantContext context, HistoryRequest request);
}
