package dev.polystore.core.search;

import static dev.polystore.api.search.SearchModifier.ABOVE;
import static dev.polystore.api.search.SearchModifier.BELOW;
import static dev.polystore.api.search.SearchModifier.CODE_TEXT;
import static dev.polystore.api.search.SearchModifier.CONTAINS;
import static dev.polystore.api.search.SearchModifier.EXACT;
import static dev.polystore.api.search.SearchModifier.IDENTIFIER;
import static dev.polystore.api.search.SearchModifier.IN;
import static dev.polystore.api.search.SearchModifier.NOT;
import static dev.polystore.api.search.SearchModifier.NOT_IN;
import static dev.polystore.api.search.SearchModifier.OF_TYPE;
import static dev.polystore.api.search.SearchModifier.TEXT;
import static dev.polystore.api.search.SearchModifier.TEXT_ADVANCED;
import static dev.polystore.api.search.SearchPrefix.AP;
import static dev.polystore.api.search.SearchPrefix.EB;
import static dev.polystore.api.search.SearchPrefix.EQ;
import static dev.polystore.api.search.SearchPrefix.GE;
import static dev.polystore.api.search.SearchPrefix.GT;
import static dev.polystore.api.search.SearchPrefix.LE;
import static dev.polystore.api.search.SearchPrefix.LT;
import static dev.polystore.api.search.SearchPrefix.NE;
import static dev.polystore.api.search.SearchPrefix.SA;
import static dev.polystore.core.search.Fixtures.chain;
import static dev.polystore.core.search.Fixtures.date;
import static dev.polystore.core.search.Fixtures.def;
import static dev.polystore.core.search.Fixtures.def5;
import static dev.polystore.core.search.Fixtures.hinted;
import static dev.polystore.core.search.Fixtures.number;
import static dev.polystore.core.search.Fixtures.ref;
import static dev.polystore.core.search.Fixtures.str;
import static dev.polystore.core.search.Fixtures.token;
import static dev.polystore.core.search.Fixtures.uri;
import static dev.polystore.core.search.Fixtures.value;
import static dev.polystore.core.search.SearchValue.DatePrecision.DAY;
import static dev.polystore.core.search.SearchValue.DatePrecision.FRACTION;
import static dev.polystore.core.search.SearchValue.DatePrecision.MINUTE;
import static dev.polystore.core.search.SearchValue.DatePrecision.MONTH;
import static dev.polystore.core.search.SearchValue.DatePrecision.SECOND;
import static dev.polystore.core.search.SearchValue.DatePrecision.YEAR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.TotalMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidQueriesTest {
    private static final SearchQueryResolver RESOLVER = new SearchQueryResolver(Fixtures.R4);
    private static final SearchQueryResolver RESOLVER_R5 = new SearchQueryResolver(Fixtures.R5);

    static Stream<Expected> tokens() {
        return Stream.of(
                Expected.of("Observation?code=http://loinc.org|8867-4")
                        .criteria(value(def("Observation", "code"), token("http://loinc.org", "8867-4"))),
                Expected.of("Observation?code=8867-4")
                        .criteria(value(def("Observation", "code"), token(null, "8867-4"))),
                Expected.of("Observation?code=|8867-4")
                        .criteria(value(def("Observation", "code"), token("", "8867-4"))),
                Expected.of("Observation?code=http://loinc.org|")
                        .criteria(value(def("Observation", "code"), token("http://loinc.org", null))),
                Expected.of("Observation?code=a,http://s|b")
                        .criteria(value(def("Observation", "code"), token(null, "a"), token("http://s", "b"))),
                Expected.of("Observation?code=a\\,b").criteria(value(def("Observation", "code"), token(null, "a,b"))),
                Expected.of("Observation?code=ge100").criteria(value(def("Observation", "code"), token(null, "ge100"))),
                Expected.of("Observation?code:text=blood+pressure")
                        .criteria(value(def("Observation", "code"), TEXT, new SearchValue.Text("blood pressure"))),
                Expected.of("Observation?code:not=http://loinc.org|8867-4")
                        .criteria(value(def("Observation", "code"), NOT, token("http://loinc.org", "8867-4"))),
                Expected.of("Observation?code:above=http://snomed.info/sct|3738000")
                        .criteria(value(def("Observation", "code"), ABOVE, token("http://snomed.info/sct", "3738000"))),
                Expected.of("Observation?code:below=http://snomed.info/sct|235862008")
                        .criteria(
                                value(def("Observation", "code"), BELOW, token("http://snomed.info/sct", "235862008"))),
                Expected.of("Observation?code:in=http://hl7.org/fhir/ValueSet/x")
                        .criteria(value(def("Observation", "code"), IN, uri("http://hl7.org/fhir/ValueSet/x"))),
                Expected.of("Observation?code:not-in=http://hl7.org/fhir/ValueSet/x")
                        .criteria(value(def("Observation", "code"), NOT_IN, uri("http://hl7.org/fhir/ValueSet/x"))),
                Expected.of("Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|446053")
                        .criteria(value(
                                def("Patient", "identifier"),
                                OF_TYPE,
                                new SearchValue.OfType(
                                        "http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "446053"))),
                Expected.of("Patient?identifier=http://a|x\\|y")
                        .criteria(value(def("Patient", "identifier"), token("http://a", "x|y"))),
                Expected.of("Patient?gender=male&gender=female")
                        .criteria(
                                value(def("Patient", "gender"), token(null, "male")),
                                value(def("Patient", "gender"), token(null, "female"))),
                Expected.of("Patient?_id=123").criteria(value(def("Patient", "_id"), token(null, "123"))),
                Expected.of("Patient?_tag=http://x|y").criteria(value(def("Patient", "_tag"), token("http://x", "y"))),
                Expected.of("Patient?_security=http://s|R")
                        .criteria(value(def("Patient", "_security"), token("http://s", "R"))));
    }

    static Stream<Expected> strings() {
        return Stream.of(
                Expected.of("Patient?name=peter").criteria(value(def("Patient", "name"), str("peter"))),
                Expected.of("Patient?name:exact=Peter").criteria(value(def("Patient", "name"), EXACT, str("Peter"))),
                Expected.of("Patient?name:contains=eve").criteria(value(def("Patient", "name"), CONTAINS, str("eve"))),
                Expected.of("Patient?name=ge").criteria(value(def("Patient", "name"), str("ge"))),
                Expected.of("Patient?name=a\\\\b").criteria(value(def("Patient", "name"), str("a\\b"))),
                Expected.of("Patient?name=a\\$b,c").criteria(value(def("Patient", "name"), str("a$b"), str("c"))),
                Expected.of("Patient?family=Smith&family=Jones")
                        .criteria(
                                value(def("Patient", "family"), str("Smith")),
                                value(def("Patient", "family"), str("Jones"))),
                Expected.of("Observation?_text=cancer,tumour")
                        .criteria(new Criterion.FullText("_text", List.of("cancer", "tumour"))),
                Expected.of("Observation?_content=a\\,b").criteria(new Criterion.FullText("_content", List.of("a,b"))),
                Expected.of("Patient?_filter=name+eq+peter")
                        .criteria(new Criterion.Filter(
                                "name eq peter", value(def("Patient", "name"), EXACT, str("peter")))),
                Expected.of("Patient?_list=42").criteria(new Criterion.InList(List.of("42"))),
                Expected.of("Location?near=-72.5|42.3|10|km")
                        .criteria(value(def("Location", "near"), new SearchValue.Special("-72.5|42.3|10|km"))));
    }

    static Stream<Expected> datesNumbersQuantities() {
        return Stream.of(
                Expected.of("Patient?birthdate=2020")
                        .criteria(value(
                                def("Patient", "birthdate"),
                                date(EQ, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", YEAR, "2020"))),
                Expected.of("Patient?birthdate=ge2020-03")
                        .criteria(value(
                                def("Patient", "birthdate"),
                                date(GE, "2020-03-01T00:00:00Z", "2020-04-01T00:00:00Z", MONTH, "2020-03"))),
                Expected.of("Patient?birthdate=lt2020-02-29")
                        .criteria(value(
                                def("Patient", "birthdate"),
                                date(LT, "2020-02-29T00:00:00Z", "2020-03-01T00:00:00Z", DAY, "2020-02-29"))),
                Expected.of("Observation?date=gt2020-03-04T10:15")
                        .criteria(value(
                                def("Observation", "date"),
                                date(GT, "2020-03-04T10:15:00Z", "2020-03-04T10:16:00Z", MINUTE, "2020-03-04T10:15"))),
                Expected.of("Observation?date=le2020-03-04T10:15:30Z")
                        .criteria(value(
                                def("Observation", "date"),
                                date(
                                        LE,
                                        "2020-03-04T10:15:30Z",
                                        "2020-03-04T10:15:31Z",
                                        SECOND,
                                        "2020-03-04T10:15:30Z"))),
                Expected.of("Observation?date=2020-03-04T10:15:30.123%2B05:00")
                        .criteria(value(
                                def("Observation", "date"),
                                date(
                                        EQ,
                                        "2020-03-04T05:15:30.123Z",
                                        "2020-03-04T05:15:30.124Z",
                                        FRACTION,
                                        "2020-03-04T10:15:30.123+05:00"))),
                Expected.of("Observation?date=sa2020&date=eb2021")
                        .criteria(
                                value(
                                        def("Observation", "date"),
                                        date(SA, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", YEAR, "2020")),
                                value(
                                        def("Observation", "date"),
                                        date(EB, "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z", YEAR, "2021"))),
                Expected.of("Observation?date=ne2020-01-01,ap2020")
                        .criteria(value(
                                def("Observation", "date"),
                                date(NE, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", DAY, "2020-01-01"),
                                date(AP, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", YEAR, "2020"))),
                Expected.of("Patient?_lastUpdated=ge2020-01-01")
                        .criteria(value(
                                def("Patient", "_lastUpdated"),
                                date(GE, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", DAY, "2020-01-01"))),
                Expected.of("RiskAssessment?probability=0.8")
                        .criteria(value(def("RiskAssessment", "probability"), number(EQ, "0.8", "0.75", "0.85"))),
                Expected.of("RiskAssessment?probability=gt100")
                        .criteria(value(def("RiskAssessment", "probability"), number(GT, "100", "99.5", "100.5"))),
                Expected.of("RiskAssessment?probability=100.0")
                        .criteria(value(def("RiskAssessment", "probability"), number(EQ, "100.0", "99.95", "100.05"))),
                Expected.of("RiskAssessment?probability=1e2")
                        .criteria(value(def("RiskAssessment", "probability"), number(EQ, "1e2", "50", "150"))),
                Expected.of("RiskAssessment?probability=1.0e2")
                        .criteria(value(def("RiskAssessment", "probability"), number(EQ, "1.0e2", "95", "105"))),
                Expected.of("RiskAssessment?probability=-5,le0.25")
                        .criteria(value(
                                def("RiskAssessment", "probability"),
                                number(EQ, "-5", "-5.5", "-4.5"),
                                number(LE, "0.25", "0.245", "0.255"))),
                Expected.of("Observation?value-quantity=5.4|http://unitsofmeasure.org|mg")
                        .criteria(value(
                                def("Observation", "value-quantity"),
                                new SearchValue.Quantity(
                                        number(EQ, "5.4", "5.35", "5.45"), "http://unitsofmeasure.org", "mg"))),
                Expected.of("Observation?value-quantity=le5.4||mg")
                        .criteria(value(
                                def("Observation", "value-quantity"),
                                new SearchValue.Quantity(number(LE, "5.4", "5.35", "5.45"), null, "mg"))),
                Expected.of("Observation?value-quantity=5.4")
                        .criteria(value(
                                def("Observation", "value-quantity"),
                                new SearchValue.Quantity(number(EQ, "5.4", "5.35", "5.45"), null, null))),
                Expected.of("Observation?code-value-quantity=http://loinc.org|8480-6$lt60")
                        .criteria(value(
                                def("Observation", "code-value-quantity"),
                                new SearchValue.Composite(List.of(
                                        token("http://loinc.org", "8480-6"),
                                        new SearchValue.Quantity(number(LT, "60", "59.5", "60.5"), null, null))))),
                Expected.of("Observation?code-value-concept=8480-6$http://snomed.info/sct|123")
                        .criteria(value(
                                def("Observation", "code-value-concept"),
                                new SearchValue.Composite(
                                        List.of(token(null, "8480-6"), token("http://snomed.info/sct", "123"))))));
    }

    static Stream<Expected> referencesAndUris() {
        return Stream.of(
                Expected.of("Observation?subject=Patient/123")
                        .criteria(value(def("Observation", "subject"), ref("Patient", "123"))),
                Expected.of("Observation?subject=123").criteria(value(def("Observation", "subject"), ref(null, "123"))),
                Expected.of("Observation?subject:Patient=123")
                        .criteria(hinted(def("Observation", "subject"), "Patient", ref("Patient", "123"))),
                Expected.of("Observation?subject=Patient/123/_history/2")
                        .criteria(value(
                                def("Observation", "subject"),
                                new SearchValue.Reference("Patient", "123", "2", null, null))),
                Expected.of("Observation?subject=http://example.org/fhir/Patient/123")
                        .criteria(value(
                                def("Observation", "subject"),
                                new SearchValue.Reference(
                                        "Patient", "123", null, "http://example.org/fhir/Patient/123", null))),
                Expected.of("PlanDefinition?derived-from=http://example.org/PlanDefinition/pd|1.0")
                        .criteria(value(
                                def("PlanDefinition", "derived-from"),
                                new SearchValue.Reference(
                                        "PlanDefinition", "pd", null, "http://example.org/PlanDefinition/pd", "1.0"))),
                Expected.of("Observation?subject:identifier=http://acme.org/mrn|12345")
                        .criteria(value(
                                def("Observation", "subject"), IDENTIFIER, token("http://acme.org/mrn", "12345"))),
                Expected.of("Observation?subject:missing=true")
                        .criteria(new Criterion.Missing(def("Observation", "subject"), true)),
                Expected.of("Observation?date:missing=false")
                        .criteria(new Criterion.Missing(def("Observation", "date"), false)),
                Expected.of("ValueSet?url=http://hl7.org/fhir/ValueSet/x")
                        .criteria(value(def("ValueSet", "url"), uri("http://hl7.org/fhir/ValueSet/x"))),
                Expected.of("ValueSet?url:below=http://hl7.org/fhir/")
                        .criteria(value(def("ValueSet", "url"), BELOW, uri("http://hl7.org/fhir/"))),
                Expected.of("ValueSet?url:above=http://hl7.org/fhir/ValueSet/x/y")
                        .criteria(value(def("ValueSet", "url"), ABOVE, uri("http://hl7.org/fhir/ValueSet/x/y"))),
                Expected.of("Patient?_profile=http://hl7.org/fhir/StructureDefinition/vitalsigns")
                        .criteria(value(
                                def("Patient", "_profile"),
                                uri("http://hl7.org/fhir/StructureDefinition/vitalsigns"))));
    }

    static Stream<Expected> chainsAndHas() {
        return Stream.of(
                Expected.of("Observation?subject.name=peter")
                        .criteria(chain(
                                def("Observation", "subject"),
                                null,
                                "Patient",
                                value(def("Patient", "name"), str("peter")),
                                "Location",
                                value(def("Location", "name"), str("peter")))),
                Expected.of("Observation?subject:Patient.name=peter")
                        .criteria(chain(
                                def("Observation", "subject"),
                                "Patient",
                                "Patient",
                                value(def("Patient", "name"), str("peter")))),
                Expected.of("Observation?subject:Patient.organization.name=acme")
                        .criteria(chain(
                                def("Observation", "subject"),
                                "Patient",
                                "Patient",
                                chain(
                                        def("Patient", "organization"),
                                        null,
                                        "Organization",
                                        value(def("Organization", "name"), str("acme"))))),
                Expected.of("Observation?subject:Patient.organization.partof.name:exact=Acme")
                        .criteria(chain(
                                def("Observation", "subject"),
                                "Patient",
                                "Patient",
                                chain(
                                        def("Patient", "organization"),
                                        null,
                                        "Organization",
                                        chain(
                                                def("Organization", "partof"),
                                                null,
                                                "Organization",
                                                value(def("Organization", "name"), EXACT, str("Acme")))))),
                Expected.of("Observation?subject:Patient.birthdate:missing=true")
                        .criteria(chain(
                                def("Observation", "subject"),
                                "Patient",
                                "Patient",
                                new Criterion.Missing(def("Patient", "birthdate"), true))),
                Expected.of("Patient?_has:Observation:patient:code=1234-5")
                        .criteria(new Criterion.Has(
                                "Observation",
                                def("Observation", "patient"),
                                value(def("Observation", "code"), token(null, "1234-5")))),
                Expected.of("Patient?_has:Observation:patient:_has:AuditEvent:entity:agent=Practitioner/1")
                        .criteria(new Criterion.Has(
                                "Observation",
                                def("Observation", "patient"),
                                new Criterion.Has(
                                        "AuditEvent",
                                        def("AuditEvent", "entity"),
                                        value(def("AuditEvent", "agent"), ref("Practitioner", "1"))))),
                Expected.of("Patient?_has:Observation:subject:performer:Practitioner.name=smith")
                        .criteria(new Criterion.Has(
                                "Observation",
                                def("Observation", "subject"),
                                chain(
                                        def("Observation", "performer"),
                                        "Practitioner",
                                        "Practitioner",
                                        value(def("Practitioner", "name"), str("smith"))))));
    }

    static Stream<Expected> chainsThroughHas() {
        Criterion.Has has =
                new Criterion.Has("Group", def("Group", "member"), value(def("Group", "code"), token(null, "x")));
        return Stream.of(Expected.of("Observation?subject._has:Group:member:code=x")
                .criteria(chain(def("Observation", "subject"), null, "Group", has, "Device", has, "Patient", has)));
    }

    static Stream<Expected> control() {
        return Stream.of(
                Expected.of("Observation?_include=Observation:subject")
                        .include(new ResolvedSearch.Include("Observation", def("Observation", "subject"), null, false)),
                Expected.of("Observation?_include=Observation:subject:Patient")
                        .include(new ResolvedSearch.Include(
                                "Observation", def("Observation", "subject"), "Patient", false)),
                Expected.of("Observation?_include:iterate=Patient:organization&_include=Observation:subject")
                        .include(new ResolvedSearch.Include("Patient", def("Patient", "organization"), null, true))
                        .include(new ResolvedSearch.Include("Observation", def("Observation", "subject"), null, false)),
                Expected.of("Observation?_include=*").include(new ResolvedSearch.Include(null, null, null, false)),
                Expected.of("Observation?_include=Observation:*")
                        .include(new ResolvedSearch.Include("Observation", null, null, false)),
                Expected.of("Observation?_include:recurse=Observation:has-member")
                        .include(new ResolvedSearch.Include(
                                "Observation", def("Observation", "has-member"), null, true)),
                Expected.of("Patient?_revinclude=Provenance:target&_revinclude:iterate=Observation:has-member")
                        .revinclude(new ResolvedSearch.Include("Provenance", def("Provenance", "target"), null, false))
                        .revinclude(new ResolvedSearch.Include(
                                "Observation", def("Observation", "has-member"), null, true)),
                Expected.of("Observation?_sort=-date,code,_id")
                        .sort(new ResolvedSearch.SortKey(
                                "date", true, Map.of("Observation", def("Observation", "date"))))
                        .sort(new ResolvedSearch.SortKey(
                                "code", false, Map.of("Observation", def("Observation", "code"))))
                        .sort(new ResolvedSearch.SortKey(
                                "_id", false, Map.of("Observation", def("Observation", "_id")))),
                Expected.of("Patient?_sort=-_lastUpdated")
                        .sort(new ResolvedSearch.SortKey(
                                "_lastUpdated", true, Map.of("Patient", def("Patient", "_lastUpdated")))),
                Expected.of("Patient?_count=0&_total=accurate").count(0).total(TotalMode.ACCURATE),
                Expected.of("Patient?_count=1000&_total=estimate&_summary=count")
                        .count(1000)
                        .total(TotalMode.ESTIMATE)
                        .summary(ResolvedSearch.SummaryMode.COUNT),
                Expected.of("Patient?_summary=text").summary(ResolvedSearch.SummaryMode.TEXT),
                Expected.of("Observation?_elements=status,code,valueQuantity")
                        .elements("status", "code", "valueQuantity"),
                Expected.of("Observation?_elements=status,Patient.name,Observation.subject")
                        .elements("status", "Patient.name", "Observation.subject"),
                Expected.of("Patient?name=&gender=male")
                        .criteria(value(def("Patient", "gender"), token(null, "male")))
                        .selfUrl("Patient?gender=male"),
                Expected.of("Patient?gender=male&_format=json&_pretty=true")
                        .criteria(value(def("Patient", "gender"), token(null, "male")))
                        .selfUrl("Patient?gender=male"),
                Expected.of("Patient?_contained=false&_containedType=container"));
    }

    static Stream<Expected> compartmentsAndTypes() {
        Map<String, List<String>> all = new LinkedHashMap<>(
                Fixtures.R4.compartment("Patient").orElseThrow().paramsByResourceType());
        all.values().removeIf(List::isEmpty);
        return Stream.of(
                Expected.of("Patient/123/Observation?code=x")
                        .compartment(new Criterion.Compartment(
                                "Patient", "123", Map.of("Observation", List.of("subject", "performer"))))
                        .criteria(value(def("Observation", "code"), token(null, "x"))),
                Expected.of("Patient/123/Patient")
                        .compartment(new Criterion.Compartment("Patient", "123", Map.of("Patient", List.of("link")))),
                Expected.of("Patient/123/*?_type=Observation,Condition&code=x")
                        .types("Observation", "Condition")
                        .compartment(new Criterion.Compartment(
                                "Patient",
                                "123",
                                orderedMap(
                                        "Observation",
                                        List.of("subject", "performer"),
                                        "Condition",
                                        List.of("patient", "asserter"))))
                        .criteria(new Criterion.PerType(orderedMap(
                                "Observation",
                                value(def("Observation", "code"), token(null, "x")),
                                "Condition",
                                value(def("Condition", "code"), token(null, "x"))))),
                Expected.of("Patient/123/*")
                        .types(all.keySet().toArray(String[]::new))
                        .compartment(new Criterion.Compartment("Patient", "123", all)),
                Expected.of("?_type=Patient,Practitioner&name=smith")
                        .types("Patient", "Practitioner")
                        .criteria(new Criterion.PerType(orderedMap(
                                "Patient",
                                value(def("Patient", "name"), str("smith")),
                                "Practitioner",
                                value(def("Practitioner", "name"), str("smith"))))),
                Expected.of("?_type=Patient,Practitioner&_id=1&_sort=gender")
                        .types("Patient", "Practitioner")
                        .criteria(value(def("Patient", "_id"), token(null, "1")))
                        .sort(new ResolvedSearch.SortKey(
                                "gender",
                                false,
                                orderedMap(
                                        "Patient",
                                        def("Patient", "gender"),
                                        "Practitioner",
                                        def("Practitioner", "gender")))),
                Expected.of("?_id=1").criteria(value(def("Resource", "_id"), token(null, "1"))));
    }

    static Stream<Expected> all() {
        return Stream.of(
                        tokens(),
                        strings(),
                        datesNumbersQuantities(),
                        referencesAndUris(),
                        chainsAndHas(),
                        chainsThroughHas(),
                        control())
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("all")
    void resolvesExactly(Expected expected) {
        assertThat(RESOLVER.resolve(expected.query())).isEqualTo(expected.build());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("compartmentsAndTypes")
    void resolvesCompartmentsAndTypes(Expected expected) {
        assertThat(RESOLVER.resolve(expected.query())).isEqualTo(expected.build());
    }

    static Stream<Expected> r5() {
        return Stream.of(
                Expected.of("Patient?name:text=peter")
                        .criteria(new Criterion.Value(def5("Patient", "name"), TEXT, null, List.of(str("peter")))),
                Expected.of("Observation?code:code-text=blood")
                        .criteria(new Criterion.Value(
                                def5("Observation", "code"), CODE_TEXT, null, List.of(new SearchValue.Text("blood")))),
                Expected.of("Observation?code:text-advanced=blood")
                        .criteria(new Criterion.Value(
                                def5("Observation", "code"),
                                TEXT_ADVANCED,
                                null,
                                List.of(new SearchValue.Text("blood")))),
                Expected.of("ValueSet?url:contains=loinc")
                        .criteria(new Criterion.Value(
                                def5("ValueSet", "url"), SearchModifier.CONTAINS, null, List.of(uri("loinc")))),
                Expected.of("Patient?_list=42").criteria(new Criterion.InList(List.of("42"))),
                Expected.of("Observation?subject:text=peter")
                        .criteria(new Criterion.Value(
                                def5("Observation", "subject"), TEXT, null, List.of(new SearchValue.Text("peter")))),
                Expected.of("Medication?form=tablet")
                        .criteria(new Criterion.Value(
                                def5("Medication", "form"), null, null, List.of(token(null, "tablet")))),
                Expected.of("Patient?_profile=http://x.org/StructureDefinition/p|2")
                        .criteria(new Criterion.Value(
                                def5("Patient", "_profile"),
                                null,
                                null,
                                List.of(new SearchValue.Reference(
                                        "StructureDefinition",
                                        "p",
                                        null,
                                        "http://x.org/StructureDefinition/p",
                                        "2")))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("r5")
    void resolvesR5Modifiers(Expected expected) {
        assertThat(RESOLVER_R5.resolve(expected.query())).isEqualTo(expected.build());
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
