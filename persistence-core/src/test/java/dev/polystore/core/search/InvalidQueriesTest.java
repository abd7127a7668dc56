package dev.polystore.core.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidQueriesTest {
    private static final SearchQueryResolver R4 = new SearchQueryResolver(Fixtures.R4);
    private static final SearchQueryResolver R5 = new SearchQueryResolver(Fixtures.R5);

    static Stream<Arguments> invalid() {
        return Stream.of(
                // unknown parameters, types, modifiers
                Arguments.of("Patient?foo=bar", new String[] {"'foo'", "Patient"}),
                Arguments.of("Patient?_foo=bar", new String[] {"'_foo'"}),
                Arguments.of("Foo?name=x", new String[] {"'Foo'"}),
                Arguments.of("Observation?code:foo=x", new String[] {"':foo'", "'code'"}),
                Arguments.of("Observation?code:=x", new String[] {"code:", "empty modifier"}),
                Arguments.of(
                        "Observation?code:exact=x",
                        new String[] {"modifier ':exact' is not allowed on token parameter 'code' of Observation"}),
                Arguments.of("Patient?name:not=x", new String[] {"':not'", "string parameter 'name'"}),
                Arguments.of("Observation?date:exact=2020", new String[] {"':exact'", "date parameter 'date'"}),
                Arguments.of("Observation?value-quantity:contains=5", new String[] {"':contains'", "'value-quantity'"}),
                Arguments.of("RiskAssessment?probability:above=5", new String[] {"':above'", "'probability'"}),
                Arguments.of("Observation?code-value-quantity:exact=a$5", new String[] {"':exact'", "composite"}),
                Arguments.of("Observation?subject:text=x", new String[] {"':text'", "reference parameter 'subject'"}),
                Arguments.of("ValueSet?url:contains=x", new String[] {"':contains'", "uri parameter 'url'"}),
                // prefixes and malformed values
                Arguments.of("Observation?date=xx2020", new String[] {"'xx2020'", "'date'", "prefix 'xx'"}),
                Arguments.of("Observation?date=GE2020", new String[] {"'GE2020'", "prefix 'GE'"}),
                Arguments.of("Observation?date=2020-13-01", new String[] {"'2020-13-01'", "'date'"}),
                Arguments.of("Observation?date=2020-02-30", new String[] {"'2020-02-30'", "'date'"}),
                Arguments.of("Observation?date=2021-02-29", new String[] {"'2021-02-29'"}),
                Arguments.of("Observation?date=20200101", new String[] {"'20200101'", "'date'"}),
                Arguments.of("Observation?date=2020-01-01T25:00", new String[] {"'2020-01-01T25:00'"}),
                Arguments.of("Observation?date=2020-01-01T10", new String[] {"'2020-01-01T10'"}),
                Arguments.of("Observation?date=2020-01-01T10:00%2B15:00", new String[] {"'2020-01-01T10:00+15:00'"}),
                Arguments.of("Observation?date=2020-01-01Z", new String[] {"'2020-01-01Z'"}),
                Arguments.of("RiskAssessment?probability=abc", new String[] {"'abc'", "'probability'"}),
                Arguments.of("RiskAssessment?probability=1.2.3", new String[] {"'1.2.3'", "number"}),
                Arguments.of("RiskAssessment?probability=gt", new String[] {"'gt'", "'probability'"}),
                Arguments.of("RiskAssessment?probability=.5", new String[] {"'.5'"}),
                Arguments.of("Observation?value-quantity=5.4|mg", new String[] {"'5.4|mg'", "'value-quantity'"}),
                Arguments.of("Observation?value-quantity=five||mg", new String[] {"'five||mg'"}),
                Arguments.of("Observation?value-quantity=5,4|a|b|c", new String[] {"'4|a|b|c'"}),
                Arguments.of("Observation?code=a|b|c", new String[] {"'a|b|c'", "'code'"}),
                Arguments.of("Observation?code=|", new String[] {"'|'", "'code'"}),
                Arguments.of("Observation?code=a,,b", new String[] {"'a,,b'", "empty item"}),
                Arguments.of("Patient?identifier:of-type=a|b", new String[] {"'a|b'", "of-type"}),
                Arguments.of("Observation?subject:missing=maybe", new String[] {"'maybe'", "subject:missing"}),
                Arguments.of("Observation?code-value-quantity=8480-6", new String[] {"'8480-6'", "2 components"}),
                Arguments.of("Observation?code-value-quantity=a$5,b$6", new String[] {"several values"}),
                Arguments.of("Observation?code-value-quantity=a$xx5", new String[] {"'a$xx5'", "prefix 'xx'"}),
                // escapes
                Arguments.of("Patient?name=a\\x", new String[] {"'a\\x'", "'name'", "escape"}),
                Arguments.of("Patient?name=a\\", new String[] {"'a\\'", "'name'"}),
                // references
                Arguments.of("Observation?subject=Foo/123", new String[] {"'Foo'", "'subject'"}),
                Arguments.of("Observation?subject=Medication/1", new String[] {"Medication", "'subject'"}),
                Arguments.of("Observation?subject=bad_id", new String[] {"'bad_id'", "'subject'"}),
                Arguments.of("Observation?subject:Patient=Group/1", new String[] {"Group", "Patient"}),
                Arguments.of("Observation?subject:Medication=1", new String[] {"'Medication'", "'subject'"}),
                // chains
                Arguments.of(
                        "Observation?code.name=x",
                        new String[] {"cannot chain through token parameter 'code' of Observation"}),
                Arguments.of("Observation?subject:Medication.name=x", new String[] {"'Medication'", "target"}),
                Arguments.of("Observation?subject.foo=x", new String[] {"'foo'", "'subject'"}),
                Arguments.of("Observation?subject:Patient.foo=x", new String[] {"'foo'", "Patient"}),
                Arguments.of("Observation?subject:Patient.gender.name=x", new String[] {"token parameter 'gender'"}),
                Arguments.of("Observation?subject:exact.name=x", new String[] {"':exact'", "'subject'"}),
                Arguments.of("Observation?code:Patient=x", new String[] {"':Patient'", "token parameter 'code'"}),
                // _has
                Arguments.of(
                        "Patient?_has:Observation:encounter:code=x",
                        new String[] {"'encounter'", "does not point to Patient"}),
                Arguments.of("Patient?_has:Observation:code:code=x", new String[] {"'code'", "not a reference"}),
                Arguments.of("Patient?_has:Foo:patient:code=x", new String[] {"'Foo'"}),
                Arguments.of("Patient?_has:Observation:patient=x", new String[] {"_has:Observation:patient"}),
                Arguments.of("Patient?_has:Observation:foo:code=x", new String[] {"'foo'", "Observation"}),
                Arguments.of("Patient?_has:Observation:patient:foo=x", new String[] {"'foo'", "Observation"}),
                // control parameters
                Arguments.of("Patient?_count=1001", new String[] {"'1001'", "_count"}),
                Arguments.of("Patient?_count=-1", new String[] {"'-1'", "_count"}),
                Arguments.of("Patient?_count=ten", new String[] {"'ten'", "_count"}),
                Arguments.of("Patient?_count=10&_count=20", new String[] {"'_count'", "only once"}),
                Arguments.of("Patient?_sort=name&_sort=gender", new String[] {"'_sort'", "only once"}),
                Arguments.of("Patient?_summary=true&_summary=false", new String[] {"'_summary'", "only once"}),
                Arguments.of("?_type=Patient&_type=Practitioner", new String[] {"'_type'", "only once"}),
                Arguments.of("Observation?subject..name=x", new String[] {"subject..name"}),
                Arguments.of("Observation?subject.=x", new String[] {"subject."}),
                Arguments.of("Patient?_sort=foo", new String[] {"'foo'", "_sort"}),
                Arguments.of("Patient?_sort=name,", new String[] {"'name,'", "_sort"}),
                Arguments.of("Observation?_sort=code-value-quantity", new String[] {"'code-value-quantity'", "_sort"}),
                Arguments.of("Patient?_sort:desc=name", new String[] {"_sort:desc"}),
                Arguments.of("Patient?_total=maybe", new String[] {"'maybe'", "_total"}),
                Arguments.of("Patient?_summary=yes", new String[] {"'yes'", "_summary"}),
                Arguments.of("Patient?_elements=foo", new String[] {"'foo'", "_elements"}),
                Arguments.of("Observation?_elements=Patient.foo", new String[] {"'Patient.foo'", "_elements"}),
                Arguments.of("Observation?_elements=Nope.name", new String[] {"'Nope.name'", "_elements"}),
                Arguments.of("Observation?_elements=Resource.id", new String[] {"'Resource.id'", "_elements"}),
                Arguments.of("Observation?_elements=Patient.name.family", new String[] {"'Patient.name.family'"}),
                Arguments.of("Observation?_include=Observation:code", new String[] {"'code'", "not a reference"}),
                Arguments.of(
                        "Observation?_include=Observation:subject:Medication",
                        new String[] {"'Medication'", "_include"}),
                Arguments.of("Observation?_include=Foo:bar", new String[] {"'Foo'", "_include"}),
                Arguments.of("Observation?_include=Observation", new String[] {"'Observation'", "_include"}),
                Arguments.of("Patient?_include=Observation:subject", new String[] {"Observation:subject", "Patient"}),
                Arguments.of("Patient?_revinclude=Observation:encounter", new String[] {"'encounter'", "Patient"}),
                Arguments.of("Patient?_include:foo=Patient:organization", new String[] {"_include:foo"}),
                Arguments.of("Patient?_type=Patient", new String[] {"_type"}),
                Arguments.of("?_type=Patient,Foo", new String[] {"'Foo'", "_type"}),
                Arguments.of(
                        "?_type=Patient,Practitioner&general-practitioner=Practitioner/1",
                        new String[] {"'general-practitioner'"}),
                Arguments.of("Patient?_contained=maybe", new String[] {"'maybe'", "_contained"}),
                Arguments.of("Patient?_text:exact=x", new String[] {"'_text'"}),
                // compartments
                Arguments.of("Foo/123/Observation", new String[] {"'Foo'", "compartment"}),
                Arguments.of("Patient/123/Medication", new String[] {"Medication", "Patient compartment"}),
                Arguments.of("Patient/a_b/Observation", new String[] {"'a_b'"}),
                Arguments.of("Patient/123/*?_type=Observation,Medication", new String[] {"Medication"}),
                // R5-only modifiers on an R4 registry
                Arguments.of("Patient?name:text=x", new String[] {"':text'", "string parameter 'name'"}),
                Arguments.of("Observation?code:code-text=x", new String[] {"':code-text'", "'code'"}),
                Arguments.of("Observation?code:text-advanced=x", new String[] {"':text-advanced'", "'code'"}));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void refuses(String url, String[] fragments) {
        SearchQuery query = SearchQuery.parse(url);
        var thrown = assertThatThrownBy(() -> R4.resolve(query)).isInstanceOf(InvalidSearchException.class);
        for (String fragment : fragments) {
            thrown.hasMessageContaining(fragment);
        }
    }

    static Stream<Arguments> invalidR5() {
        return Stream.of(
                Arguments.of("Patient?_include:recurse=Patient:organization", new String[] {"_include:recurse"}),
                Arguments.of("Patient?name:code-text=x", new String[] {"':code-text'", "string parameter 'name'"}),
                Arguments.of("Patient?gender:contains=x", new String[] {"':contains'", "token parameter 'gender'"}));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidR5")
    void refusesOnR5(String url, String[] fragments) {
        SearchQuery query = SearchQuery.parse(url);
        var thrown = assertThatThrownBy(() -> R5.resolve(query)).isInstanceOf(InvalidSearchException.class);
        for (String fragment : fragments) {
            thrown.hasMessageContaining(fragment);
        }
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("Patient?_query=everything", "_query"),
                Arguments.of("Patient?_contained=true", "_contained=true"),
                Arguments.of("Patient?_contained=both", "_contained=both"),
                Arguments.of("Patient?_containedType=contained", "_containedType=contained"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unsupported")
    void unsupportedButValid(String url, String fragment) {
        SearchQuery query = SearchQuery.parse(url);
        assertThatThrownBy(() -> R4.resolve(query))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining(fragment);
    }
}
