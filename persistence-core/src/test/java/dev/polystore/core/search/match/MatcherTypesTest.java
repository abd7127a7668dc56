package dev.polystore.core.search.match;

import static dev.polystore.core.search.match.MatchResult.MATCH;
import static dev.polystore.core.search.match.MatchResult.NO_MATCH;
import static dev.polystore.core.search.match.MatchResult.UNDECIDABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.core.index.IndexEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven matching per search type: small resources indexed with the real indexer, queries resolved with the real
 * resolver, the matcher's answer compared with the specification's.
 */
class MatcherTypesTest {
    static final String BASE = "http://example.org/fhir";
    static final IndexMatcher MATCHER =
            new IndexMatcher(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), List.of(BASE));

    // ---------------------------------------------------------------- resources

    static final String PATIENT_EBE =
            """
            {"resourceType":"Patient","id":"p1","name":[{"family":"Ébé","given":["Marie-Anne"]}],"gender":"male",
             "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                            "system":"urn:oid:1.2.3","value":"12345"},
                           {"value":"no-system-id"}]}""";
    static final String PATIENT_BARE =
            """
            {"resourceType":"Patient","id":"p2","name":[{"family":"Durand"}]}""";
    static final String OBS_CODED =
            """
            {"resourceType":"Observation","id":"o1","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}],"text":"HR pulse"}}""";

    static String risk(String probability) {
        return "{\"resourceType\":\"RiskAssessment\",\"id\":\"r\",\"status\":\"final\",\"subject\":{\"reference\":"
                + "\"Patient/p\"},\"prediction\":[{\"probabilityDecimal\":" + probability + "}]}";
    }

    static final String RISK_RANGE =
            """
            {"resourceType":"RiskAssessment","id":"r","status":"final","subject":{"reference":"Patient/p"},
             "prediction":[{"probabilityRange":{"low":{"value":20},"high":{"value":40}}}]}""";

    static final String RISK_RANGE_30 =
            """
            {"resourceType":"RiskAssessment","id":"r","status":"final","subject":{"reference":"Patient/p"},
             "prediction":[{"probabilityRange":{"low":{"value":30},"high":{"value":30}}}]}""";

    static String obsQuantity(String quantity) {
        return "{\"resourceType\":\"Observation\",\"id\":\"q\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                + "\"valueQuantity\":" + quantity + "}";
    }

    static String obsSubject(String reference) {
        return "{\"resourceType\":\"Observation\",\"id\":\"s\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                + "\"subject\":" + reference + "}";
    }

    static final String OBS_CONTAINED =
            """
            {"resourceType":"Observation","id":"c","status":"final","code":{"text":"x"},
             "contained":[{"resourceType":"Patient","id":"p1"}],"subject":{"reference":"#p1"}}""";

    static final String QR_CANONICAL =
            """
            {"resourceType":"QuestionnaireResponse","id":"qr","status":"completed",
             "questionnaire":"http://x.org/Questionnaire/q1|2.0"}""";

    static String valueSet(String url) {
        return "{\"resourceType\":\"ValueSet\",\"id\":\"vs\",\"status\":\"active\",\"url\":\"" + url + "\"}";
    }

    static final String OBS_COMPONENTS =
            """
            {"resourceType":"Observation","id":"bp","status":"final","code":{"text":"bp"},
             "component":[
               {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
                "valueQuantity":{"value":120,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
               {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
                "valueQuantity":{"value":80,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}""";

    static final String ENCOUNTER_OPEN =
            """
            {"resourceType":"Encounter","id":"e","status":"in-progress","class":{"code":"AMB"},
             "period":{"start":"2020-03-01"}}""";

    // -------------------------------------------------------------------- cases

    static Stream<Arguments> strings() {
        return Stream.of(
                row(PATIENT_EBE, "Patient?family=ebe", MATCH),
                row(PATIENT_EBE, "Patient?family=EB", MATCH),
                row(PATIENT_EBE, "Patient?family=Ébé", MATCH),
                row(PATIENT_EBE, "Patient?family=be", NO_MATCH),
                row(PATIENT_EBE, "Patient?family=ebex", NO_MATCH),
                row(PATIENT_EBE, "Patient?family:exact=Ébé", MATCH),
                row(PATIENT_EBE, "Patient?family:exact=ebe", NO_MATCH),
                row(PATIENT_EBE, "Patient?family:exact=Ébe", NO_MATCH),
                row(PATIENT_EBE, "Patient?family:exact=Éb", NO_MATCH),
                row(PATIENT_EBE, "Patient?family:contains=BE", MATCH),
                row(PATIENT_EBE, "Patient?family:contains=x", NO_MATCH),
                row(PATIENT_EBE, "Patient?name=marie", MATCH),
                row(PATIENT_EBE, "Patient?name=anne", NO_MATCH),
                row(PATIENT_EBE, "Patient?name:contains=anne", MATCH),
                row(PATIENT_EBE, "Patient?family=zzz,eb", MATCH),
                row(PATIENT_BARE, "Patient?family=ebe", NO_MATCH));
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                row(OBS_CODED, "Observation?code=8867-4", MATCH),
                row(OBS_CODED, "Observation?code=http://loinc.org|8867-4", MATCH),
                row(OBS_CODED, "Observation?code=http://other.org|8867-4", NO_MATCH),
                row(OBS_CODED, "Observation?code=|8867-4", NO_MATCH),
                row(OBS_CODED, "Observation?code=http://loinc.org|", MATCH),
                row(OBS_CODED, "Observation?code=http://snomed.info/sct|", NO_MATCH),
                row(OBS_CODED, "Observation?code=8867-5", NO_MATCH),
                row(OBS_CODED, "Observation?code=8867-5,8867-4", MATCH),
                row(OBS_CODED, "Observation?code:text=heart", MATCH),
                row(OBS_CODED, "Observation?code:text=HR", MATCH),
                row(OBS_CODED, "Observation?code:text=rate", NO_MATCH),
                row(OBS_CODED, "Observation?code:not=8867-4", NO_MATCH),
                row(OBS_CODED, "Observation?code:not=1234-5", MATCH),
                row(OBS_CODED, "Observation?code:in=http://hl7.org/fhir/ValueSet/x", UNDECIDABLE),
                row(OBS_CODED, "Observation?code:below=http://loinc.org|8867-4", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?gender=male", MATCH),
                row(PATIENT_EBE, "Patient?gender=MALE", NO_MATCH),
                // decision: a code element has no system in the data, so system|code does not match it
                row(PATIENT_EBE, "Patient?gender=http://hl7.org/fhir/administrative-gender|male", NO_MATCH),
                row(PATIENT_EBE, "Patient?gender=|male", MATCH),
                row(PATIENT_EBE, "Patient?gender:not=female", MATCH),
                row(PATIENT_EBE, "Patient?gender:not=male", NO_MATCH),
                row(PATIENT_EBE, "Patient?gender:not=female,male", NO_MATCH),
                row(PATIENT_BARE, "Patient?gender:not=male", MATCH),
                row(PATIENT_BARE, "Patient?gender=male", NO_MATCH),
                row(PATIENT_EBE, "Patient?identifier=12345", MATCH),
                row(PATIENT_EBE, "Patient?identifier=urn:oid:1.2.3|12345", MATCH),
                row(PATIENT_EBE, "Patient?identifier=|12345", NO_MATCH),
                row(PATIENT_EBE, "Patient?identifier=|no-system-id", MATCH),
                row(
                        PATIENT_EBE,
                        "Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345",
                        MATCH),
                row(
                        PATIENT_EBE,
                        "Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|1234",
                        NO_MATCH),
                row(
                        PATIENT_EBE,
                        "Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|SS|12345",
                        NO_MATCH),
                row(PATIENT_EBE, "Patient?identifier:of-type=http://other|MR|12345", NO_MATCH));
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                row(risk("99.5"), "RiskAssessment?probability=100", MATCH),
                row(risk("100.4"), "RiskAssessment?probability=100", MATCH),
                row(risk("100.5"), "RiskAssessment?probability=100", NO_MATCH),
                row(risk("99.4"), "RiskAssessment?probability=100", NO_MATCH),
                row(risk("100.04"), "RiskAssessment?probability=100.0", MATCH),
                row(risk("100.05"), "RiskAssessment?probability=100.0", NO_MATCH),
                row(risk("100.4"), "RiskAssessment?probability=ne100", NO_MATCH),
                row(risk("100.5"), "RiskAssessment?probability=ne100", MATCH),
                row(risk("100.4"), "RiskAssessment?probability=gt100", MATCH),
                row(risk("100"), "RiskAssessment?probability=gt100", NO_MATCH),
                row(risk("100"), "RiskAssessment?probability=ge100", MATCH),
                row(risk("99.9"), "RiskAssessment?probability=ge100", NO_MATCH),
                row(risk("99.5"), "RiskAssessment?probability=lt100", MATCH),
                row(risk("100"), "RiskAssessment?probability=lt100", NO_MATCH),
                row(risk("100"), "RiskAssessment?probability=le100", MATCH),
                row(risk("100.5"), "RiskAssessment?probability=sa100", MATCH),
                row(risk("100.4"), "RiskAssessment?probability=sa100", NO_MATCH),
                row(risk("99.4"), "RiskAssessment?probability=eb100", MATCH),
                row(risk("99.5"), "RiskAssessment?probability=eb100", NO_MATCH),
                row(risk("109"), "RiskAssessment?probability=ap100", MATCH),
                row(risk("91"), "RiskAssessment?probability=ap100", MATCH),
                row(risk("111"), "RiskAssessment?probability=ap100", NO_MATCH),
                // Range 20..40 covers [19.5, 40.5)
                row(RISK_RANGE, "RiskAssessment?probability=gt30", MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=gt41", NO_MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=lt19", NO_MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=lt25", MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=30", NO_MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=3e1", NO_MATCH),
                // Range 30..30 covers [29.5, 30.5), inside 3e1 = [25, 35)
                row(RISK_RANGE_30, "RiskAssessment?probability=3e1", MATCH),
                row(RISK_RANGE_30, "RiskAssessment?probability=30.0", NO_MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=sa10", MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=eb50", MATCH),
                row(RISK_RANGE, "RiskAssessment?probability=eb30", NO_MATCH));
    }

    static final String UCUM = "http://unitsofmeasure.org";

    static Stream<Arguments> quantities() {
        String grams = obsQuantity("{\"value\":61000,\"system\":\"" + UCUM + "\",\"code\":\"g\",\"unit\":\"g\"}");
        String mg = obsQuantity("{\"value\":5.4,\"system\":\"" + UCUM + "\",\"code\":\"mg\",\"unit\":\"milligram\"}");
        String local = obsQuantity("{\"value\":5.4,\"system\":\"http://x.org/units\",\"code\":\"abc\"}");
        String lessThan = obsQuantity("{\"value\":5,\"comparator\":\"<\",\"system\":\"" + UCUM + "\",\"code\":\"mg\"}");
        return Stream.of(
                row(grams, "Observation?value-quantity=gt60|" + UCUM + "|kg", MATCH),
                row(grams, "Observation?value-quantity=gt62|" + UCUM + "|kg", NO_MATCH),
                row(grams, "Observation?value-quantity=61|" + UCUM + "|kg", MATCH),
                row(grams, "Observation?value-quantity=62|" + UCUM + "|kg", NO_MATCH),
                row(grams, "Observation?value-quantity=61000|" + UCUM + "|g", MATCH),
                row(grams, "Observation?value-quantity=61|" + UCUM + "|m", NO_MATCH),
                row(grams, "Observation?value-quantity=61000||g", MATCH),
                row(grams, "Observation?value-quantity=61||kg", NO_MATCH),
                row(mg, "Observation?value-quantity=5.4", MATCH),
                row(mg, "Observation?value-quantity=5.4||mg", MATCH),
                row(mg, "Observation?value-quantity=5.4||milligram", MATCH),
                row(mg, "Observation?value-quantity=5.4||kg", NO_MATCH),
                row(mg, "Observation?value-quantity=5.4|http://other.org|mg", NO_MATCH),
                row(mg, "Observation?value-quantity=5.5||mg", NO_MATCH),
                row(local, "Observation?value-quantity=5.4|http://x.org/units|abc", MATCH),
                row(local, "Observation?value-quantity=5.4|http://x.org/units|abd", NO_MATCH),
                row(local, "Observation?value-quantity=5.4|" + UCUM + "|abc", NO_MATCH),
                row(lessThan, "Observation?value-quantity=lt3", MATCH),
                row(lessThan, "Observation?value-quantity=gt6", NO_MATCH),
                row(lessThan, "Observation?value-quantity=5", NO_MATCH));
    }

    static Stream<Arguments> references() {
        String relative = obsSubject("{\"reference\":\"Patient/123\"}");
        String local = obsSubject("{\"reference\":\"" + BASE + "/Patient/123\"}");
        String external = obsSubject("{\"reference\":\"http://other.org/fhir/Patient/9\"}");
        String logical = obsSubject("{\"identifier\":{\"system\":\"urn:sys\",\"value\":\"abc\"}}");
        return Stream.of(
                row(relative, "Observation?subject=Patient/123", MATCH),
                row(relative, "Observation?subject=123", MATCH),
                row(relative, "Observation?subject:Patient=123", MATCH),
                row(relative, "Observation?subject:Group=123", NO_MATCH),
                row(relative, "Observation?subject=Group/123", NO_MATCH),
                row(relative, "Observation?subject=Patient/124", NO_MATCH),
                row(relative, "Observation?subject=Patient/123/_history/2", MATCH),
                row(relative, "Observation?subject=" + BASE + "/Patient/123", MATCH),
                row(relative, "Observation?subject=http://other.org/fhir/Patient/123", NO_MATCH),
                row(local, "Observation?subject=Patient/123", MATCH),
                row(external, "Observation?subject=http://other.org/fhir/Patient/9", MATCH),
                row(external, "Observation?subject=Patient/9", NO_MATCH),
                row(logical, "Observation?subject:identifier=urn:sys|abc", MATCH),
                row(logical, "Observation?subject:identifier=abc", MATCH),
                row(logical, "Observation?subject:identifier=urn:other|abc", NO_MATCH),
                row(relative, "Observation?subject:identifier=abc", NO_MATCH),
                row(OBS_CONTAINED, "Observation?subject=p1", NO_MATCH),
                row(OBS_CONTAINED, "Observation?subject=Patient/p1", NO_MATCH),
                row(QR_CANONICAL, "QuestionnaireResponse?questionnaire=http://x.org/Questionnaire/q1|2.0", MATCH),
                row(QR_CANONICAL, "QuestionnaireResponse?questionnaire=http://x.org/Questionnaire/q1|1.0", NO_MATCH),
                row(QR_CANONICAL, "QuestionnaireResponse?questionnaire=http://x.org/Questionnaire/q1", MATCH),
                row(QR_CANONICAL, "QuestionnaireResponse?questionnaire=http://x.org/Questionnaire/q2", NO_MATCH));
    }

    static Stream<Arguments> uris() {
        String vs = valueSet("http://acme.org/fhir/ValueSet/123");
        String urn = valueSet("urn:oid:1.2.3");
        return Stream.of(
                row(vs, "ValueSet?url=http://acme.org/fhir/ValueSet/123", MATCH),
                row(vs, "ValueSet?url=http://acme.org/fhir/ValueSet/12", NO_MATCH),
                row(vs, "ValueSet?url=http://acme.org/fhir/ValueSet", NO_MATCH),
                row(vs, "ValueSet?url=HTTP://ACME.ORG/fhir/ValueSet/123", NO_MATCH),
                row(vs, "ValueSet?url:below=http://acme.org/fhir", MATCH),
                row(vs, "ValueSet?url:below=http://acme.org/fhir/", MATCH),
                row(vs, "ValueSet?url:below=http://acme.org/fh", NO_MATCH),
                row(vs, "ValueSet?url:below=http://acme.org/fhir/ValueSet/123", MATCH),
                row(vs, "ValueSet?url:above=http://acme.org/fhir/ValueSet/123/_history/5", MATCH),
                row(vs, "ValueSet?url:above=http://acme.org/fhir/ValueSet/1234", NO_MATCH),
                row(vs, "ValueSet?url:above=http://acme.org/other/x", NO_MATCH),
                row(urn, "ValueSet?url=urn:oid:1.2.3", MATCH),
                row(urn, "ValueSet?url:below=urn:oid:1.2", NO_MATCH));
    }

    static Stream<Arguments> composites() {
        String q = "Observation?component-code-value-quantity=";
        return Stream.of(
                row(OBS_COMPONENTS, q + "http://loinc.org|8480-6$120", MATCH),
                row(OBS_COMPONENTS, q + "http://loinc.org|8462-4$80", MATCH),
                row(OBS_COMPONENTS, q + "8480-6$gt100", MATCH),
                // both components exist, but not on the same combination
                row(OBS_COMPONENTS, q + "http://loinc.org|8480-6$80", NO_MATCH),
                row(OBS_COMPONENTS, q + "http://loinc.org|8462-4$120", NO_MATCH),
                row(OBS_COMPONENTS, q + "8462-4$gt100", NO_MATCH),
                row(OBS_COMPONENTS, q + "8480-6$120|" + UCUM + "|mm[Hg]", MATCH),
                row(OBS_COMPONENTS, q + "8480-6$120|" + UCUM + "|kg", NO_MATCH));
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                // Period with an open end: [2020-03-01, +inf)
                row(ENCOUNTER_OPEN, "Encounter?date=gt2030", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=ge2030", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=2020", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=ne2020", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=lt2020-03-01", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=le2020-03-01", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=lt2020-03-02", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=sa2020-02", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=sa2020-03", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?date=eb2030", NO_MATCH),
                // ap: now = 2026-01-01; 10% of the gap to 2016-01-01 is one year
                row(OBS_EFFECTIVE_2016, "Observation?date=ap2016-01-01", MATCH),
                row(OBS_EFFECTIVE_2016, "Observation?date=ap2015-06-01", MATCH),
                row(OBS_EFFECTIVE_2016, "Observation?date=ap2014-06-01", NO_MATCH),
                row(OBS_EFFECTIVE_2016, "Observation?date=ap2025-12-31", NO_MATCH));
    }

    static final String OBS_EFFECTIVE_2016 =
            """
            {"resourceType":"Observation","id":"d","status":"final","code":{"text":"x"},
             "effectiveDateTime":"2016-03-28"}""";

    static Stream<Arguments> missing() {
        return Stream.of(
                row(PATIENT_EBE, "Patient?gender:missing=true", NO_MATCH),
                row(PATIENT_EBE, "Patient?gender:missing=false", MATCH),
                row(PATIENT_BARE, "Patient?gender:missing=true", MATCH),
                row(PATIENT_BARE, "Patient?gender:missing=false", NO_MATCH),
                row(PATIENT_BARE, "Patient?birthdate:missing=true", MATCH));
    }

    static Stream<Arguments> undecidable() {
        return Stream.of(
                row(OBS_CODED, "Observation?subject.name=x", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_has:Observation:subject:code=1234", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_list=42", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_filter=general-practitioner.name eq x", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_filter=not (general-practitioner.name eq x)", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_filter=general-practitioner.name eq x and gender eq male", UNDECIDABLE),
                row(PATIENT_EBE, "Patient?_filter=general-practitioner.name eq x or gender eq male", MATCH));
    }

    /** search_filter.html: and/or/not over the ordinary matches; three-valued as everywhere in the matcher. */
    static Stream<Arguments> filter() {
        return Stream.of(
                row(PATIENT_EBE, "Patient?_filter=family eq \"Ébé\"", MATCH),
                row(PATIENT_EBE, "Patient?_filter=family eq \"ébé\"", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=family sw eb", MATCH),
                row(PATIENT_EBE, "Patient?_filter=family ew \"BÉ\"", MATCH),
                row(PATIENT_EBE, "Patient?_filter=given ew \"marie\"", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=given ew \"-anne\"", MATCH),
                row(PATIENT_EBE, "Patient?_filter=given co \"ie-an\"", MATCH),
                row(PATIENT_EBE, "Patient?_filter=family ne \"Ébé\"", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=gender ne female", MATCH),
                row(PATIENT_EBE, "Patient?_filter=birthdate pr false", MATCH),
                row(PATIENT_EBE, "Patient?_filter=birthdate pr true", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=gender eq female or family sw eb", MATCH),
                row(PATIENT_EBE, "Patient?_filter=gender eq female or family sw xx and gender eq male", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=(gender eq female or family sw eb) and gender eq male", MATCH),
                row(PATIENT_EBE, "Patient?_filter=not (gender eq female) and not (family co z)", MATCH),
                row(PATIENT_EBE, "Patient?_filter=identifier eq urn:oid:1.2.3|12345", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?_filter=date po 2019", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?_filter=date po 2020-02", NO_MATCH),
                row(ENCOUNTER_OPEN, "Encounter?_filter=date po 2020", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?_filter=date po 2030", MATCH),
                row(ENCOUNTER_OPEN, "Encounter?_filter=date eq 2030", NO_MATCH),
                row(PATIENT_EBE, "Patient?_filter=identifier ne urn:oid:1.2.3|12345", NO_MATCH));
    }

    static Arguments row(String resource, String query, MatchResult expected) {
        return Arguments.of(resource, query, expected);
    }

    static void check(String resource, String query, MatchResult expected) {
        List<IndexEntry> entries = Harness.entries(Harness.json(resource));
        MatchResult result = MATCHER.evaluate(Harness.criterion(query), entries);
        assertThat(result).as("%s on %s (entries %s)", query, resource, entries).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void strings(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void tokens(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void numbers(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void quantities(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void references(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void uris(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void composites(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void dates(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void missing(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void filter(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource
    void undecidable(String resource, String query, MatchResult expected) {
        check(resource, query, expected);
    }
}
