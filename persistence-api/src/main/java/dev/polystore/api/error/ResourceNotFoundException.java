package dev.polystore.api.error;

/**
 * The addressed resource, or version, does not exist in this tenant. The caller may create it, or must stop asking for it.
 *
 * <p>HTTP status 404, OperationOutcome issue code {@code not-found}.
 *
 * @since 0.1
 */
public class ResourceNotFoundException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message) {
        super(404, "not-found", message, null);
    }

    public ResourceNotFoundException(String message, Throwable cause) {
        super(404, "not-found", message, cause);
    }
}
