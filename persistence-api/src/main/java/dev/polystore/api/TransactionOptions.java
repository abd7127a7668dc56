package dev.polystore.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How an explicit transaction runs.
 *
 * @param isolation the weakest isolation the caller accepts; a backend may give a stronger one
 * @param timeout how long to wait to begin (for example for the single writer of an embedded engine)
 * @since 0.1
 */
public record TransactionOptions(Isolation isolation, Duration timeout) {

    /** Serializable, waiting up to 30 seconds to begin. */
    public static final TransactionOptions DEFAULT =
            new TransactionOptions(Isolation.SERIALIZABLE, Duration.ofSeconds(30));

    public TransactionOptions {
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The same options with another isolation level. */
    public TransactionOptions withIsolation(Isolation isolation) {
        return new TransactionOptions(isolation, timeout);
    }

    /** Isolation levels, weakest first. */
    public enum Isolation {
        READ_COMMITTED,
        REPEATABLE_READ,
        SERIALIZABLE
    }
}
