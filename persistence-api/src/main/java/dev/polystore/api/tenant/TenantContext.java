package dev.polystore.api.tenant;

import dev.polystore.api.error.ForbiddenException;
import java.util.Objects;

/**
 * Who is asking, and whose data is addressed. Every storage operation takes one; no operation runs without it.
 *
 * <p>The embedding application creates contexts after it has authenticated the caller: Polystore trusts the context
 * and enforces it. A backend sees only {@link #tenant()}, which is part of every key it writes and reads, so data of
 * one tenant can never be returned for another.
 *
 * <p>A context addresses the data of its own tenant. To address a child tenant's data the context's permissions must
 * grant it explicitly, through {@link #forChild(TenantId)}; the resulting context keeps the parent as {@link
 * #principal()} and the same operation grants.
 *
 * @param tenant whose data is read and written
 * @param principal the tenant that acts (equal to {@code tenant} unless reached through {@link #forChild})
 * @param permissions what the principal may do
 * @since 0.1
 */
public record TenantContext(TenantId tenant, TenantId principal, TenantPermissions permissions) {

    public TenantContext {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(permissions, "permissions");
        if (!tenant.equals(principal) && !permissions.childAccess(principal, tenant)) {
            throw new ForbiddenException(
                    "Tenant '" + principal + "' has no grant to reach child tenant '" + tenant + "'");
        }
    }

    /** A context with full access to {@code tenant}'s own data. */
    public static TenantContext of(TenantId tenant) {
        return new TenantContext(tenant, tenant, TenantPermissions.fullAccess());
    }

    /** A context with full access to the tenant named {@code tenant}. */
    public static TenantContext of(String tenant) {
        return of(TenantId.of(tenant));
    }

    /** A context with the given permissions on {@code tenant}'s own data. */
    public static TenantContext of(TenantId tenant, TenantPermissions permissions) {
        return new TenantContext(tenant, tenant, permissions);
    }

    /** A full-access context for {@link TenantId#DEFAULT}, for single-tenant applications. */
    public static TenantContext defaultTenant() {
        return of(TenantId.DEFAULT);
    }

    /**
     * A context addressing the data of a descendant tenant, acting as this context's principal.
     *
     * @throws ForbiddenException unless the permissions grant access to {@code child} and it is a descendant
     */
    public TenantContext forChild(TenantId child) {
        if (!permissions.childAccess(principal, child)) {
            throw new ForbiddenException("Tenant '" + principal + "' has no grant to reach child tenant '" + child
                    + "' (grant it with TenantPermissions.builder().allowChildTenant(...))");
        }
        return new TenantContext(child, principal, permissions);
    }

    /**
     * Throws unless {@code operation} on {@code resourceType} is permitted.
     *
     * @throws ForbiddenException naming what was refused
     */
    public void check(Operation operation, String resourceType) {
        permissions.check(principal, operation, resourceType);
    }
}
