package dev.polystore.api.error;

/**
 * The resource content is unacceptable: not JSON, not a JSON object, no or the wrong {@code resourceType}, a type the
 * store's FHIR version does not define, larger or deeper than the store's limits, or a patch that would change
 * {@code resourceType} or {@code id}. Nothing was changed; the caller must correct the resource.
 *
 * <p>HTTP status 400 for content that cannot be parsed as a resource of the addressed type, 413 for a resource over the
 * size limit, 422 for a well-formed resource the store refuses (use the factory methods).
 *
 * @since 0.1
 */
public class InvalidResourceException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public InvalidResourceException(String message) {
        super(400, "invalid", message, null);
    }

    public InvalidResourceException(String message, Throwable cause) {
        super(400, "invalid", message, cause);
    }

    private InvalidResourceException(int status, String issueCode, String message) {
        super(status, issueCode, message, null);
    }

    /** The resource is larger than the store accepts (HTTP 413). */
    public static InvalidResourceException tooLarge(long size, long limit) {
        return new InvalidResourceException(
                413, "too-costly", "Resource is " + size + " bytes; this store accepts at most " + limit);
    }

    /** The resource is well-formed but the store refuses it (HTTP 422). */
    public static InvalidResourceException unprocessable(String message) {
        return new InvalidResourceException(422, "processing", message);
    }
}
