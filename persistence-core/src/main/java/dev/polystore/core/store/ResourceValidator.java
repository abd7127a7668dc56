package dev.polystore.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.definitions.ResourceTypes;
import dev.polystore.core.json.FhirJson;

/** Checks addresses and resource bodies before anything reaches an engine. */
public final class ResourceValidator {
    private final FhirVersion fhirVersion;
    private final FhirJson json;

    public ResourceValidator(FhirVersion fhirVersion, StorageLimits limits) {
        this.fhirVersion = fhirVersion;
        this.json = new FhirJson(limits);
    }

    public FhirJson json() {
        return json;
    }

    public FhirVersion fhirVersion() {
        return fhirVersion;
    }

    /**
     * Throws unless {@code type} is a resource type of this store's FHIR version.
     *
     * @throws InvalidRequestException naming the type and the version
     */
    public String requireType(String type) {
        if (!ResourceTypes.isDefined(fhirVersion, type)) {
            throw new InvalidRequestException("Unknown resource type " + FhirIds.quote(type) + " for FHIR "
                    + fhirVersion + " (" + fhirVersion.release() + ")");
        }
        return type;
    }

    /** Parses and checks a resource body addressed to {@code type}. */
    public ParsedResource parse(String type, String body) {
        return check(type, json.parse(body, "Resource"));
    }

    /** Checks an already parsed resource tree addressed to {@code type}. */
    public ParsedResource check(String type, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidResourceException("A resource must be a JSON object, got "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode tree = (ObjectNode) node;
        JsonNode rt = tree.get("resourceType");
        if (rt == null) {
            throw new InvalidResourceException("The resource has no 'resourceType'");
        }
        if (!rt.isTextual()) {
            throw new InvalidResourceException("'resourceType' must be a string");
        }
        String bodyType = rt.textValue();
        if (!ResourceTypes.isDefined(fhirVersion, bodyType)) {
            throw new InvalidResourceException("Unknown resource type " + FhirIds.quote(bodyType) + " for FHIR "
                    + fhirVersion + " (" + fhirVersion.release() + ")");
        }
        if (!bodyType.equals(type)) {
            throw new InvalidResourceException(
                    "The resource is a " + FhirIds.quote(bodyType) + " but was addressed as " + FhirIds.quote(type));
        }
        String bodyId = null;
        JsonNode id = tree.get("id");
        if (id != null) {
            if (!id.isTextual()) {
                throw new InvalidResourceException("'id' must be a string");
            }
            bodyId = id.textValue();
        }
        JsonNode meta = tree.get("meta");
        if (meta != null && !meta.isObject()) {
            throw new InvalidResourceException("'meta' must be a JSON object");
        }
        return new ParsedResource(type, bodyId, tree);
    }

    /**
     * Checks the body id against the address id of an update.
     *
     * @throws InvalidRequestException if the body has another id (HTTP 400, as the specification requires)
     */
    public static void requireMatchingId(ParsedResource resource, String addressId) {
        if (resource.bodyId() != null && !resource.bodyId().equals(addressId)) {
            throw new InvalidRequestException("The resource id " + FhirIds.quote(resource.bodyId())
                    + " does not match the id in the address " + FhirIds.quote(addressId));
        }
    }
}
