package dev.polystore.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElementModelTest {
    private final ElementModel r4 = FhirDefinitions.of(FhirVersion.R4).elements();

    @Test
    void choiceElement() {
        ElementInfo value = r4.element("Observation", "value").orElseThrow();
        assertThat(value.name()).isEqualTo("value");
        assertThat(value.choice()).isTrue();
        assertThat(value.repeating()).isFalse();
        assertThat(value.types())
                .containsExactlyInAnyOrder(
                        "Quantity",
                        "CodeableConcept",
                        "string",
                        "boolean",
                        "integer",
                        "Range",
                        "Ratio",
                        "SampledData",
                        "time",
                        "dateTime",
                        "Period");
        assertThat(value.childPath()).isNull();
        assertThat(r4.element("Observation", "value[x]")).contains(value);
        assertThat(r4.element("Observation", "valueQuantity")).isEmpty();
    }

    /** isSummary and min > 0 as the R4/R4B/R5 StructureDefinitions declare them (Σ and 1.. in the spec tables). */
    @ParameterizedTest
    @EnumSource(FhirVersion.class)
    void summaryAndMandatoryFlags(FhirVersion version) {
        ElementModel model = FhirDefinitions.of(version).elements();
        ElementInfo status = model.element("Observation", "status").orElseThrow();
        assertThat(status.summary()).isTrue();
        assertThat(status.mandatory()).isTrue();
        ElementInfo code = model.element("Observation", "code").orElseThrow();
        assertThat(code.summary()).isTrue();
        assertThat(code.mandatory()).isTrue();
        ElementInfo note = model.element("Observation", "note").orElseThrow();
        assertThat(note.summary()).isFalse();
        assertThat(note.mandatory()).isFalse();
        ElementInfo birthDate = model.element("Patient", "birthDate").orElseThrow();
        assertThat(birthDate.summary()).isTrue();
        assertThat(birthDate.mandatory()).isFalse();
        assertThat(model.element("Patient", "contact").orElseThrow().summary()).isFalse();
        assertThat(model.element("Patient", "id").orElseThrow().summary()).isTrue(); // inherited from Resource
        assertThat(model.element("Patient", "meta").orElseThrow().summary()).isTrue();
        assertThat(model.element("Patient", "text").orElseThrow().summary()).isFalse();
        ElementInfo componentCode =
                model.element("Observation.component", "code").orElseThrow();
        assertThat(componentCode.summary()).isTrue();
        assertThat(componentCode.mandatory()).isTrue();
        assertThat(model.element("List.entry", "item").orElseThrow().mandatory())
                .isTrue();
        assertThat(model.element("Extension", "url").orElseThrow().mandatory()).isTrue();
    }

    @Test
    void simpleElements() {
        ElementInfo birthDate = r4.element("Patient", "birthDate").orElseThrow();
        assertThat(birthDate.types()).containsExactly("date");
        assertThat(birthDate.repeating()).isFalse();
        assertThat(birthDate.choice()).isFalse();

        ElementInfo name = r4.element("Patient", "name").orElseThrow();
        assertThat(name.types()).containsExactly("HumanName");
        assertThat(name.repeating()).isTrue();
        assertThat(name.childPath()).isEqualTo("HumanName");
        assertThat(r4.element(name.childPath(), "family").orElseThrow().types()).containsExactly("string");

        assertThat(r4.element("Quantity", "unit").orElseThrow().types()).containsExactly("string");
        assertThat(r4.element("Patient", "noSuchElement")).isEmpty();
        assertThat(r4.element("NoSuchType", "id")).isEmpty();
    }

    @Test
    void backboneElements() {
        ElementInfo component = r4.element("Observation", "component").orElseThrow();
        assertThat(component.types()).containsExactly("BackboneElement");
        assertThat(component.repeating()).isTrue();
        assertThat(component.childPath()).isEqualTo("Observation.component");

        ElementInfo componentValue =
                r4.element("Observation.component", "value").orElseThrow();
        assertThat(componentValue.choice()).isTrue();
        assertThat(componentValue.types()).contains("Quantity", "CodeableConcept");
        assertThat(r4.element("Observation.component", "code").orElseThrow().types())
                .containsExactly("CodeableConcept");
        // contentReference: Observation.component.referenceRange -> #Observation.referenceRange
        assertThat(r4.element("Observation.component", "referenceRange")
                        .orElseThrow()
                        .childPath())
                .isEqualTo("Observation.referenceRange");

        ElementInfo item = r4.element("Questionnaire.item", "item").orElseThrow();
        assertThat(item.childPath()).isEqualTo("Questionnaire.item");
        assertThat(item.types()).containsExactly("BackboneElement");
        assertThat(item.repeating()).isTrue();
        assertThat(r4.element(item.childPath(), "linkId")).isPresent();
    }

    @Test
    void inheritedElementsComeFromTheBaseTypes() {
        assertThat(r4.element("Patient", "id")).isPresent();
        assertThat(r4.element("Patient", "meta").orElseThrow().types()).containsExactly("Meta");
        assertThat(r4.element("Patient", "extension").orElseThrow().repeating()).isTrue();
        assertThat(r4.element("Observation.component", "extension")).isPresent();
        assertThat(r4.element("Observation.component", "modifierExtension")).isPresent();
        assertThat(r4.element("Age", "unit").orElseThrow().types()).containsExactly("string");
        assertThat(r4.element("HumanName", "extension")).isPresent();
        assertThat(r4.element("Bundle", "text")).isEmpty(); // Bundle is no DomainResource
        assertThat(r4.children("Patient"))
                .extracting(ElementInfo::name)
                .startsWith("id", "meta", "implicitRules", "language", "text")
                .contains("birthDate", "name")
                .doesNotHaveDuplicates();
        assertThat(r4.children("string")).isEmpty();
    }

    @Test
    void types() {
        assertThat(r4.baseType("Age")).contains("Quantity");
        assertThat(r4.baseType("Patient")).contains("DomainResource");
        assertThat(r4.baseType("DomainResource")).contains("Resource");
        assertThat(r4.baseType("code")).contains("string");
        assertThat(r4.baseType("Resource")).isEmpty();
        assertThat(r4.baseType("NoSuchType")).isEmpty();
        assertThat(r4.isPrimitiveType("dateTime")).isTrue();
        assertThat(r4.isPrimitiveType("code")).isTrue();
        assertThat(r4.isPrimitiveType("HumanName")).isFalse();
        assertThat(r4.isResourceType("Patient")).isTrue();
        assertThat(r4.isResourceType("HumanName")).isFalse();
        assertThat(r4.isResourceType("DomainResource")).isTrue();
        assertThat(r4.isType("BackboneElement")).isTrue();
        assertThat(r4.resourceTypes())
                .hasSize(146)
                .contains("Patient", "Bundle")
                .doesNotContain("DomainResource");
    }

    @Test
    void releaseSpecificTypes() {
        ElementModel r4b = FhirDefinitions.of(FhirVersion.R4B).elements();
        ElementModel r5 = FhirDefinitions.of(FhirVersion.R5).elements();
        assertThat(r5.isResourceType("ActorDefinition")).isTrue();
        assertThat(r5.element("ActorDefinition", "url")).isPresent();
        assertThat(r4.isResourceType("ActorDefinition")).isFalse();
        assertThat(r4b.isResourceType("ActorDefinition")).isFalse();
        assertThat(r4b.resourceTypes()).hasSize(141);
        assertThat(r5.resourceTypes()).hasSize(158);
        assertThat(r5.baseType("Quantity")).contains("DataType");
        assertThat(r5.element("Quantity", "extension")).isPresent();
        assertThat(r5.element("Questionnaire.item", "item").orElseThrow().childPath())
                .isEqualTo("Questionnaire.item");
    }

    /** Every element of every type resolves its types, and navigation never reaches a dead end. */
    @ParameterizedTest
    @EnumSource(FhirVersion.class)
    void everyPathResolves(FhirVersion version) {
        ElementModel model = FhirDefinitions.of(version).elements();
        Deque<String> todo = new ArrayDeque<>(model.resourceTypes());
        Set<String> seen = new HashSet<>(todo);
        int elements = 0;
        while (!todo.isEmpty()) {
            String path = todo.pop();
            for (ElementInfo e : model.children(path)) {
                elements++;
                assertThat(e.types()).as(path + "." + e.name()).isNotEmpty();
                e.types().forEach(t -> assertThat(model.isType(t))
                        .as(path + "." + e.name() + ": " + t)
                        .isTrue());
                assertThat(model.element(path, e.name())).contains(e);
                for (String next : e.childPath() == null ? e.types() : java.util.List.of(e.childPath())) {
                    if (seen.add(next)) {
                        todo.add(next);
                    }
                }
            }
            if (!model.isResourceType(path) && !model.isPrimitiveType(path)) {
                assertThat(model.element(path, "extension")).as(path).isPresent();
            }
        }
        assertThat(elements).isGreaterThan(1000);
    }
}
