package dev.polystore.api;

import java.util.Objects;

/**
 * What a conditional create, update or patch did.
 *
 * @param outcome whether a resource was created, updated, or an existing match returned untouched
 * @param resource the version written, or for {@link Outcome#MATCHED} the match's current version
 * @since 0.1
 */
public record ConditionalResult(Outcome outcome, StoredResource resource) {

    /** Checks the parts are present. */
    public ConditionalResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(resource, "resource");
    }

    /** What happened. */
    public enum Outcome {
        /** Nothing matched and a resource was created (HTTP 201). */
        CREATED,
        /** The one match was updated or patched (HTTP 200). */
        UPDATED,
        /** Conditional create found one match and wrote nothing (HTTP 200). */
        MATCHED
    }

    /** True if this call wrote a new version. */
    public boolean written() {
        return outcome != Outcome.MATCHED;
    }
}
