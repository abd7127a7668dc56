package dev.polystore.api.error;

/**
 * The addressed resource exists but its current version is a delete (or the requested version is a delete). Its history can still be read; an update recreates it.
 *
 * <p>HTTP status 410, OperationOutcome issue code {@code deleted}.
 *
 * @since 0.1
 */
public class ResourceGoneException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public ResourceGoneException(String message) {
        super(410, "deleted", message, null);
    }

    public ResourceGoneException(String message, Throwable cause) {
        super(410, "deleted", message, cause);
    }
}
