package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A value a {@link FhirPathPatch} operation writes: {@code json} with its FHIR {@code type} (from {@code value[x]}, or
 * the resource type of a {@code resource}) and the primitive extensions {@code ext} ({@code _value[x]}, else null);
 * or, when {@code parts} is not null, an element built from named parts (type null).
 */
record PatchValue(String type, JsonNode json, JsonNode ext, boolean resource, List<Named> parts) {

    /** One part of a value built from parts: the child element {@code name} and its value. */
    record Named(String name, PatchValue value) {}
}
