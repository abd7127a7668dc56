package dev.polystore.api.error;

/**
 * The tenant context does not permit the operation: a read-only tenant writing, an operation or type outside its grants, or a child tenant reached without a grant. Nothing was read or changed; the caller needs other permissions.
 *
 * <p>HTTP status 403, OperationOutcome issue code {@code forbidden}.
 *
 * @since 0.1
 */
public class ForbiddenException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(403, "forbidden", message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(403, "forbidden", message, cause);
    }
}
