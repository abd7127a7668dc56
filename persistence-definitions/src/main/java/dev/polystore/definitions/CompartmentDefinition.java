package dev.polystore.definitions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An official FHIR CompartmentDefinition: which resources belong to a compartment such as {@code Patient/123}, and
 * through which search parameters. A resource belongs to the compartment of a given resource when any of the listed
 * parameters refers to it. The special param {@code {def}} means the compartment resource itself.
 *
 * @param code the compartment type: Patient, Encounter, RelatedPerson, Practitioner or Device
 * @param paramsByResourceType the search parameter codes per resource type, sorted by type; types that are not in the
 *     compartment are absent
 * @since 0.1
 */
public record CompartmentDefinition(String code, Map<String, List<String>> paramsByResourceType) {

    public CompartmentDefinition {
        Objects.requireNonNull(code, "code");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        paramsByResourceType.forEach((type, params) -> copy.put(type, List.copyOf(params)));
        paramsByResourceType = Collections.unmodifiableMap(copy);
    }

    /** The parameters that put a resource of {@code resourceType} in this compartment; empty if it is not in it. */
    public List<String> params(String resourceType) {
        return paramsByResourceType.getOrDefault(resourceType, List.of());
    }
}
