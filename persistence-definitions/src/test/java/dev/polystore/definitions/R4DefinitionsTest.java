package dev.polystore.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class R4DefinitionsTest {
    private final FhirDefinitions r4 = FhirDefinitions.of(FhirVersion.R4);

    @Test
    void holdsTheOfficialR4SearchParameters() {
        assertThat(r4.version()).isEqualTo(FhirVersion.R4);
        assertThat(r4.searchParameters()).hasSize(1375);
        Map<SearchParamType, Integer> byType = new EnumMap<>(SearchParamType.class);
        r4.searchParameters().forEach(sp -> byType.merge(sp.type(), 1, Integer::sum));
        assertThat(byType)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        SearchParamType.TOKEN, 536,
                        SearchParamType.REFERENCE, 472,
                        SearchParamType.STRING, 133,
                        SearchParamType.DATE, 109,
                        SearchParamType.COMPOSITE, 46,
                        SearchParamType.URI, 45,
                        SearchParamType.QUANTITY, 27,
                        SearchParamType.NUMBER, 6,
                        SearchParamType.SPECIAL, 1));
        assertThat(r4.searchParameters().stream().filter(sp -> sp.expression() == null))
                .extracting(SearchParameterDefinition::code)
                .containsExactlyInAnyOrder("_text", "_content", "_query");
    }

    @Test
    void spotChecksSearchParameters() {
        SearchParameterDefinition code =
                r4.searchParameter("Observation", "code").orElseThrow();
        assertThat(code.type()).isEqualTo(SearchParamType.TOKEN);
        assertThat(code.expression()).isEqualTo("Observation.code");
        assertThat(code.url()).isEqualTo("http://hl7.org/fhir/SearchParameter/clinical-code");
        assertThat(code.base()).contains("Observation", "Condition", "Procedure");
        // The shared definition keeps its whole expression; per type only that type's branches apply.
        SearchParameterDefinition shared = r4.searchParameters().stream()
                .filter(sp -> sp.url().equals(code.url()))
                .findFirst()
                .orElseThrow();
        assertThat(shared.expression()).startsWith("AllergyIntolerance.code | ").contains(" | Observation.code | ");
        assertThat(r4.searchParameter("MedicationAdministration", "code")
                        .orElseThrow()
                        .expression())
                .isEqualTo("(MedicationAdministration.medication as CodeableConcept)");
        assertThat(r4.searchParameter("AllergyIntolerance", "code")
                        .orElseThrow()
                        .expression())
                .isEqualTo("AllergyIntolerance.code | AllergyIntolerance.reaction.substance");
        assertThat(r4.searchParameter("Condition", "onset-date").orElseThrow().expression())
                .isEqualTo("Condition.onset.as(dateTime) | Condition.onset.as(Period)");

        assertThat(r4.searchParameter("Patient", "name").orElseThrow().type()).isEqualTo(SearchParamType.STRING);

        SearchParameterDefinition subject =
                r4.searchParameter("Observation", "subject").orElseThrow();
        assertThat(subject.type()).isEqualTo(SearchParamType.REFERENCE);
        assertThat(subject.target()).contains("Patient", "Group", "Device", "Location");

        SearchParameterDefinition onset =
                r4.searchParameter("Condition", "onset-date").orElseThrow();
        assertThat(onset.type()).isEqualTo(SearchParamType.DATE);
        assertThat(onset.expression()).contains("as(dateTime)");
        assertThat(onset.comparators()).contains("eq", "ge", "sa", "ap");

        SearchParameterDefinition composite = r4.searchParameter("Observation", "component-code-value-quantity")
                .orElseThrow();
        assertThat(composite.type()).isEqualTo(SearchParamType.COMPOSITE);
        assertThat(composite.expression()).isEqualTo("Observation.component");
        assertThat(composite.multipleOr()).isFalse();
        assertThat(composite.components())
                .containsExactly(
                        new SearchParameterDefinition.Component(
                                "http://hl7.org/fhir/SearchParameter/Observation-component-code", "code"),
                        new SearchParameterDefinition.Component(
                                "http://hl7.org/fhir/SearchParameter/Observation-component-value-quantity",
                                "value.as(Quantity)"));
        assertThat(code.multipleOr()).isTrue();
        assertThat(code.multipleAnd()).isTrue();
    }

    @Test
    void resourceLevelParametersApplyToEveryResourceAndDomainResourceOnlyToDomainResources() {
        assertThat(r4.searchParametersFor("Patient"))
                .extracting(SearchParameterDefinition::code)
                .contains(
                        "_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_text", "name", "birthdate")
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(r4.searchParametersFor("Bundle"))
                .extracting(SearchParameterDefinition::code)
                .contains("_id", "identifier", "composition")
                .doesNotContain("_text");
        assertThat(r4.searchParameter("Bundle", "_text")).isEmpty();
        assertThat(r4.searchParametersFor("NoSuchType")).isEmpty();
        assertThat(r4.searchParameter("Observation", "no-such-code")).isEmpty();
    }

    @Test
    void everyCompositeComponentRefersToAKnownParameter() {
        var urls = r4.searchParameters().stream()
                .map(SearchParameterDefinition::url)
                .toList();
        r4.searchParameters().stream().flatMap(sp -> sp.components().stream()).forEach(c -> assertThat(urls)
                .contains(c.definitionUrl()));
        assertThat(r4.searchParameters().stream().filter(sp -> sp.type() == SearchParamType.COMPOSITE))
                .allSatisfy(sp -> assertThat(sp.components()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void patientCompartment() {
        CompartmentDefinition patient = r4.compartment("Patient").orElseThrow();
        assertThat(patient.code()).isEqualTo("Patient");
        assertThat(patient.paramsByResourceType().get("Observation")).containsExactly("subject", "performer");
        assertThat(patient.params("Patient")).containsExactly("link");
        assertThat(patient.params("Organization")).isEmpty();
        assertThat(patient.paramsByResourceType()).doesNotContainKey("Organization");
        for (String type : new String[] {"Patient", "Encounter", "RelatedPerson", "Practitioner", "Device"}) {
            assertThat(r4.compartment(type)).as(type).isPresent();
        }
        assertThat(r4.compartment("Observation")).isEmpty();
        assertThat(r4.compartment("Encounter").orElseThrow().params("Encounter"))
                .containsExactly("{def}");
    }

    @Test
    void compartmentParamsAreSearchParametersOfTheirType() {
        for (String compartment : new String[] {"Patient", "Encounter", "RelatedPerson", "Practitioner", "Device"}) {
            r4.compartment(compartment).orElseThrow().paramsByResourceType().forEach((type, params) -> params.stream()
                    .filter(p -> !p.equals("{def}"))
                    .forEach(p -> assertThat(r4.searchParameter(type, p))
                            .as(compartment + " " + type + "." + p)
                            .isPresent()));
        }
    }

    @Test
    void isCachedAndShared() {
        assertThat(FhirDefinitions.of(FhirVersion.R4)).isSameAs(r4);
    }
}
