package dev.polystore.core.engine;

import java.util.Objects;

/** The key of a resource within a tenant; {@link EngineReader#currentBatch} pages in (type, id) order of these keys. */
public record ResourceKey(String resourceType, String id) {
    public ResourceKey {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
    }
}
