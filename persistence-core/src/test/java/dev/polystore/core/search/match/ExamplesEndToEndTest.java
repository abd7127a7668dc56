package dev.polystore.core.search.match;

import static dev.polystore.core.search.match.MatchResult.MATCH;
import static dev.polystore.core.search.match.MatchResult.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.core.index.IndexEntry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specification's own examples ({@code com.ibm.fhir:fhir-examples} {@code json/spec/}) indexed and searched end to
 * end, a few queries per search type expected to match and not to match.
 */
class ExamplesEndToEndTest {
    static final IndexMatcher MATCHER =
            new IndexMatcher(java.time.Clock.systemUTC(), List.of("https://example.org/fhir"));

    static Stream<Arguments> patient() {
        return Stream.of(
                // string (HumanName, Address parts; accents folded: contact name "du Marché" is not Patient.name)
                Arguments.of("Patient?name=peter", MATCH),
                Arguments.of("Patient?name=CHALM", MATCH),
                Arguments.of("Patient?name=windsor", MATCH),
                Arguments.of("Patient?name=eter", NO_MATCH),
                Arguments.of("Patient?name:exact=Chalmers", MATCH),
                Arguments.of("Patient?name:exact=chalmers", NO_MATCH),
                Arguments.of("Patient?name:contains=alme", MATCH),
                Arguments.of("Patient?family=marche", NO_MATCH),
                Arguments.of("Patient?address-city=pleasant", MATCH),
                Arguments.of("Patient?address-city=rainbow", NO_MATCH),
                // token
                Arguments.of("Patient?gender=male", MATCH),
                Arguments.of("Patient?gender=female", NO_MATCH),
                Arguments.of("Patient?gender:not=female", MATCH),
                Arguments.of("Patient?identifier=urn:oid:1.2.36.146.595.217.0.1|12345", MATCH),
                Arguments.of("Patient?identifier=urn:oid:1.2.36.146.595.217.0.1|", MATCH),
                Arguments.of("Patient?identifier=urn:oid:9.9|12345", NO_MATCH),
                Arguments.of(
                        "Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345", MATCH),
                Arguments.of("Patient?active=true", MATCH),
                Arguments.of("Patient?active=false", NO_MATCH),
                Arguments.of("Patient?phone=(03) 5555 6473", MATCH),
                Arguments.of("Patient?_tag=http://terminology.hl7.org/CodeSystem/v3-ActReason|HTEST", MATCH),
                // date
                Arguments.of("Patient?birthdate=1974-12-25", MATCH),
                Arguments.of("Patient?birthdate=1974", MATCH),
                Arguments.of("Patient?birthdate=1974-12-26", NO_MATCH),
                Arguments.of("Patient?birthdate=lt1975", MATCH),
                Arguments.of("Patient?birthdate=gt1975", NO_MATCH),
                Arguments.of("Patient?birthdate=sa1974-12-24", MATCH),
                Arguments.of("Patient?birthdate=eb1974-12-25", NO_MATCH),
                // reference
                Arguments.of("Patient?organization=Organization/1", MATCH),
                Arguments.of("Patient?organization=1", MATCH),
                Arguments.of("Patient?organization=https://example.org/fhir/Organization/1", MATCH),
                Arguments.of("Patient?organization=Organization/2", NO_MATCH),
                // missing
                Arguments.of("Patient?death-date:missing=true", MATCH),
                Arguments.of("Patient?birthdate:missing=true", NO_MATCH));
    }

    static Stream<Arguments> observation() {
        String ucum = "http://unitsofmeasure.org";
        return Stream.of(
                // token
                Arguments.of("Observation?code=http://loinc.org|29463-7", MATCH),
                Arguments.of("Observation?code=27113001", MATCH),
                Arguments.of("Observation?code=http://loinc.org|27113001", NO_MATCH),
                Arguments.of("Observation?code:text=body weight", MATCH),
                Arguments.of("Observation?code:text=weight", NO_MATCH),
                Arguments.of("Observation?category=vital-signs", MATCH),
                Arguments.of("Observation?status=final", MATCH),
                Arguments.of("Observation?status=preliminary", NO_MATCH),
                // date
                Arguments.of("Observation?date=2016-03-28", MATCH),
                Arguments.of("Observation?date=2016-03", MATCH),
                Arguments.of("Observation?date=ge2016-03-28", MATCH),
                Arguments.of("Observation?date=gt2016-03-28", NO_MATCH),
                Arguments.of("Observation?date=2016-03-28T10:00", NO_MATCH),
                // quantity: 185 [lb_av] = 83.9 kg
                Arguments.of("Observation?value-quantity=185", MATCH),
                Arguments.of("Observation?value-quantity=185|" + ucum + "|[lb_av]", MATCH),
                Arguments.of("Observation?value-quantity=185||lbs", MATCH),
                Arguments.of("Observation?value-quantity=gt80|" + ucum + "|kg", MATCH),
                Arguments.of("Observation?value-quantity=lt80|" + ucum + "|kg", NO_MATCH),
                Arguments.of("Observation?value-quantity=84|" + ucum + "|kg", MATCH),
                Arguments.of("Observation?value-quantity=83|" + ucum + "|kg", NO_MATCH),
                Arguments.of("Observation?value-quantity=185|" + ucum + "|kg", NO_MATCH),
                // reference
                Arguments.of("Observation?subject=Patient/example", MATCH),
                Arguments.of("Observation?patient=example", MATCH),
                Arguments.of("Observation?subject:Group=example", NO_MATCH),
                Arguments.of("Observation?encounter=Encounter/example", MATCH),
                Arguments.of("Observation?encounter=Encounter/other", NO_MATCH),
                // composite
                Arguments.of("Observation?code-value-quantity=http://loinc.org|29463-7$185", MATCH),
                Arguments.of("Observation?code-value-quantity=http://loinc.org|29463-7$gt80|" + ucum + "|kg", MATCH),
                Arguments.of("Observation?code-value-quantity=http://loinc.org|8867-4$185", NO_MATCH),
                // missing
                Arguments.of("Observation?value-quantity:missing=false", MATCH),
                Arguments.of("Observation?value-concept:missing=false", NO_MATCH));
    }

    static void check(String example, String query, MatchResult expected) {
        List<IndexEntry> entries = Harness.entries(Harness.example(example));
        assertThat(MATCHER.evaluate(Harness.criterion(query), entries))
                .as("%s on %s", query, example)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void patient(String query, MatchResult expected) {
        check("patient-example.json", query, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void observation(String query, MatchResult expected) {
        check("observation-example.json", query, expected);
    }
}
