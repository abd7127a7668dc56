package dev.polystore.core.search;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchPrefix;
import dev.polystore.definitions.SearchParameterDefinition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of expected resolved models. */
final class Fixtures {
    static final SearchParameterRegistry R4 = SearchParameterRegistry.of(FhirVersion.R4);
    static final SearchParameterRegistry R5 = SearchParameterRegistry.of(FhirVersion.R5);

    private Fixtures() {}

    static SearchParameterDefinition def(String type, String code) {
        return R4.find(type, code).orElseThrow(() -> new AssertionError("no " + type + "." + code));
    }

    static SearchParameterDefinition def5(String type, String code) {
        return R5.find(type, code).orElseThrow(() -> new AssertionError("no R5 " + type + "." + code));
    }

    static Criterion.Value value(SearchParameterDefinition def, SearchValue... values) {
        return new Criterion.Value(def, null, null, List.of(values));
    }

    static Criterion.Value value(SearchParameterDefinition def, SearchModifier modifier, SearchValue... values) {
        return new Criterion.Value(def, modifier, null, List.of(values));
    }

    static Criterion.Value hinted(SearchParameterDefinition def, String hint, SearchValue... values) {
        return new Criterion.Value(def, null, hint, List.of(values));
    }

    static SearchValue.Token token(String system, String code) {
        return new SearchValue.Token(system, code);
    }

    static SearchValue.StringValue str(String value) {
        return new SearchValue.StringValue(value);
    }

    static SearchValue.Uri uri(String value) {
        return new SearchValue.Uri(value);
    }

    static SearchValue.Date date(
            SearchPrefix prefix, String start, String end, SearchValue.DatePrecision precision, String text) {
        return new SearchValue.Date(prefix, Instant.parse(start), Instant.parse(end), precision, text);
    }

    static SearchValue.Number number(SearchPrefix prefix, String value, String low, String high) {
        return new SearchValue.Number(prefix, new BigDecimal(value), new BigDecimal(low), new BigDecimal(high));
    }

    static SearchValue.Reference ref(String type, String id) {
        return new SearchValue.Reference(type, id, null, null, null);
    }

    static Criterion.Chain chain(SearchParameterDefinition def, String hint, Object... typeAndCriterion) {
        Map<String, Criterion> map = new LinkedHashMap<>();
        for (int i = 0; i < typeAndCriterion.length; i += 2) {
            map.put((String) typeAndCriterion[i], (Criterion) typeAndCriterion[i + 1]);
        }
        return new Criterion.Chain(def, hint, map);
    }
}
