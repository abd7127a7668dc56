package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden checks of what named resources index to (R4 unless stated). */
class ResourceIndexerGoldenTest {

    private static final ResourceIndexer R4 = ResourceIndexer.forVersion(FhirVersion.R4);

    private static IndexResult index(JsonNode resource) {
        IndexResult result = R4.index(resource);
        assertThat(result.warnings()).as("warnings").isEmpty();
        return result;
    }

    private static Instant t(String instant) {
        return Instant.parse(instant);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    // ---- patient-example.json ----

    @Test
    void patientExampleStrings() {
        IndexResult r = index(Examples.spec("patient-example.json"));
        assertThat(r.entries("family", StringEntry.class))
                .contains(
                        new StringEntry("family", "chalmers", "Chalmers"),
                        new StringEntry("family", "windsor", "Windsor"));
        assertThat(r.entries("given", StringEntry.class))
                .extracting(StringEntry::normalized)
                .containsExactly("peter", "james", "jim");
        assertThat(r.entries("name", StringEntry.class))
                .extracting(StringEntry::exact)
                .contains("Chalmers", "Peter", "James", "Jim", "Windsor");
        assertThat(r.entries("address-city", StringEntry.class))
                .containsExactly(new StringEntry("address-city", "pleasantville", "PleasantVille"));
        assertThat(r.entries("address", StringEntry.class))
                .extracting(StringEntry::exact)
                .contains("534 Erewhon St", "PleasantVille", "Rainbow", "Vic", "3999");
    }

    @Test
    void patientExampleBirthDateIsADayRange() {
        IndexResult r = index(Examples.spec("patient-example.json"));
        assertThat(r.entries("birthdate"))
                .containsExactly(new DateEntry("birthdate", t("1974-12-25T00:00:00Z"), t("1974-12-26T00:00:00Z")));
    }

    @Test
    void patientExampleTokens() {
        IndexResult r = index(Examples.spec("patient-example.json"));
        assertThat(r.entries("gender")).containsExactly(TokenEntry.of("gender", null, "male", null));
        assertThat(r.entries("active")).containsExactly(TokenEntry.of("active", null, "true", null));
        assertThat(r.entries("_id")).containsExactly(TokenEntry.of("_id", null, "example", null));
        assertThat(r.entries("identifier", TokenEntry.class))
                .containsExactlyInAnyOrder(
                        TokenEntry.of("identifier", "urn:oid:1.2.36.146.595.217.0.1", "12345", null),
                        new TokenEntry(
                                "identifier",
                                "urn:oid:1.2.36.146.595.217.0.1",
                                "12345",
                                null,
                                null,
                                "http://terminology.hl7.org/CodeSystem/v2-0203",
                                "MR"));
        assertThat(r.entries("telecom", TokenEntry.class))
                .extracting(TokenEntry::value)
                .containsExactly("(03) 5555 6473", "(03) 3410 5613", "(03) 5555 8834");
        assertThat(r.entries("telecom", TokenEntry.class)).allMatch(e -> e.system() == null);
        assertThat(r.entries("phone")).hasSize(3);
        assertThat(r.entries("email")).isEmpty();
        assertThat(r.entries("_tag"))
                .containsExactly(TokenEntry.of(
                        "_tag", "http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", "test health data"));
        assertThat(r.entries("organization"))
                .containsExactly(
                        new ReferenceEntry("organization", "Organization", "1", null, null, null, null, false, false));
    }

    // ---- observation-example.json ----

    @Test
    void observationExample() {
        IndexResult r = index(Examples.spec("observation-example.json"));
        assertThat(r.entries("code", TokenEntry.class))
                .contains(
                        TokenEntry.of("code", "http://loinc.org", "29463-7", "Body Weight"),
                        TokenEntry.of("code", "http://loinc.org", "3141-9", "Body weight Measured"),
                        TokenEntry.of("code", "http://snomed.info/sct", "27113001", "Body weight"));
        assertThat(r.entries("subject"))
                .containsExactly(
                        new ReferenceEntry("subject", "Patient", "example", null, null, null, null, false, false));
        assertThat(r.entries("patient", ReferenceEntry.class))
                .extracting(ReferenceEntry::relativeReference)
                .containsExactly("Patient/example");
        assertThat(r.entries("date"))
                .containsExactly(new DateEntry("date", t("2016-03-28T00:00:00Z"), t("2016-03-29T00:00:00Z")));
        QuantityEntry q = r.entries("value-quantity", QuantityEntry.class).get(0);
        assertThat(q.value()).isEqualByComparingTo("185");
        assertThat(q.low()).isEqualByComparingTo("184.5");
        assertThat(q.high()).isEqualByComparingTo("185.5");
        assertThat(q.system()).isEqualTo("http://unitsofmeasure.org");
        assertThat(q.unitCode()).isEqualTo("[lb_av]");
        assertThat(q.unit()).isEqualTo("lbs");
        assertThat(q.canonicalUnit()).isEqualTo("g");
        assertThat(q.canonicalValue()).isEqualByComparingTo("83914.58845"); // 185 x 453.59237 g
        assertThat(q.canonicalLow()).isEqualByComparingTo("83687.792265");
        assertThat(q.canonicalHigh()).isEqualByComparingTo("84141.384635");

        List<CompositeEntry> composites = r.entries("code-value-quantity", CompositeEntry.class);
        assertThat(composites).hasSize(4);
        assertThat(composites).anySatisfy(c -> assertThat(c.components())
                .containsExactly(TokenEntry.of("code", "http://loinc.org", "29463-7", "Body Weight"), q));
    }

    @Test
    void compositeTokenComponentLeavesOutTextThatCanNeverMatch() throws Exception {
        // code: two codings and a text; the text alone could only match :text, which composites do not take
        IndexResult coded = index(
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                """
                {"resourceType": "Observation", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"},
                                     {"system": "http://snomed.info/sct", "code": "27113001"}],
                          "text": "Body weight"},
                 "valueQuantity": {"value": 70, "system": "http://unitsofmeasure.org", "code": "kg"}}"""));
        assertThat(coded.entries("code-value-quantity", CompositeEntry.class))
                .extracting(c -> ((TokenEntry) c.components().get(0)).value())
                .containsExactlyInAnyOrder("29463-7", "27113001");
        assertThat(coded.entries("code", TokenEntry.class))
                .as("the code parameter itself keeps the text entry, for :text")
                .anySatisfy(t -> assertThat(t.normalizedText()).isEqualTo("body weight"));

        // code with a text alone: the combination stays, so that the composite is present for :missing
        IndexResult textOnly = index(
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                """
                {"resourceType": "Observation", "status": "final", "code": {"text": "Body weight"},
                 "valueQuantity": {"value": 70, "system": "http://unitsofmeasure.org", "code": "kg"}}"""));
        assertThat(textOnly.entries("code-value-quantity", CompositeEntry.class))
                .singleElement()
                .satisfies(c ->
                        assertThat(((TokenEntry) c.components().get(0)).value()).isNull());
    }

    @Test
    void tokenTextThatRepeatsADisplayIsIndexedOnce() throws Exception {
        IndexResult r = index(
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                """
                {"resourceType": "Condition", "subject": {"reference": "Patient/1"},
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006",
                                      "display": "Diabetes mellitus type 2"}],
                          "text": "Diabetes  Mellitus type 2"},
                 "category": [{"coding": [{"system": "http://example.org", "code": "x", "display": "Problem"}],
                               "text": "Problem list item"}]}"""));
        // the text normalizes to the display: :text finds it through the coded entry, which carries it
        assertThat(r.entries("code", TokenEntry.class)).singleElement().satisfies(t -> assertThat(t.normalizedText())
                .isEqualTo("diabetes mellitus type 2"));
        // a text that says something else keeps its own entry
        assertThat(r.entries("category", TokenEntry.class))
                .extracting(TokenEntry::normalizedText)
                .containsExactlyInAnyOrder("problem", "problem list item");
    }

    @Test
    void observationComponentsGiveOneCompositePerComponent() {
        IndexResult r = index(Examples.spec("observation-example-bloodpressure.json"));
        List<CompositeEntry> composites = r.entries("component-code-value-quantity", CompositeEntry.class);
        // systolic has three codings and one value, diastolic one coding and one value: 3 + 1 combinations
        assertThat(composites).hasSize(4);
        assertThat(composites)
                .anySatisfy(c -> {
                    assertThat(c.components().get(0))
                            .isEqualTo(TokenEntry.of(
                                    "component-code", "http://loinc.org", "8480-6", "Systolic blood pressure"));
                    QuantityEntry value = (QuantityEntry) c.components().get(1);
                    assertThat(value.code()).isEqualTo("component-value-quantity");
                    assertThat(value.value()).isEqualByComparingTo("107");
                    assertThat(value.unitCode()).isEqualTo("mm[Hg]");
                })
                .anySatisfy(c ->
                        assertThat(((TokenEntry) c.components().get(0)).value()).isEqualTo("8462-4"));
        // combo-code-value-quantity covers the Observation and its components: no value on the Observation itself
        assertThat(r.entries("combo-code-value-quantity")).hasSize(4);
    }

    @Test
    void ucumCanonicalForm() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"weight"},
                 "valueQuantity":{"value":60,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}"""));
        QuantityEntry q = r.entries("value-quantity", QuantityEntry.class).get(0);
        assertThat(q.canonicalValue()).isEqualByComparingTo("60000");
        assertThat(q.canonicalLow()).isEqualByComparingTo("59500");
        assertThat(q.canonicalHigh()).isEqualByComparingTo("60500");
        assertThat(q.canonicalUnit()).isEqualTo("g");
        assertThat(r.entries("code")).containsExactly(TokenEntry.of("code", null, null, "weight"));
    }

    @Test
    void noCanonicalFormForOffsetUnitsOrOtherSystems() {
        IndexResult celsius = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"t"},
                 "valueQuantity":{"value":37.5,"system":"http://unitsofmeasure.org","code":"Cel"}}"""));
        QuantityEntry c = celsius.entries("value-quantity", QuantityEntry.class).get(0);
        assertThat(c.hasCanonical()).isFalse();
        assertThat(c.low()).isEqualByComparingTo("37.45");
        IndexResult other = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"t"},
                 "valueQuantity":{"value":2,"system":"http://example.org/units","code":"kg","comparator":"<"}}"""));
        QuantityEntry o = other.entries("value-quantity", QuantityEntry.class).get(0);
        assertThat(o.hasCanonical()).isFalse();
        assertThat(o.low()).as("a < comparator opens the lower side").isNull();
        assertThat(o.high()).isEqualByComparingTo("2.5");
    }

    @Test
    void moneyAndRangeQuantities() {
        IndexResult money = index(
                Examples.parse(
                        """
                {"resourceType":"ChargeItem","status":"billable","code":{"text":"x"},"subject":{"reference":"Patient/1"},
                 "priceOverride":{"value":40.00,"currency":"EUR"}}"""));
        QuantityEntry m = money.entries("price-override", QuantityEntry.class).get(0);
        assertThat(m.system()).isEqualTo("urn:iso:std:iso:4217");
        assertThat(m.unitCode()).isEqualTo("EUR");
        assertThat(m.low()).isEqualByComparingTo("39.995");

        IndexResult range = index(
                Examples.parse(
                        """
                {"resourceType":"ValueSet","status":"draft","useContext":[{"code":{"system":"http://terminology.hl7.org/CodeSystem/usage-context-type","code":"age"},
                 "valueRange":{"low":{"value":18,"system":"http://unitsofmeasure.org","code":"a"},
                               "high":{"value":65,"system":"http://unitsofmeasure.org","code":"a"}}}]}"""));
        QuantityEntry q = range.entries("context-quantity", QuantityEntry.class).get(0);
        assertThat(q.value()).isNull();
        assertThat(q.low()).isEqualByComparingTo("17.5");
        assertThat(q.high()).isEqualByComparingTo("65.5");
        assertThat(q.unitCode()).isEqualTo("a");
        assertThat(q.canonicalUnit()).isEqualTo("s");
        assertThat(range.entries("context-type-quantity", CompositeEntry.class)).hasSize(1);
    }

    @Test
    void numbersCarryTheirImplicitPrecision() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"RiskAssessment","status":"final","subject":{"reference":"Patient/1"},
                 "prediction":[{"probabilityDecimal":0.02},{"probabilityDecimal":100},
                               {"probabilityRange":{"low":{"value":0.1},"high":{"value":0.20}}}]}"""));
        assertThat(r.entries("probability"))
                .containsExactly(
                        new NumberEntry("probability", d("0.02"), d("0.015"), d("0.025")),
                        new NumberEntry("probability", d("100"), d("99.5"), d("100.5")),
                        new NumberEntry("probability", null, d("0.05"), d("0.205")));
    }

    // ---- dates ----

    @Test
    void encounterPeriod() {
        IndexResult r = index(Examples.spec("encounter-example-home.json"));
        assertThat(r.entries("date"))
                .containsExactly(new DateEntry("date", t("2015-01-17T06:00:00Z"), t("2015-01-17T06:30:01Z")));
        IndexResult open = index(
                Examples.parse(
                        """
                {"resourceType":"Encounter","status":"in-progress","class":{"code":"IMP"},
                 "period":{"start":"2020-02-01"}}"""));
        DateEntry e = open.entries("date", DateEntry.class).get(0);
        assertThat(e.start()).isEqualTo(t("2020-02-01T00:00:00Z"));
        assertThat(e.endUnbounded()).isTrue();
        assertThat(e.startUnbounded()).isFalse();
    }

    @Test
    void dateTimesWithOffsetsAndPrecision() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "effectiveDateTime":"2020-06","issued":"2021-05-01T10:00:00.123+02:00",
                 "meta":{"lastUpdated":"2021-05-01T10:00:00+02:00"}}"""));
        assertThat(r.entries("date"))
                .containsExactly(new DateEntry("date", t("2020-06-01T00:00:00Z"), t("2020-07-01T00:00:00Z")));
        assertThat(r.entries("_lastUpdated"))
                .containsExactly(new DateEntry("_lastUpdated", t("2021-05-01T08:00:00Z"), t("2021-05-01T08:00:01Z")));
        IndexResult year = index(Examples.parse("{\"resourceType\":\"Patient\",\"birthDate\":\"2020\"}"));
        assertThat(year.entries("birthdate"))
                .containsExactly(new DateEntry("birthdate", t("2020-01-01T00:00:00Z"), t("2021-01-01T00:00:00Z")));
    }

    @Test
    void timingUsesItsOuterLimits() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/1"},
                 "activity":[{"detail":{"status":"scheduled","scheduledTiming":{
                   "event":["2020-01-05T10:00:00Z","2020-04-02"],
                   "repeat":{"boundsPeriod":{"start":"2020-01-01","end":"2020-03-31"},"frequency":1,"period":2,"periodUnit":"d"}}}}]}"""));
        assertThat(r.entries("activity-date"))
                .containsExactly(new DateEntry("activity-date", t("2020-01-01T00:00:00Z"), t("2020-04-03T00:00:00Z")));
    }

    // ---- strings ----

    @Test
    void accentedNamesMatchUnaccentedLowerCase() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Patient","name":[{"family":"Müller","given":["Ébé","Ébé"],"text":"Ébé  Müller"}]}"""));
        assertThat(r.entries("name", StringEntry.class))
                .containsExactly(
                        new StringEntry("name", "muller", "Müller"),
                        new StringEntry("name", "ebe", "Ébé"),
                        new StringEntry("name", "ebe muller", "Ébé  Müller"));
        assertThat(r.entries("given")).as("duplicates removed").hasSize(1);
        assertThat(StringNormalizer.normalize("ebe muller")).isEqualTo("ebe muller");
        assertThat("ebe muller").startsWith(StringNormalizer.normalize(" EBE\tMüll"));
    }

    // ---- references ----

    @Test
    void logicalReferenceByIdentifierOnly() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "subject":{"type":"Patient","identifier":{"system":"http://example.org/mrn","value":"A-1"}}}"""));
        assertThat(r.entries("subject"))
                .containsExactly(new ReferenceEntry(
                        "subject", "Patient", null, null, null, "http://example.org/mrn", "A-1", false, false));
    }

    @Test
    void containedReference() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "contained":[{"resourceType":"Patient","id":"p1"}],"subject":{"reference":"#p1"}}"""));
        assertThat(r.entries("subject"))
                .containsExactly(new ReferenceEntry("subject", "Patient", "p1", null, null, null, null, true, false));
        assertThat(r.entries("subject", ReferenceEntry.class).get(0).relativeReference())
                .isNull();
    }

    @Test
    void absoluteVersionedAndUrnReferences() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "subject":{"reference":"http://example.org/fhir/Patient/123/_history/2"},
                 "performer":[{"reference":"urn:uuid:2f0e6b2c-0c3e-4c5b-9b1b-9f6f0c7a1d2e"},
                              {"reference":"Practitioner/7/_history/3","identifier":{"value":"P7"}}]}"""));
        assertThat(r.entries("subject"))
                .containsExactly(new ReferenceEntry(
                        "subject",
                        "Patient",
                        "123",
                        "2",
                        "http://example.org/fhir/Patient/123/_history/2",
                        null,
                        null,
                        false,
                        false));
        assertThat(r.entries("performer"))
                .containsExactly(
                        new ReferenceEntry(
                                "performer",
                                null,
                                null,
                                null,
                                "urn:uuid:2f0e6b2c-0c3e-4c5b-9b1b-9f6f0c7a1d2e",
                                null,
                                null,
                                false,
                                false),
                        new ReferenceEntry("performer", "Practitioner", "7", "3", null, null, "P7", false, false));
    }

    @Test
    void canonicalsWithVersion() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"PlanDefinition","status":"draft",
                 "meta":{"profile":["http://example.org/StructureDefinition/p|1.0"],"source":"http://example.org/src"},
                 "action":[{"definitionCanonical":"http://example.org/ActivityDefinition/a|2.1"}]}"""));
        assertThat(r.entries("definition"))
                .containsExactly(new ReferenceEntry(
                        "definition",
                        null,
                        null,
                        "2.1",
                        "http://example.org/ActivityDefinition/a",
                        null,
                        null,
                        false,
                        true));
        assertThat(r.entries("_profile"))
                .containsExactly(new UriEntry("_profile", "http://example.org/StructureDefinition/p", "1.0"));
        assertThat(r.entries("_source")).containsExactly(new UriEntry("_source", "http://example.org/src", null));
    }

    @Test
    void resourceLevelSecurityAndTag() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Patient","id":"x1","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}],
                 "tag":[{"code":"t"}]}}"""));
        assertThat(r.entries("_security"))
                .containsExactly(TokenEntry.of(
                        "_security", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", null));
        assertThat(r.entries("_tag")).containsExactly(TokenEntry.of("_tag", null, "t", null));
        assertThat(r.entries("_id")).containsExactly(TokenEntry.of("_id", null, "x1", null));
    }

    @Test
    void specialParametersGiveNoEntriesButTheTextHasFullTextEntries() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Location","name":"Ward","position":{"longitude":4.9,"latitude":52.3},
                 "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Ward</div>"}}"""));
        assertThat(r.entries()).extracting(IndexEntry::code).doesNotContain("near", "_list");
        assertThat(r.entries("name")).containsExactly(new StringEntry("name", "ward", "Ward"));
        assertThat(r.entries("_text")).containsExactly(new FullTextEntry("_text", "ward"));
        assertThat(r.entries("_content")).containsExactly(new FullTextEntry("_content", "ward"));
    }

    // ---- R5 ----

    @Test
    void r5ProfileIsACanonicalReference() {
        ResourceIndexer r5 = ResourceIndexer.forVersion(FhirVersion.R5);
        IndexResult r = r5.index(
                Examples.parse(
                        """
                {"resourceType":"Patient","id":"a","meta":{"profile":["http://example.org/StructureDefinition/p|1.0"]},
                 "name":[{"family":"Émile"}]}"""));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.entries("_profile"))
                .containsExactly(new ReferenceEntry(
                        "_profile",
                        null,
                        null,
                        "1.0",
                        "http://example.org/StructureDefinition/p",
                        null,
                        null,
                        false,
                        true));
        assertThat(r.entries("family")).containsExactly(new StringEntry("family", "emile", "Émile"));
        assertThat(r.entries()).extracting(IndexEntry::code).doesNotContain("_in", "_text");
    }

    @Test
    void referenceTypeAsUrlAndSystemOnlyIdentifier() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "identifier":[{"system":"http://example.org/ids"}],
                 "subject":{"type":"http://hl7.org/fhir/StructureDefinition/Group",
                            "identifier":{"value":"G-9"}}}"""));
        assertThat(r.entries("subject"))
                .containsExactly(new ReferenceEntry("subject", "Group", null, null, null, null, "G-9", false, false));
        assertThat(r.entries("identifier"))
                .containsExactly(TokenEntry.of("identifier", "http://example.org/ids", null, null));
    }

    @Test
    void bundleCompositionIsTheFirstEntryResource() {
        IndexResult r = index(Examples.spec("document-example-dischargesummary.json"));
        assertThat(r.entries("composition", ReferenceEntry.class))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.targetType()).isEqualTo("Composition");
                    assertThat(e.id()).isEqualTo("180f219f-97a8-486d-99d9-ed631fe4fc57");
                });
        assertThat(r.entries("identifier")).isNotEmpty();
    }

    @Test
    void r5CompositeWithAnUndefinedComponentInfersItsType() {
        ResourceIndexer r5 = ResourceIndexer.forVersion(FhirVersion.R5);
        IndexResult r = r5.index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8302-2"}]},
                 "valueString":"Très haut"}"""));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.entries("code-value-string"))
                .containsExactly(new CompositeEntry(
                        "code-value-string",
                        List.of(
                                TokenEntry.of("code", "http://loinc.org", "8302-2", null),
                                new StringEntry("value-string", "tres haut", "Très haut"))));
        IndexResult encounter = r5.index(
                Examples.parse(
                        """
                {"resourceType":"Encounter","status":"completed",
                 "location":[{"location":{"reference":"Location/1"},"period":{"start":"2023-01-01","end":"2023-01-02"}}]}"""));
        assertThat(encounter.warnings()).isEmpty();
        assertThat(encounter.entries("location-period"))
                .containsExactly(new CompositeEntry(
                        "location-period",
                        List.of(
                                new ReferenceEntry("location", "Location", "1", null, null, null, null, false, false),
                                new DateEntry("period", t("2023-01-01T00:00:00Z"), t("2023-01-03T00:00:00Z")))));
    }

    @Test
    void referenceDisplayIsKeptForText() {
        IndexResult r = index(
                Examples.parse(
                        """
                {"resourceType":"Observation","status":"final","code":{"text":"x"},
                 "subject":{"reference":"Patient/1","display":"Ébé Müller"},
                 "performer":[{"display":"Dr Who"}]}"""));
        assertThat(r.entries("subject"))
                .containsExactly(new ReferenceEntry(
                        "subject", "Patient", "1", null, null, null, null, false, false, "Ébé Müller", "ebe muller"));
        assertThat(r.entries("performer"))
                .containsExactly(new ReferenceEntry(
                        "performer", null, null, null, null, null, null, false, false, "Dr Who", "dr who"));
    }
}
