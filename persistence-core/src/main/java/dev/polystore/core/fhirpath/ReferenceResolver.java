package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Resolves a reference for {@code resolve()}. Returning null falls back to the engine's default: contained resources
 * ({@code #id}), Bundle entries by fullUrl, else a placeholder typed by the reference ({@code Patient/123} resolves to
 * an empty Patient).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReferenceResolver {

    /**
     * The resource {@code reference} points to, or null when unknown.
     *
     * @param reference the reference text ({@code Patient/123}, {@code #p1}, an absolute URL, a canonical)
     * @param rootResource the resource being evaluated (container of contained resources), may be null
     */
    JsonNode resolve(String reference, JsonNode rootResource);
}
