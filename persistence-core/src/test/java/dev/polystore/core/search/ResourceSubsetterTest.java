package dev.polystore.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.ResolvedSearch.SummaryMode;
import dev.polystore.definitions.FhirDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The views of R4 search.html 3.1.1.5.8 (_summary) and 3.1.1.5.9 (_elements), element by element. */
class ResourceSubsetterTest {
    private final ResourceSubsetter r4 =
            new ResourceSubsetter(FhirDefinitions.of(FhirVersion.R4).elements());
    private final ResourceSubsetter r5 =
            new ResourceSubsetter(FhirDefinitions.of(FhirVersion.R5).elements());

    private static final String PATIENT =
            """
            {"resourceType": "Patient", "id": "p1",
             "meta": {"versionId": "2", "lastUpdated": "2024-01-01T00:00:00.000Z",
                      "tag": [{"system": "urn:s", "code": "t"}]},
             "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Eve</div>"},
             "extension": [{"url": "urn:e", "valueString": "x"}],
             "identifier": [{"system": "urn:mrn", "value": "1"}],
             "name": [{"family": "Doe", "given": ["Eve"], "extension": [{"url": "urn:n", "valueCode": "c"}]}],
             "birthDate": "1970-01-01", "_birthDate": {"extension": [{"url": "urn:b", "valueBoolean": true}]},
             "maritalStatus": {"text": "married"},
             "contact": [{"name": {"family": "Roe"}}],
             "communication": [{"language": {"text": "en"}, "preferred": true}],
             "link": [{"other": {"reference": "Patient/p2"}, "type": "seealso"}]}""";

    private static final String OBSERVATION =
            """
            {"resourceType": "Observation", "id": "o1",
             "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">x</div>"},
             "status": "final", "category": [{"text": "vital-signs"}], "code": {"text": "weight"},
             "subject": {"reference": "Patient/p1"}, "valueQuantity": {"value": 1.50, "unit": "kg"},
             "interpretation": [{"text": "normal"}], "note": [{"text": "n"}],
             "component": [{"code": {"text": "c"}, "valueString": "v", "interpretation": [{"text": "high"}],
                            "referenceRange": [{"text": "r"}]}]}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) FhirJson.TRUSTED.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.properties().forEach(p -> keys.add(p.getKey()));
        return keys;
    }

    private static boolean isSubsetted(JsonNode resource) {
        for (JsonNode tag : resource.path("meta").path("tag")) {
            if (tag.path("system").asText().equals(ResourceSubsetter.SUBSETTED_SYSTEM)
                    && tag.path("code").asText().equals("SUBSETTED")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void summaryTrueKeepsSummaryElementsOnly() {
        ObjectNode patient = json(PATIENT);
        ObjectNode view = r4.subset(patient, SummaryMode.TRUE, Set.of());
        assertThat(keys(view))
                .containsExactly("resourceType", "id", "meta", "identifier", "name", "birthDate", "_birthDate", "link");
        // datatype values stay whole, extensions inside them included
        assertThat(view.get("name")).isEqualTo(patient.get("name"));
        // meta keeps what it had and gains the tag
        assertThat(view.at("/meta/tag/0/code").asText()).isEqualTo("t");
        assertThat(view.at("/meta/versionId").asText()).isEqualTo("2");
        assertThat(isSubsetted(view)).isTrue();
        // the input is unchanged
        assertThat(patient).isEqualTo(json(PATIENT));
    }

    @Test
    void summaryTrueRecursesIntoBackboneElements() {
        ObjectNode view = r4.subset(json(OBSERVATION), SummaryMode.TRUE, Set.of());
        assertThat(keys(view))
                .containsExactly(
                        "resourceType", "id", "meta", "status", "code", "subject", "valueQuantity", "component");
        // component.code and component.value[x] are summary; interpretation and referenceRange are not
        assertThat(keys(view.at("/component/0"))).containsExactly("code", "valueString");
        // decimals keep their written precision
        assertThat(view.at("/valueQuantity/value").toString()).isEqualTo("1.50");
        assertThat(isSubsetted(view)).isTrue();
    }

    @Test
    void metaIsAddedAfterIdWhenAbsent() {
        ObjectNode view = r4.subset(json(OBSERVATION), SummaryMode.TEXT, Set.of());
        assertThat(keys(view)).containsExactly("resourceType", "id", "meta", "text", "status", "code");
        assertThat(view.at("/meta/tag")).hasSize(1);
        assertThat(isSubsetted(view)).isTrue();
    }

    @Test
    void summaryTextKeepsTextIdMetaAndMandatoryElements() {
        ObjectNode view = r4.subset(json(PATIENT), SummaryMode.TEXT, Set.of());
        // Patient has no mandatory top-level element
        assertThat(keys(view)).containsExactly("resourceType", "id", "meta", "text");
    }

    @Test
    void summaryDataRemovesTheTextOnly() {
        ObjectNode patient = json(PATIENT);
        ObjectNode view = r4.subset(patient, SummaryMode.DATA, Set.of());
        List<String> expected = keys(patient);
        expected.remove("text");
        assertThat(keys(view)).containsExactlyElementsOf(expected);
        assertThat(isSubsetted(view)).isTrue();
    }

    @Test
    void summaryFalseAndCountLeaveTheResourceAlone() {
        ObjectNode patient = json(PATIENT);
        assertThat(r4.subset(patient, SummaryMode.FALSE, Set.of())).isSameAs(patient);
        assertThat(r4.subset(patient, null, Set.of())).isSameAs(patient);
        assertThat(isSubsetted(patient)).isFalse();
    }

    @Test
    void elementsKeepsTheNamedElementsIdMetaAndMandatoryOnes() {
        ObjectNode view = r4.subset(json(OBSERVATION), null, Set.of("subject", "value"));
        // status and code are mandatory (1..1); value names every value[x] form
        assertThat(keys(view))
                .containsExactly("resourceType", "id", "meta", "status", "code", "subject", "valueQuantity");
        assertThat(isSubsetted(view)).isTrue();

        ObjectNode typed = r4.subset(json(OBSERVATION), null, Set.of("valueString"));
        assertThat(keys(typed)).containsExactly("resourceType", "id", "meta", "status", "code");

        ObjectNode patient = r4.subset(json(PATIENT), null, Set.of("birthDate", "text"));
        assertThat(keys(patient)).containsExactly("resourceType", "id", "meta", "text", "birthDate", "_birthDate");
    }

    @Test
    void summaryAndElementsTogetherKeepWhatBothKeep() {
        ObjectNode view = r4.subset(json(PATIENT), SummaryMode.TRUE, Set.of("birthDate", "contact"));
        assertThat(keys(view)).containsExactly("resourceType", "id", "meta", "birthDate", "_birthDate");
    }

    @Test
    void theTagIsAddedOnce() {
        ObjectNode once = r4.subset(json(PATIENT), SummaryMode.DATA, Set.of());
        ObjectNode twice = r4.subset(once, SummaryMode.DATA, Set.of());
        assertThat(twice.at("/meta/tag")).hasSize(2);
    }

    @Test
    void otherResourceTypesAndReleases() {
        String medicationRequest =
                """
                {"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"text": "aspirin"}, "subject": {"reference": "Patient/p1"},
                 "note": [{"text": "with food"}],
                 "dosageInstruction": [{"text": "1 daily"}]}""";
        ObjectNode view = r4.subset(json(medicationRequest), SummaryMode.TRUE, Set.of());
        assertThat(keys(view))
                .containsExactly(
                        "resourceType", "id", "meta", "status", "intent", "medicationCodeableConcept", "subject");
        // R5 renamed medication[x] to medication (CodeableReference), still summary and mandatory
        String r5Request =
                """
                {"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
                 "medication": {"concept": {"text": "aspirin"}}, "subject": {"reference": "Patient/p1"},
                 "note": [{"text": "with food"}]}""";
        ObjectNode r5View = r5.subset(json(r5Request), SummaryMode.TEXT, Set.of());
        assertThat(keys(r5View))
                .containsExactly("resourceType", "id", "meta", "status", "intent", "medication", "subject");

        String bundle =
                """
                {"resourceType": "Bundle", "id": "b1", "type": "collection",
                 "entry": [{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": "x"},
                            "search": {"mode": "match"}}]}""";
        ObjectNode bundleView = r4.subset(json(bundle), SummaryMode.TRUE, Set.of());
        // entry and its fullUrl, resource and search are summary; resources inside are kept whole
        assertThat(keys(bundleView.at("/entry/0"))).containsExactly("fullUrl", "resource", "search");
    }

    @Test
    void elementsForAppliesUnqualifiedNamesToMatchesAndQualifiedOnesByType() {
        List<String> elements = List.of("code", "Patient.name", "Observation.subject");
        assertThat(ResourceSubsetter.elementsFor("Observation", elements, true)).containsExactly("code", "subject");
        assertThat(ResourceSubsetter.elementsFor("Observation", elements, false))
                .containsExactly("subject");
        assertThat(ResourceSubsetter.elementsFor("Patient", elements, false)).containsExactly("name");
        assertThat(ResourceSubsetter.elementsFor("Practitioner", elements, false))
                .isEmpty();
    }
}
