package dev.polystore.api.tenant;

import dev.polystore.api.error.InvalidRequestException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of a tenant: the unit of data isolation. Every key and every index of every backend contains it.
 *
 * <p>A tenant id is one or more segments joined by {@code /}, for example {@code acme} or {@code acme/clinic-7}. A
 * segment holds 1 to 64 characters from {@code [A-Za-z0-9._-]}, does not start with {@code .} and the whole id is at
 * most 64 characters. The segments form a hierarchy: {@code acme/clinic-7} is a child of {@code acme}. A parent has no
 * implicit access to its children: see {@link TenantPermissions#childAccess()}.
 *
 * <p>Tenant ids are case-sensitive and compared by value.
 *
 * @param value the validated id, as written
 * @since 0.1
 */
public record TenantId(String value) implements Comparable<TenantId> {

    // Declared before DEFAULT: static initialisers run in order.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /** The maximum length of a whole tenant id. */
    public static final int MAX_LENGTH = 64;

    /** The tenant used when a caller does not name one (single-tenant applications). */
    public static final TenantId DEFAULT = new TenantId("default");

    /**
     * Validates and creates a tenant id.
     *
     * @throws InvalidRequestException if {@code value} is null, empty, too long or has characters outside the
     *     allowed set
     */
    public TenantId {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("Tenant id must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidRequestException(
                    "Tenant id is " + value.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        for (String segment : value.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidRequestException("Tenant id '" + printable(value)
                        + "' is invalid: use segments of [A-Za-z0-9._-] (not starting with '.') joined by '/'");
            }
        }
    }

    /** Same as {@code new TenantId(value)}. */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** The parent tenant, or empty for a top-level tenant. */
    public Optional<TenantId> parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(new TenantId(value.substring(0, slash)));
    }

    /** True if this tenant lies strictly below {@code ancestor} in the hierarchy. */
    public boolean isDescendantOf(TenantId ancestor) {
        return value.startsWith(ancestor.value + "/");
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    static String printable(String s) {
        String shortened = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
