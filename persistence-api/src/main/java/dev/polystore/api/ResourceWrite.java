package dev.polystore.api;

import java.util.Objects;

/**
 * One resource for the bulk write path: with an id it is written with PUT semantics (create or update), without one
 * it is created with a server-assigned id.
 *
 * @param resourceType the resource type; must match the JSON's {@code resourceType}
 * @param id the id to write, or null to let the store assign one
 * @param json the resource JSON
 * @since 0.1
 */
public record ResourceWrite(String resourceType, String id, String json) {
    public ResourceWrite {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(json, "json");
    }

    /** A write of {@code json} with the id and type it carries (or a new id when it has none). */
    public static ResourceWrite of(String resourceType, String id, String json) {
        return new ResourceWrite(resourceType, id, json);
    }
}
