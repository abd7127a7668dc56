package dev.polystore.core.search.match;

import static dev.polystore.core.search.match.MatchResult.MATCH;
import static dev.polystore.core.search.match.MatchResult.NO_MATCH;
import static dev.polystore.core.search.match.MatchResult.UNDECIDABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchPrefix;
import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.SearchValue;
import dev.polystore.definitions.SearchParameterDefinition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entries and criteria built by hand: what the resolver cannot produce, and the three-valued logic. */
class MatcherUnitTest {
    static final IndexMatcher MATCHER = IndexMatcher.standard();

    static SearchParameterDefinition def(String type, String code) {
        return Harness.R4.find(type, code).orElseThrow();
    }

    static Criterion.Value value(String type, String code, SearchModifier modifier, SearchValue... values) {
        return new Criterion.Value(def(type, code), modifier, null, List.of(values));
    }

    static SearchValue.Number num(SearchPrefix prefix, String v, String low, String high) {
        return new SearchValue.Number(prefix, new BigDecimal(v), new BigDecimal(low), new BigDecimal(high));
    }

    static SearchValue.Date date(SearchPrefix prefix, String start, String end) {
        return new SearchValue.Date(
                prefix, Instant.parse(start), Instant.parse(end), SearchValue.DatePrecision.DAY, start);
    }

    @Test
    void threeValuedLogic() {
        assertThat(MATCH.or(UNDECIDABLE)).isEqualTo(MATCH);
        assertThat(NO_MATCH.or(UNDECIDABLE)).isEqualTo(UNDECIDABLE);
        assertThat(NO_MATCH.or(NO_MATCH)).isEqualTo(NO_MATCH);
        assertThat(NO_MATCH.and(UNDECIDABLE)).isEqualTo(NO_MATCH);
        assertThat(MATCH.and(UNDECIDABLE)).isEqualTo(UNDECIDABLE);
        assertThat(MATCH.and(MATCH)).isEqualTo(MATCH);
        assertThat(UNDECIDABLE.not()).isEqualTo(UNDECIDABLE);
        assertThat(MATCH.not()).isEqualTo(NO_MATCH);
    }

    @Test
    void entriesOfOtherParametersAreIgnored() {
        List<IndexEntry> entries = List.of(StringEntry.of("given", "Eve"));
        assertThat(MATCHER.evaluate(new Criterion.Missing(def("Patient", "family"), true), entries))
                .isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(value("Patient", "family", null, new SearchValue.StringValue("eve")), entries))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(value("Patient", "given", null, new SearchValue.StringValue("eve")), entries))
                .isEqualTo(MATCH);
    }

    @Test
    void compositeOrAcrossValuesNeedsOneWholeCombination() {
        SearchParameterDefinition composite = def("Observation", "component-code-value-quantity");
        List<IndexEntry> entries = List.of(
                new CompositeEntry(
                        composite.code(),
                        List.of(TokenEntry.of("component-code", "http://loinc.org", "A", null), qty("10"))),
                new CompositeEntry(
                        composite.code(),
                        List.of(TokenEntry.of("component-code", "http://loinc.org", "B", null), qty("20"))));
        SearchValue aWith20 = new SearchValue.Composite(List.of(
                new SearchValue.Token(null, "A"),
                new SearchValue.Quantity(num(SearchPrefix.EQ, "20", "19.5", "20.5"), null, null)));
        SearchValue bWith20 = new SearchValue.Composite(List.of(
                new SearchValue.Token(null, "B"),
                new SearchValue.Quantity(num(SearchPrefix.EQ, "20", "19.5", "20.5"), null, null)));
        assertThat(MATCHER.evaluate(new Criterion.Value(composite, null, null, List.of(aWith20)), entries))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(new Criterion.Value(composite, null, null, List.of(aWith20, bWith20)), entries))
                .isEqualTo(MATCH);
    }

    static QuantityEntry qty(String v) {
        BigDecimal value = new BigDecimal(v);
        BigDecimal half = new BigDecimal("0.5");
        return new QuantityEntry(
                "component-value-quantity",
                value,
                value.subtract(half),
                value.add(half),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void perTypeUsesTheResourceTypeOrNeedsAgreement() {
        Map<String, Criterion> byType = new LinkedHashMap<>();
        byType.put("Patient", value("Patient", "name", null, new SearchValue.StringValue("eve")));
        byType.put("Practitioner", value("Practitioner", "name", null, new SearchValue.StringValue("eve")));
        Criterion perType = new Criterion.PerType(byType);
        List<IndexEntry> entries = List.of(StringEntry.of("name", "Evelyn"));
        assertThat(MATCHER.evaluate("Patient", perType, entries)).isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(perType, entries)).isEqualTo(MATCH);
        assertThat(MATCHER.evaluate("Organization", perType, entries)).isEqualTo(UNDECIDABLE);
        assertThat(MATCHER.evaluate(perType, List.of())).isEqualTo(NO_MATCH);
    }

    @Test
    void evaluateAllAnds() {
        List<IndexEntry> entries = List.of(StringEntry.of("family", "Chalmers"));
        Criterion family = value("Patient", "family", null, new SearchValue.StringValue("chal"));
        Criterion other = value("Patient", "family", null, new SearchValue.StringValue("x"));
        Criterion list = new Criterion.InList(List.of("1"));
        assertThat(MATCHER.evaluateAll("Patient", List.of(family), entries)).isEqualTo(MATCH);
        assertThat(MATCHER.evaluateAll("Patient", List.of(family, list), entries))
                .isEqualTo(UNDECIDABLE);
        assertThat(MATCHER.evaluateAll("Patient", List.of(list, other), entries))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.matches(list, entries)).isFalse();
    }

    @Test
    void referenceTextMatchesTheDisplay() {
        ReferenceEntry entry = new ReferenceEntry(
                "subject", "Patient", "1", null, null, null, null, false, false, "Peter Chalmers", "peter chalmers");
        assertThat(MATCHER.evaluate(
                        value("Observation", "subject", SearchModifier.TEXT, new SearchValue.Text("PETER")),
                        List.of(entry)))
                .isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(
                        value("Observation", "subject", SearchModifier.TEXT, new SearchValue.Text("chalmers")),
                        List.of(entry)))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(
                        value(
                                "Observation",
                                "subject",
                                SearchModifier.BELOW,
                                new SearchValue.Reference("Patient", "1", null, null, null)),
                        List.of(entry)))
                .isEqualTo(UNDECIDABLE);
    }

    @Test
    void unboundedDateStart() {
        // a Period with only an end: (-inf, 2020-01-01)
        List<IndexEntry> entries = List.of(new DateEntry("date", null, Instant.parse("2020-01-01T00:00:00Z")));
        String s = "2010-01-01T00:00:00Z";
        String e = "2010-01-02T00:00:00Z";
        assertThat(MATCHER.evaluate(value("Encounter", "date", null, date(SearchPrefix.LT, s, e)), entries))
                .isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(value("Encounter", "date", null, date(SearchPrefix.GT, s, e)), entries))
                .isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(value("Encounter", "date", null, date(SearchPrefix.EQ, s, e)), entries))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(value("Encounter", "date", null, date(SearchPrefix.SA, s, e)), entries))
                .isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(
                        value(
                                "Encounter",
                                "date",
                                null,
                                date(SearchPrefix.EB, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z")),
                        entries))
                .isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(
                        value(
                                "Encounter",
                                "date",
                                null,
                                date(SearchPrefix.GT, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z")),
                        entries))
                .isEqualTo(NO_MATCH);
    }

    @Test
    void quantityRangeEntry() {
        // a Range 5..10 mg: [4.5, 10.5)
        QuantityEntry range = new QuantityEntry(
                "value-quantity",
                null,
                new BigDecimal("4.5"),
                new BigDecimal("10.5"),
                "http://unitsofmeasure.org",
                "mg",
                null,
                null,
                null,
                null,
                null);
        Criterion gt10 = value(
                "Observation",
                "value-quantity",
                null,
                new SearchValue.Quantity(num(SearchPrefix.GT, "10", "9.5", "10.5"), null, "mg"));
        Criterion gt11 = value(
                "Observation",
                "value-quantity",
                null,
                new SearchValue.Quantity(num(SearchPrefix.GT, "11", "10.5", "11.5"), null, "mg"));
        Criterion ap7 = value(
                "Observation",
                "value-quantity",
                null,
                new SearchValue.Quantity(num(SearchPrefix.AP, "11", "10.5", "11.5"), null, null));
        assertThat(MATCHER.evaluate(gt10, List.of(range))).isEqualTo(MATCH);
        assertThat(MATCHER.evaluate(gt11, List.of(range))).isEqualTo(NO_MATCH);
        assertThat(MATCHER.evaluate(ap7, List.of(range))).isEqualTo(MATCH);
    }

    @Test
    void specialParametersAreUndecidable() {
        Criterion near = value("Location", "near", null, new SearchValue.Special("42|-71|10|km"));
        assertThat(MATCHER.evaluate(near, List.of())).isEqualTo(UNDECIDABLE);
    }

    @Test
    void tokenNotOverAnUndecidableValueStaysUndecidable() {
        Criterion notIn = new Criterion.Value(
                def("Observation", "code"),
                SearchModifier.NOT,
                null,
                List.of(new SearchValue.Token(null, "a"), new SearchValue.Special("?")));
        assertThat(MATCHER.evaluate(notIn, List.of(TokenEntry.of("code", null, "b", null))))
                .isEqualTo(UNDECIDABLE);
        assertThat(MATCHER.evaluate(notIn, List.of(TokenEntry.of("code", null, "a", null))))
                .isEqualTo(NO_MATCH);
    }
}
