package dev.polystore.api.error;

/**
 * A condition the caller attached cannot be met: a conditional create, update, delete or patch whose criteria match
 * more than one resource, or {@code If-None-Match: *} on a resource that exists. Nothing was changed; the caller must
 * make the condition more selective or drop it.
 *
 * <p>HTTP status 412, OperationOutcome issue code {@code conflict}. (A failed {@code If-Match} is a {@link
 * VersionConflictException}.)
 *
 * @since 0.1
 */
public class PreconditionFailedException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message) {
        super(412, "conflict", message, null);
    }
}
