package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.json.FhirJson;

/** A parsed patch in either format FHIR defines; applying it returns a new tree and never changes its input. */
@FunctionalInterface
public interface ResourcePatch {

    /** Applies the patch to a copy of {@code resource}. */
    JsonNode apply(JsonNode resource);

    /**
     * Parses a patch by its shape: a JSON array is a JSON Patch (RFC 6902), a {@code Parameters} resource is a
     * FHIRPath Patch. Each format must be among the store's capabilities.
     *
     * @throws InvalidRequestException if it is neither, or malformed
     */
    static ResourcePatch parse(String patch, FhirJson json, FhirVersion version, Capabilities capabilities) {
        JsonNode node = json.parse(patch, "Patch");
        if (node.isArray()) {
            capabilities.require(Capability.JSON_PATCH);
            return JsonPatch.parse(patch)::apply;
        }
        if (node.isObject() && "Parameters".equals(node.path("resourceType").asText(null))) {
            capabilities.require(Capability.FHIRPATH_PATCH);
            return FhirPathPatch.parse(node, FhirPathEngine.forVersion(version))::apply;
        }
        throw new InvalidRequestException(
                "A patch must be a JSON Patch (a JSON array) or a FHIRPath Patch (a Parameters resource)");
    }
}
