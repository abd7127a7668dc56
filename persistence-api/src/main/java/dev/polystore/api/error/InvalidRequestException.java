package dev.polystore.api.error;

/**
 * The request itself is malformed: an invalid id or tenant id, an id in the address that differs from the one in the
 * body, an unknown history parameter, a malformed cursor or ETag, a Bundle whose entries contradict each other.
 * Nothing was changed; the caller must correct the request.
 *
 * <p>HTTP status 400, OperationOutcome issue code {@code invalid} (or the code given).
 *
 * @since 0.1
 */
public class InvalidRequestException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(400, "invalid", message, null);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(400, "invalid", message, cause);
    }

    protected InvalidRequestException(int status, String issueCode, String message, Throwable cause) {
        super(status, issueCode, message, cause);
    }
}
