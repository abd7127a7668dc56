package dev.polystore.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource that passed validation: its type, its id in the body (may be null) and its mutable tree, owned by the
 * operation that parsed it.
 */
public record ParsedResource(String resourceType, String bodyId, ObjectNode tree) {}
