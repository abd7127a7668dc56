package dev.polystore.definitions;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The element model of one FHIR release: every datatype (primitive and complex), every resource, and the abstract
 * types (Resource, DomainResource, Element, BackboneElement, and in R5 also Base, DataType, PrimitiveType, ...), so
 * that navigation works from any type. Paths are either a type name ({@code Observation}, {@code Quantity}) or the path
 * of a backbone element ({@code Observation.component}); inherited elements are found through the base types
 * ({@code ("Patient", "id")} comes from Resource, {@code ("Observation.component", "extension")} from Element).
 *
 * @since 0.1
 */
public interface ElementModel {

    /**
     * The element {@code name} of a type or backbone path, for example ({@code "Observation"}, {@code "value"}),
     * ({@code "Observation.component"}, {@code "code"}) or ({@code "Quantity"}, {@code "unit"}). The name of a choice
     * element is given without {@code [x]}; a trailing {@code [x]} is ignored.
     */
    Optional<ElementInfo> element(String parentPath, String name);

    /** All elements of a type or backbone path, inherited ones first; empty for an unknown path or a primitive. */
    List<ElementInfo> children(String parentPath);

    /** Whether {@code typeName} is a resource type, including the abstract Resource and DomainResource. */
    boolean isResourceType(String typeName);

    /** Whether {@code typeName} is a FHIR primitive type: boolean, string, date, dateTime, code, uri, ... */
    boolean isPrimitiveType(String typeName);

    /** Whether {@code typeName} is a type of this release (datatype, resource or abstract type). */
    boolean isType(String typeName);

    /** The type {@code typeName} derives from: Patient → DomainResource, Age → Quantity, code → string. */
    Optional<String> baseType(String typeName);

    /** The concrete (not abstract) resource types, sorted. */
    Set<String> resourceTypes();
}
