package dev.polystore.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherReleasesTest {
    private final FhirDefinitions r4b = FhirDefinitions.of(FhirVersion.R4B);
    private final FhirDefinitions r5 = FhirDefinitions.of(FhirVersion.R5);

    private static Map<SearchParamType, Integer> countByType(FhirDefinitions definitions) {
        Map<SearchParamType, Integer> byType = new EnumMap<>(SearchParamType.class);
        definitions.searchParameters().forEach(sp -> byType.merge(sp.type(), 1, Integer::sum));
        return byType;
    }

    @Test
    void r4bSearchParameters() {
        assertThat(r4b.version()).isEqualTo(FhirVersion.R4B);
        assertThat(r4b.searchParameters()).hasSize(1414);
        assertThat(countByType(r4b))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        SearchParamType.TOKEN, 566,
                        SearchParamType.REFERENCE, 479,
                        SearchParamType.STRING, 135,
                        SearchParamType.DATE, 106,
                        SearchParamType.URI, 48,
                        SearchParamType.COMPOSITE, 46,
                        SearchParamType.QUANTITY, 27,
                        SearchParamType.NUMBER, 6,
                        SearchParamType.SPECIAL, 1));
        assertThat(r4b.searchParameters().stream().filter(sp -> sp.expression() == null))
                .hasSize(8);
        // R4B defines _text on Resource and on DomainResource: the more specific one wins.
        assertThat(r4b.searchParameter("Patient", "_text").orElseThrow().url())
                .isEqualTo("http://hl7.org/fhir/SearchParameter/DomainResource-text");
        assertThat(r4b.searchParameter("Bundle", "_text").orElseThrow().url())
                .isEqualTo("http://hl7.org/fhir/SearchParameter/Resource-text");
        assertThat(r4b.searchParameter("Observation", "code").orElseThrow().expression())
                .isEqualTo("Observation.code");
        assertThat(r4b.compartment("Patient").orElseThrow().params("Observation"))
                .containsExactly("subject", "performer");
    }

    @Test
    void r5SearchParametersLeaveTheSpecExamplesOut() {
        // The core package holds 1244 SearchParameter files; 5 are spec examples (example, example-constraint,
        // example-extension, example-reference, filter).
        assertThat(r5.version()).isEqualTo(FhirVersion.R5);
        assertThat(r5.searchParameters()).hasSize(1239);
        assertThat(countByType(r5))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        SearchParamType.TOKEN, 514,
                        SearchParamType.REFERENCE, 467,
                        SearchParamType.STRING, 88,
                        SearchParamType.DATE, 84,
                        SearchParamType.URI, 31,
                        SearchParamType.COMPOSITE, 26,
                        SearchParamType.QUANTITY, 15,
                        SearchParamType.SPECIAL, 10,
                        SearchParamType.NUMBER, 4));
        assertThat(r5.searchParameters())
                .extracting(SearchParameterDefinition::url)
                .doesNotContain(
                        "http://hl7.org/fhir/SearchParameter/example",
                        "http://hl7.org/fhir/SearchParameter/example-reference",
                        "http://hl7.org/fhir/SearchParameter/filter")
                .doesNotHaveDuplicates();
        assertThat(r5.searchParameter("Patient", "_id").orElseThrow().url())
                .isEqualTo("http://hl7.org/fhir/SearchParameter/Resource-id");
        assertThat(r5.searchParameter("Condition", "subject").orElseThrow().url())
                .isEqualTo("http://hl7.org/fhir/SearchParameter/Condition-subject");
    }

    @Test
    void r5DefinitionWithSeveralBasesAppliesToEachBase() {
        SearchParameterDefinition patient =
                r5.searchParameter("AllergyIntolerance", "patient").orElseThrow();
        assertThat(patient.url()).isEqualTo("http://hl7.org/fhir/SearchParameter/clinical-patient");
        assertThat(patient.base()).hasSizeGreaterThan(30).contains("AllergyIntolerance", "Account");
        assertThat(patient.expression()).isEqualTo("AllergyIntolerance.patient");
        assertThat(r5.searchParameters())
                .filteredOn(sp -> sp.url().equals(patient.url()))
                .singleElement()
                .satisfies(sp -> assertThat(sp.expression()).contains(" | AllergyIntolerance.patient | "));
        for (String base : patient.base()) {
            SearchParameterDefinition forBase =
                    r5.searchParameter(base, "patient").orElseThrow();
            assertThat(forBase.url()).as(base).isEqualTo(patient.url());
            assertThat(forBase.expression()).as(base).startsWith(base + ".");
            assertThat(r5.searchParametersFor(base)).as(base).contains(forBase);
        }
        assertThat(r5.searchParameter("Patient", "_in")).isPresent(); // new in R5
        assertThat(r5.searchParametersFor("ActorDefinition")).isNotEmpty();
    }

    @Test
    void r5Compartments() {
        CompartmentDefinition patient = r5.compartment("Patient").orElseThrow();
        assertThat(patient.params("Observation")).contains("subject", "performer");
        assertThat(r5.compartment("Device")).isPresent();
        assertThat(r5.compartment("Encounter").orElseThrow().params("Encounter"))
                .containsExactly("{def}");
    }
}
