package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed and validated FHIRPath Patch: a {@code Parameters} resource whose parameters are all named
 * {@code operation}, each with the parts {@code type} ({@code add | insert | delete | replace | move}), {@code path}
 * (a FHIRPath expression) and, depending on the type, {@code name}, {@code value}, {@code index}, {@code source} and
 * {@code destination}. Paths are compiled once, by {@link #parse}; {@link #apply} works on a copy of the resource and
 * applies the operations in order, all or nothing.
 *
 * <ul>
 *   <li>{@code add}: the path must match exactly one element; the value becomes its child {@code name}: appended to
 *       the list when the element repeats, otherwise set when absent (an error when present). A choice element
 *       ({@code deceased}) is written under the name of the value's type ({@code deceasedBoolean}). On a primitive
 *       only {@code id} and {@code extension} can be added (they go to its {@code _name} sibling).
 *   <li>{@code insert}: the path designates a list (all its matches must be items of one JSON array); the value is
 *       inserted at {@code index}, which is at most the list's size. When the path matches nothing and ends with an
 *       element name ({@code Patient.identifier}), the list is that element of the single match of the rest of the
 *       path, so that an absent list can be started at index 0.
 *   <li>{@code delete}: the path must match at most one element; no match changes nothing. Objects and arrays left
 *       empty are removed.
 *   <li>{@code replace}: the path must match exactly one element, which the value replaces as a whole (extensions
 *       of a replaced primitive go with it unless the value brings its own {@code _value[x]}).
 *   <li>{@code move}: the path designates a list, like for insert; its item at {@code source} ends up at
 *       {@code destination}.
 * </ul>
 *
 * <p>Values are given as {@code value[x]} (its type must be the element's type or derive from it; a primitive's
 * {@code _value[x]} carries its id and extensions), as {@code resource} (for elements that hold a resource), or, for
 * complex and anonymous (backbone) elements, as parts: one part per child element, named like the element, each with
 * its own value or parts. Primitive lists keep their parallel {@code _name} extension arrays aligned.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class FhirPathPatch {

    private final FhirPathEngine engine;
    private final ElementModel model;
    private final List<PatchOperation> operations;

    private FhirPathPatch(FhirPathEngine engine, ElementModel model, List<PatchOperation> operations) {
        this.engine = engine;
        this.model = model;
        this.operations = List.copyOf(operations);
    }

    /**
     * Parses and validates a FHIRPath Patch. Throws {@link InvalidRequestException} (400), naming the operation, if
     * {@code parameters} is not a Parameters resource, a parameter is not an {@code operation}, a part is missing,
     * unknown, repeated or not allowed for the operation type, a path does not compile, or a value has an unknown
     * type or the wrong JSON shape.
     */
    public static FhirPathPatch parse(JsonNode parameters, FhirPathEngine engine) {
        Objects.requireNonNull(engine, "engine");
        if (parameters == null || !parameters.isObject()) {
            throw new InvalidRequestException("FHIRPath Patch must be a Parameters resource (a JSON object)");
        }
        JsonNode resourceType = parameters.get("resourceType");
        if (resourceType == null || !"Parameters".equals(resourceType.asText(null))) {
            throw new InvalidRequestException("FHIRPath Patch must be a Parameters resource, not "
                    + (resourceType == null ? "an object without resourceType" : "a " + resourceType));
        }
        ElementModel model = FhirDefinitions.of(engine.version()).elements();
        PatchOperationParser parser = new PatchOperationParser(engine, model);
        JsonNode params = parameters.get("parameter");
        List<PatchOperation> operations = new ArrayList<>();
        if (params != null) {
            if (!params.isArray()) {
                throw new InvalidRequestException("FHIRPath Patch: Parameters.parameter must be an array");
            }
            for (int i = 0; i < params.size(); i++) {
                operations.add(parser.operation(i, params.get(i)));
            }
        }
        return new FhirPathPatch(engine, model, operations);
    }

    /** The number of operations. */
    public int size() {
        return operations.size();
    }

    /**
     * Applies the operations in order to a copy of {@code resource} and returns the copy; {@code resource} itself is
     * never changed. Throws {@link InvalidResourceException} (422), naming the operation, its type and path, if a
     * path matches no element (except for delete) or several, an index is out of range, a path fails to evaluate, or
     * a value is not allowed where it would go.
     */
    public JsonNode apply(JsonNode resource) {
        Objects.requireNonNull(resource, "resource");
        if (!resource.isObject()) {
            throw InvalidResourceException.unprocessable(
                    "FHIRPath Patch can only be applied to a resource (a JSON object)");
        }
        ObjectNode root = ((ObjectNode) resource).deepCopy();
        for (PatchOperation op : operations) {
            new PatchApplier(engine, model, op, root).run();
        }
        return root;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FhirPathPatch[");
        for (PatchOperation op : operations) {
            if (op.number() > 0) {
                sb.append(", ");
            }
            sb.append(op.type().code).append(' ').append(op.pathText());
        }
        return sb.append(']').toString();
    }
}
