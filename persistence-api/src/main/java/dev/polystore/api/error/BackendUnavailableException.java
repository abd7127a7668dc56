package dev.polystore.api.error;

/**
 * The engine could not be reached or did not answer in time (connection lost, pool exhausted, writer busy past its timeout). The operation did not take effect; the caller may retry later.
 *
 * <p>HTTP status 503, OperationOutcome issue code {@code transient}.
 *
 * @since 0.1
 */
public class BackendUnavailableException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(503, "transient", message, null);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(503, "transient", message, cause);
    }
}
