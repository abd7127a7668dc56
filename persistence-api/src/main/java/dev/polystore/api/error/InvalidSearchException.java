package dev.polystore.api.error;

/**
 * A search that cannot be run as written: unknown parameter (in strict handling), unknown or disallowed modifier, bad
 * prefix, malformed value, a chain through a non-reference parameter. The message names the problem. Nothing ran; the
 * caller must correct the query.
 *
 * <p>HTTP status 400, OperationOutcome issue code {@code invalid}.
 *
 * @since 0.1
 */
public class InvalidSearchException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public InvalidSearchException(String message) {
        super(message);
    }

    public InvalidSearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
