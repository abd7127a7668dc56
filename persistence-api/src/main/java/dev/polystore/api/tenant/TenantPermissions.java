package dev.polystore.api.tenant;

import dev.polystore.api.error.ForbiddenException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link TenantContext} may do: which {@link Operation}s, on which resource types, and which child tenants it
 * may reach. Immutable and thread-safe.
 *
 * <p>Three shapes cover most applications: {@link #fullAccess()}, {@link #readOnly()} and a {@link #builder()} with
 * grants per operation and resource type. Access to child tenants is never implied: it is granted explicitly with
 * {@link Builder#allowChildTenants()} or {@link Builder#allowChildTenant(TenantId)}.
 *
 * @since 0.1
 */
public final class TenantPermissions {

    private static final TenantPermissions FULL = builder().grantAll().build();
    private static final TenantPermissions READ_ONLY = builder()
            .grant(Operation.READ)
            .grant(Operation.HISTORY)
            .grant(Operation.SEARCH)
            .build();

    /** Operation to the resource types it is granted for; an empty set means every type. */
    private final Map<Operation, Set<String>> grants;

    private final boolean allChildren;
    private final Set<TenantId> children;

    private TenantPermissions(Builder b) {
        EnumMap<Operation, Set<String>> copy = new EnumMap<>(Operation.class);
        b.grants.forEach((op, types) -> copy.put(op, Set.copyOf(types)));
        this.grants = copy;
        this.allChildren = b.allChildren;
        this.children = Set.copyOf(b.children);
    }

    /** Every operation on every resource type; no child tenants. */
    public static TenantPermissions fullAccess() {
        return FULL;
    }

    /** READ, HISTORY and SEARCH on every resource type; no writes; no child tenants. */
    public static TenantPermissions readOnly() {
        return READ_ONLY;
    }

    /** A builder that grants nothing until told to. */
    public static Builder builder() {
        return new Builder();
    }

    /** True if {@code operation} on {@code resourceType} is granted ({@code resourceType} null means "any type"). */
    public boolean allows(Operation operation, String resourceType) {
        Set<String> types = grants.get(operation);
        if (types == null) {
            return false;
        }
        return types.isEmpty() || (resourceType != null && types.contains(resourceType));
    }

    /** True if {@code operation} is granted on every resource type. */
    public boolean allowsOnAllTypes(Operation operation) {
        Set<String> types = grants.get(operation);
        return types != null && types.isEmpty();
    }

    /**
     * Throws unless {@code operation} on {@code resourceType} is granted.
     *
     * @throws ForbiddenException naming the operation, type and tenant
     */
    public void check(TenantId tenant, Operation operation, String resourceType) {
        if (!allows(operation, resourceType)) {
            throw new ForbiddenException("Tenant '" + tenant + "' is not permitted to " + operation
                    + (resourceType == null ? "" : " " + resourceType));
        }
    }

    /** Explicitly granted child-tenant access. */
    public boolean childAccess(TenantId self, TenantId child) {
        return child.isDescendantOf(self) && (allChildren || children.contains(child));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantPermissions p
                && grants.equals(p.grants)
                && allChildren == p.allChildren
                && children.equals(p.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(grants, allChildren, children);
    }

    @Override
    public String toString() {
        return "TenantPermissions" + grants
                + (allChildren ? " +all children" : children.isEmpty() ? "" : " +" + children);
    }

    /** Builds {@link TenantPermissions}; not thread-safe. */
    public static final class Builder {
        private final Map<Operation, Set<String>> grants = new EnumMap<>(Operation.class);
        private boolean allChildren;
        private final Set<TenantId> children = new java.util.HashSet<>();

        private Builder() {}

        /** Grants every operation on every type. */
        public Builder grantAll() {
            for (Operation op : Operation.values()) {
                grant(op);
            }
            return this;
        }

        /** Grants {@code operation} on every resource type. */
        public Builder grant(Operation operation) {
            grants.put(Objects.requireNonNull(operation), Set.of());
            return this;
        }

        /** Grants {@code operation} on the named resource types only (adds to earlier type grants). */
        public Builder grant(Operation operation, String... resourceTypes) {
            Objects.requireNonNull(operation);
            if (resourceTypes.length == 0) {
                throw new IllegalArgumentException("name at least one resource type, or use grant(operation)");
            }
            Set<String> existing = grants.get(operation);
            if (existing != null && existing.isEmpty()) {
                return this; // already granted on every type
            }
            Set<String> types = existing == null ? new java.util.HashSet<>() : new java.util.HashSet<>(existing);
            for (String t : resourceTypes) {
                types.add(Objects.requireNonNull(t));
            }
            grants.put(operation, types);
            return this;
        }

        /** Grants every write operation on every type. */
        public Builder grantWrites() {
            for (Operation op : EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE)) {
                grant(op);
            }
            return this;
        }

        /** Allows {@link TenantContext#forChild(TenantId)} to reach any descendant tenant. */
        public Builder allowChildTenants() {
            this.allChildren = true;
            return this;
        }

        /** Allows {@link TenantContext#forChild(TenantId)} to reach this one descendant tenant. */
        public Builder allowChildTenant(TenantId child) {
            children.add(Objects.requireNonNull(child));
            return this;
        }

        public TenantPermissions build() {
            return new TenantPermissions(this);
        }
    }
}
