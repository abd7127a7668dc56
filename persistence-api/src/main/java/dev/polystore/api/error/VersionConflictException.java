package dev.polystore.api.error;

/**
 * The resource changed since the caller read it: the version the caller expected is not the current one, or a
 * concurrent writer won. Nothing was changed; the caller must re-read the resource and decide again.
 *
 * <p>FHIR answers a failed {@code If-Match} with 412 Precondition Failed ({@link #ifMatchFailed}), and other
 * concurrent-modification conflicts, such as two transactions racing for the same new id, with 409 Conflict ({@link
 * #concurrentModification}). OperationOutcome issue code {@code conflict}.
 *
 * @since 0.1
 */
public class VersionConflictException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long currentVersion;

    private VersionConflictException(int status, String message, long expected, long current, Throwable cause) {
        super(status, "conflict", message, cause);
        this.expectedVersion = expected;
        this.currentVersion = current;
    }

    /** The caller's If-Match version is not the current version (HTTP 412). {@code current} 0 means "no resource". */
    public static VersionConflictException ifMatchFailed(String reference, long expected, long current) {
        return new VersionConflictException(
                412,
                "Version conflict on " + reference + ": expected version " + expected + " but the current version is "
                        + (current == 0 ? "none (the resource does not exist)" : current),
                expected,
                current,
                null);
    }

    /** A concurrent writer changed the resource first (HTTP 409). */
    public static VersionConflictException concurrentModification(String reference, String detail) {
        return concurrentModification(reference, detail, null);
    }

    /**
     * A concurrent writer changed the resource first (HTTP 409), as the backend reported it: {@code cause} is the
     * driver's exception (a serialization failure, say), or null.
     */
    public static VersionConflictException concurrentModification(String reference, String detail, Throwable cause) {
        return new VersionConflictException(
                409, "Concurrent modification of " + reference + ": " + detail, 0, 0, cause);
    }

    /** The version the caller expected, or 0 where not applicable. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The current version found, or 0 where none exists or it is unknown. */
    public long currentVersion() {
        return currentVersion;
    }
}
