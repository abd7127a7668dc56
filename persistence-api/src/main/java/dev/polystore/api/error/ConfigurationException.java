package dev.polystore.api.error;

/**
 * A backend or store was configured wrongly: thrown by {@code build()} of a builder, never on first use.
 *
 * <p>HTTP status 500, OperationOutcome issue code {@code exception}.
 *
 * @since 0.1
 */
public class ConfigurationException extends FhirPersistenceException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(500, "exception", message, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(500, "exception", message, cause);
    }
}
