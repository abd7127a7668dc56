package dev.polystore.api.tenant;

/**
 * What a caller does with data; the unit of a {@link TenantPermissions} grant.
 *
 * @since 0.1
 */
public enum Operation {
    /** read, vread, exists, count and read-many. */
    READ,
    /** Instance, type and system history. */
    HISTORY,
    /** Searching (including the GET entries of a Bundle that search). */
    SEARCH,
    /** Creating a resource with a server-assigned id, or a client id that does not exist yet. */
    CREATE,
    /** Updating (and patching) an existing resource. */
    UPDATE,
    /** Deleting a resource. */
    DELETE,
    /**
     * Rebuilding the search index of stored resources ({@code reindex}): changes no resource and no version, but is an
     * administrative, potentially long operation, so it is granted separately (by {@link
     * TenantPermissions#fullAccess()} and {@code grantAll()}, not by {@code readOnly()} or {@code grantWrites()}).
     */
    REINDEX;

    /** True for operations that change data. */
    public boolean writes() {
        return this == CREATE || this == UPDATE || this == DELETE;
    }
}
