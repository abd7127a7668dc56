package dev.polystore.definitions;

import java.util.List;
import java.util.Objects;

/**
 * One element of a FHIR type or backbone element, as the StructureDefinitions declare it.
 *
 * @param name the element name without {@code [x]}, for example {@code value}; in JSON a choice element appears as the
 *     name followed by the capitalised type, for example {@code valueQuantity}
 * @param types the FHIR type codes, for example {@code Quantity}, {@code CodeableConcept}, {@code dateTime},
 *     {@code BackboneElement}; several only for a choice element
 * @param choice whether the element is a choice ({@code value[x]})
 * @param repeating whether the element may repeat (its maximum cardinality is not 1): a JSON array
 * @param childPath where navigation continues below this element: the element path for a backbone element declared in
 *     place (for example {@code Observation.component}), the referenced path for a content reference (for example
 *     {@code Questionnaire.item} for {@code Questionnaire.item.item}), otherwise the type name; null for a choice of
 *     several types (pick one of {@link #types})
 * @param summary whether the definition marks the element {@code isSummary} (part of {@code _summary=true})
 * @param mandatory whether the element's minimum cardinality is above 0 (always returned by {@code _summary} and
 *     {@code _elements})
 * @since 0.1
 */
public record ElementInfo(
        String name,
        List<String> types,
        boolean choice,
        boolean repeating,
        String childPath,
        boolean summary,
        boolean mandatory) {

    public ElementInfo {
        Objects.requireNonNull(name, "name");
        types = List.copyOf(types);
    }

    /** An element that is neither summary nor mandatory. */
    public ElementInfo(String name, List<String> types, boolean choice, boolean repeating, String childPath) {
        this(name, types, choice, repeating, childPath, false, false);
    }
}
