package dev.polystore.core.search;

import static dev.polystore.core.search.Fixtures.def;
import static dev.polystore.core.search.Fixtures.str;
import static dev.polystore.core.search.Fixtures.token;
import static dev.polystore.core.search.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchPrefix;
import dev.polystore.api.search.SearchQuery;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code _filter}: syntax (FilterParser) and resolution to criteria (FilterCriteria) through the resolver. */
class FilterParserTest {
    private static final SearchQueryResolver R4 = new SearchQueryResolver(Fixtures.R4);

    private static Criterion filter(String type, String expression) {
        SearchQuery query = new SearchQuery(
                type, null, null, List.of(new SearchQuery.Param("_filter", expression)), SearchQuery.Handling.STRICT);
        List<Criterion> criteria = R4.resolve(query).criteria();
        assertThat(criteria).hasSize(1);
        assertThat(criteria.get(0)).isInstanceOf(Criterion.Filter.class);
        Criterion.Filter f = (Criterion.Filter) criteria.get(0);
        assertThat(f.expression()).isEqualTo(expression);
        return f.criterion();
    }

    private static Criterion.Value ordinary(String type, String name, String value) {
        SearchQuery query = new SearchQuery(
                type, null, null, List.of(new SearchQuery.Param(name, value)), SearchQuery.Handling.STRICT);
        return (Criterion.Value) R4.resolve(query).criteria().get(0);
    }

    @Test
    void operatorsMapToOrdinarySearch() {
        var name = def("Patient", "name");
        assertThat(filter("Patient", "name eq \"Peter\"")).isEqualTo(value(name, SearchModifier.EXACT, str("Peter")));
        assertThat(filter("Patient", "name co \"ete\"")).isEqualTo(value(name, SearchModifier.CONTAINS, str("ete")));
        assertThat(filter("Patient", "name sw pet")).isEqualTo(value(name, str("pet")));
        assertThat(filter("Patient", "name ew ter"))
                .isEqualTo(new Criterion.Value(name, null, null, List.of(new SearchValue.StringEnd("ter"))));
        assertThat(filter("Patient", "name ne \"Peter\""))
                .isEqualTo(new Criterion.Not(value(name, SearchModifier.EXACT, str("Peter"))));
        assertThat(filter("Observation", "code eq http://loinc.org|1234-5"))
                .isEqualTo(value(def("Observation", "code"), token("http://loinc.org", "1234-5")));
        assertThat(filter("Observation", "code ne 1234-5"))
                .isEqualTo(new Criterion.Not(value(def("Observation", "code"), token(null, "1234-5"))));
        assertThat(filter("Patient", "birthdate ge 2014-10-10"))
                .isEqualTo(ordinary("Patient", "birthdate", "ge2014-10-10"));
        assertThat(filter("Patient", "birthdate eq 2014")).isEqualTo(ordinary("Patient", "birthdate", "eq2014"));
        for (String op : List.of("ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")) {
            assertThat(filter("RiskAssessment", "probability " + op + " 0.5"))
                    .isEqualTo(ordinary("RiskAssessment", "probability", op + "0.5"));
            Criterion.Value q = (Criterion.Value)
                    filter("Observation", "value-quantity " + op + " 5.4|http://unitsofmeasure.org|mg");
            assertThat(((SearchValue.Quantity) q.values().get(0)).number().prefix())
                    .isEqualTo(SearchPrefix.of(op).orElseThrow());
        }
        SearchValue.Date year = (SearchValue.Date)
                ordinary("Patient", "birthdate", "2014").values().get(0);
        assertThat(filter("Patient", "birthdate po 2014"))
                .isEqualTo(new Criterion.Value(
                        def("Patient", "birthdate"), null, null, List.of(new SearchValue.DateOverlap(year))));
        assertThat(filter("Patient", "name pr true")).isEqualTo(new Criterion.Missing(name, false));
        assertThat(filter("Patient", "name pr false")).isEqualTo(new Criterion.Missing(name, true));
        assertThat(filter("Observation", "code ss http://snomed.info/sct|404684003"))
                .isEqualTo(ordinary("Observation", "code:below", "http://snomed.info/sct|404684003"));
        assertThat(filter("Observation", "code sb http://snomed.info/sct|404684003"))
                .isEqualTo(ordinary("Observation", "code:above", "http://snomed.info/sct|404684003"));
        assertThat(filter("Observation", "code in http://hl7.org/fhir/ValueSet/x"))
                .isEqualTo(ordinary("Observation", "code:in", "http://hl7.org/fhir/ValueSet/x"));
        assertThat(filter("Observation", "code ni http://hl7.org/fhir/ValueSet/x"))
                .isEqualTo(ordinary("Observation", "code:not-in", "http://hl7.org/fhir/ValueSet/x"));
        assertThat(filter("Observation", "subject re Patient/123"))
                .isEqualTo(ordinary("Observation", "subject", "Patient/123"));
    }

    @Test
    void precedenceNotOverAndOverOr() {
        var given = def("Patient", "given");
        var family = def("Patient", "family");
        var gender = def("Patient", "gender");
        Criterion a = value(given, SearchModifier.EXACT, str("a"));
        Criterion b = value(family, SearchModifier.EXACT, str("b"));
        Criterion c = value(gender, token(null, "male"));
        assertThat(filter("Patient", "given eq a or family eq b and gender eq male"))
                .isEqualTo(new Criterion.Or(List.of(a, new Criterion.And(List.of(b, c)))));
        assertThat(filter("Patient", "(given eq a or family eq b) and gender eq male"))
                .isEqualTo(new Criterion.And(List.of(new Criterion.Or(List.of(a, b)), c)));
        assertThat(filter("Patient", "not (given eq a) AND not(family eq b) Or gender eq male"))
                .isEqualTo(new Criterion.Or(
                        List.of(new Criterion.And(List.of(new Criterion.Not(a), new Criterion.Not(b))), c)));
        assertThat(filter("Patient", "  ((given EQ a))  ")).isEqualTo(a);
    }

    @Test
    void stringsAreQuotedWithJsonEscapesAndCommasStayLiteral() {
        var name = def("Patient", "name");
        assertThat(filter("Patient", "name eq \"O\\\"Brien, \\\\x\\u00e9 and (y)\""))
                .isEqualTo(value(name, SearchModifier.EXACT, str("O\"Brien, \\xé and (y)")));
        assertThat(filter("Patient", "name eq a,b")).isEqualTo(value(name, SearchModifier.EXACT, str("a,b")));
        assertThat(filter("Patient", "name co \"a|b$c\""))
                .isEqualTo(value(name, SearchModifier.CONTAINS, str("a|b$c")));
    }

    @Test
    void chainsAndSubFiltersFollowReferences() {
        Criterion chained = filter("Observation", "subject.name co \"pet\"");
        assertThat(chained).isInstanceOf(Criterion.Chain.class);
        Criterion.Chain chain = (Criterion.Chain) chained;
        assertThat(chain.parameter()).isEqualTo(def("Observation", "subject"));
        assertThat(chain.byTargetType().get("Patient"))
                .isEqualTo(value(def("Patient", "name"), SearchModifier.CONTAINS, str("pet")));
        assertThat(chain.byTargetType()).doesNotContainKey("Group"); // Group has no 'name' parameter

        Criterion.Chain sub = (Criterion.Chain) filter("Observation", "subject[gender eq male].name co \"pet\"");
        assertThat(sub.byTargetType()).containsOnlyKeys("Patient"); // the only target with both gender and name
        assertThat(sub.byTargetType().get("Patient"))
                .isEqualTo(new Criterion.And(List.of(
                        value(def("Patient", "gender"), token(null, "male")),
                        value(def("Patient", "name"), SearchModifier.CONTAINS, str("pet")))));

        Criterion.Chain deep = (Criterion.Chain) filter("Observation", "subject.organization.name sw acme");
        Criterion.Chain inner = (Criterion.Chain) deep.byTargetType().get("Patient");
        assertThat(inner.byTargetType().get("Organization")).isEqualTo(value(def("Organization", "name"), str("acme")));
    }

    @Test
    void resolvesPerTypeAcrossTypes() {
        SearchQuery query = SearchQuery.parse("?_type=Patient,Practitioner&_filter=name%20eq%20x");
        Criterion.Filter f = (Criterion.Filter) R4.resolve(query).criteria().get(0);
        assertThat(f.criterion()).isInstanceOf(Criterion.PerType.class);
        assertThat(((Criterion.PerType) f.criterion()).byType()).containsOnlyKeys("Patient", "Practitioner");
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("name", new String[] {"position 5", "found the end"}),
                Arguments.of("name eq", new String[] {"position 8", "expected whitespace and a value"}),
                Arguments.of("name eq ", new String[] {"position 9", "expected a value"}),
                Arguments.of("name equals x", new String[] {"position 6", "'equals x'", "expected an operator"}),
                Arguments.of("name eq x y", new String[] {"position 11", "'y'"}),
                Arguments.of("name eq x and", new String[] {"position 14", "expected a parameter"}),
                Arguments.of("(name eq x", new String[] {"position 11", "expected ')'"}),
                Arguments.of("name eq x)", new String[] {"position 10", "')'"}),
                Arguments.of("not name eq x", new String[] {"position 5", "expected '(' after 'not'"}),
                Arguments.of("name eq \"abc", new String[] {"position 9", "unterminated string"}),
                Arguments.of("name eq \"a\\qb\"", new String[] {"position 11", "invalid escape"}),
                Arguments.of("name:exact eq x", new String[] {"position 5", "':exact eq x'"}),
                Arguments.of("subject[name eq x] eq y", new String[] {"position 19", "expected '.'"}),
                Arguments.of("1name eq x", new String[] {"position 1", "expected a parameter name"}),
                Arguments.of("   ", new String[] {"empty expression"}));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void syntaxErrorsNamePositionAndText(String expression, String[] fragments) {
        assertThatThrownBy(() -> filter("Patient", expression))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("_filter")
                .hasMessageContainingAll(fragments);
    }

    static Stream<Arguments> resolutionErrors() {
        return Stream.of(
                Arguments.of("Patient", "foo eq x", new String[] {"unknown search parameter 'foo'", "'foo eq x'"}),
                Arguments.of("Patient", "name eq x or bar eq y", new String[] {"'bar'", "position 14"}),
                Arguments.of("Patient", "birthdate ge 2014-13-01", new String[] {
                    "'birthdate ge 2014-13-01'", "not a valid date"
                }),
                Arguments.of("Patient", "birthdate ge gt2014", new String[] {"'gt2014'", "prefix"}),
                Arguments.of("Patient", "name pr yes", new String[] {"'pr' takes true or false"}),
                Arguments.of("Patient", "name eq \"\"", new String[] {"empty value"}),
                Arguments.of("Patient", "gender.name eq x", new String[] {"cannot follow token parameter 'gender'"}),
                Arguments.of("Observation", "subject.foo eq x", new String[] {"'foo'", "any target"}),
                Arguments.of("Observation", "subject[foo eq 1].name eq x", new String[] {"'foo'"}));
    }

    @ParameterizedTest
    @MethodSource("resolutionErrors")
    void resolutionErrorsNameTheParameter(String type, String expression, String[] fragments) {
        assertThatThrownBy(() -> filter(type, expression))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContainingAll(fragments);
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("Patient", "gender ew ale", "'ew'"),
                Arguments.of("Patient", "name po 2014", "'po'"),
                Arguments.of("Patient", "name gt m", "'gt'"),
                Arguments.of("Patient", "gender co mal", "'co'"),
                Arguments.of("Patient", "birthdate sw 2014", "'sw'"),
                Arguments.of("Patient", "name in http://x", "'in'"),
                Arguments.of("Patient", "gender re Patient/1", "'re'"),
                Arguments.of("Location", "near eq 1|2|3|km", "'eq'"),
                Arguments.of("Observation", "code-value-quantity[code eq x].value eq 5", "composite"));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void unsupportedOperatorsAreNamed(String type, String expression, String operator) {
        assertThatThrownBy(() -> filter(type, expression))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining(operator);
    }

    @Test
    void unknownParametersInsideAFilterAreErrorsEvenWhenLenient() {
        SearchQuery lenient = new SearchQuery(
                "Patient",
                null,
                null,
                List.of(new SearchQuery.Param("_filter", "colour eq blue")),
                SearchQuery.Handling.LENIENT);
        assertThatThrownBy(() -> R4.resolve(lenient))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'colour'");
    }

    @Test
    void severalFiltersAreAndedWithOrdinaryParameters() {
        List<Criterion> criteria = R4.resolve(
                        SearchQuery.parse("Patient?gender=male&_filter=name%20sw%20a&_filter=birthdate%20pr%20true"))
                .criteria();
        assertThat(criteria).hasSize(3);
        assertThat(criteria.get(1))
                .isEqualTo(new Criterion.Filter("name sw a", value(def("Patient", "name"), str("a"))));
        assertThat(criteria.get(2))
                .isEqualTo(new Criterion.Filter(
                        "birthdate pr true", new Criterion.Missing(def("Patient", "birthdate"), false)));
    }

    @Test
    void emptyFilterIsAbsentAndModifiersAreRefused() {
        assertThat(R4.resolve(SearchQuery.parse("Patient?_filter=")).criteria()).isEmpty();
        assertThatThrownBy(() -> R4.resolve(SearchQuery.parse("Patient?_filter:exact=name%20eq%20x")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("_filter");
    }
}
