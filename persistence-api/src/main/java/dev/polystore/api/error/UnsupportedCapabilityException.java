package dev.polystore.api.error;

/**
 * The backend does not offer the requested feature, as declared in its {@link dev.polystore.api.capability.Capabilities}. The caller must use another backend or do without the feature.
 *
 * <p>HTTP status 501, OperationOutcome issue code {@code not-supported}.
 *
 * @since 0.1
 */
public class UnsupportedCapabilityException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public UnsupportedCapabilityException(String message) {
        super(501, "not-supported", message, null);
    }

    public UnsupportedCapabilityException(String message, Throwable cause) {
        super(501, "not-supported", message, cause);
    }
}
