package dev.polystore.core.search;

import dev.polystore.api.FhirVersion;
import dev.polystore.definitions.CompartmentDefinition;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The search parameters, resource types and compartments a search is validated against. The default implementation
 * ({@link #of(FhirVersion)}) serves the official definitions of one FHIR release; a per-tenant overlay of custom
 * SearchParameters can implement this interface and delegate to it. Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public interface SearchParameterRegistry {

    /** The registry of the official definitions of {@code version}. */
    static SearchParameterRegistry of(FhirVersion version) {
        return new DefinitionsSearchParameterRegistry(FhirDefinitions.of(version));
    }

    /** The FHIR release the parameters belong to; it decides which modifiers are allowed. */
    FhirVersion version();

    /**
     * The parameter {@code code} as it applies to {@code resourceType}, including those defined on Resource and
     * DomainResource ({@code _id}, {@code _lastUpdated}, {@code _tag}, {@code _profile}, {@code _security}, {@code
     * _source}, {@code _text}, {@code _content}, {@code _list}, ...). {@code resourceType} may be the abstract {@code
     * Resource} for a search across all types.
     */
    Optional<SearchParameterDefinition> find(String resourceType, String code);

    /** Every parameter that applies to {@code resourceType}, sorted by code; empty for an unknown type. */
    List<SearchParameterDefinition> parametersFor(String resourceType);

    /** The parameter with this canonical url (used for the components of composite parameters). */
    Optional<SearchParameterDefinition> findByUrl(String url);

    /** The concrete resource types of the release, sorted. */
    Set<String> resourceTypes();

    /** Whether {@code type} is a concrete resource type of the release. */
    default boolean isResourceType(String type) {
        return type != null && resourceTypes().contains(type);
    }

    /** The CompartmentDefinition whose code is {@code compartmentType} (Patient, Encounter, ...). */
    Optional<CompartmentDefinition> compartment(String compartmentType);

    /** The CompartmentDefinitions of the release: Patient, Encounter, RelatedPerson, Practitioner, Device. */
    default List<CompartmentDefinition> compartments() {
        return COMPARTMENT_TYPES.stream()
                .map(this::compartment)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The compartment types FHIR R4, R4B and R5 define, in the order of the specification. */
    List<String> COMPARTMENT_TYPES = List.of("Patient", "Encounter", "RelatedPerson", "Practitioner", "Device");

    /** The element model of the release (for {@code _elements}). */
    ElementModel elements();
}
