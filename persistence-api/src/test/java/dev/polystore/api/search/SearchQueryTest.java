package dev.polystore.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidSearchException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void parsesTypeSearchKeepingOrderRepetitionAndDecoding() {
        SearchQuery q = SearchQuery.parse("Observation?code=http%3A%2F%2Floinc.org%7C8867-4&date=ge2020&date=lt2021"
                + "&subject:Patient.name=Peter+James&_sort=-date");
        assertThat(q.resourceType()).isEqualTo("Observation");
        assertThat(q.compartmentType()).isNull();
        assertThat(q.params())
                .containsExactly(
                        new SearchQuery.Param("code", "http://loinc.org|8867-4"),
                        new SearchQuery.Param("date", "ge2020"),
                        new SearchQuery.Param("date", "lt2021"),
                        new SearchQuery.Param("subject:Patient.name", "Peter James"),
                        new SearchQuery.Param("_sort", "-date"));
        assertThat(q.values("date")).containsExactly("ge2020", "lt2021");
        assertThat(q.handling()).isEqualTo(SearchQuery.Handling.STRICT);
    }

    @Test
    void parsesOtherShapes() {
        assertThat(SearchQuery.parse("/Patient/_search?name=x").resourceType()).isEqualTo("Patient");
        SearchQuery across = SearchQuery.parse("?_type=Patient,Practitioner&name=x");
        assertThat(across.resourceType()).isNull();
        assertThat(across.values("_type")).containsExactly("Patient,Practitioner");
        SearchQuery compartment = SearchQuery.parse("Patient/123/Observation?code=x");
        assertThat(compartment.compartmentType()).isEqualTo("Patient");
        assertThat(compartment.compartmentId()).isEqualTo("123");
        assertThat(compartment.resourceType()).isEqualTo("Observation");
        SearchQuery everything = SearchQuery.parse("Patient/123/*");
        assertThat(everything.resourceType()).isNull();
        assertThat(everything.params()).isEmpty();
        assertThat(SearchQuery.parse("Patient?flag").params()).containsExactly(new SearchQuery.Param("flag", ""));
    }

    @Test
    void refusesMalformedUrls() {
        for (String bad :
                List.of("Patient/1?x=1", "a/b/c/d?x", "Patient//Observation?x=1", "Patient?=v", "Patient?a=%zz")) {
            assertThatThrownBy(() -> SearchQuery.parse(bad)).as(bad).isInstanceOf(InvalidSearchException.class);
        }
    }

    @Test
    void fluentBuilderAndUrlRoundTrip() {
        SearchQuery q = SearchQuery.of("Observation")
                .param("code", "http://loinc.org|1234-5")
                .param("value-quantity", "gt5.4|http://unitsofmeasure.org|mg")
                .include("Observation:subject")
                .sort("-date", "_id")
                .count(20)
                .total("accurate")
                .inCompartment("Patient", "p1")
                .withHandling(SearchQuery.Handling.LENIENT);
        assertThat(q.values("_include")).containsExactly("Observation:subject");
        assertThat(q.values("_sort")).containsExactly("-date,_id");
        assertThat(q.values("_count")).containsExactly("20");
        assertThat(q.handling()).isEqualTo(SearchQuery.Handling.LENIENT);
        String url = q.toUrl();
        assertThat(url).startsWith("Patient/p1/Observation?code=http://loinc.org|1234-5&");
        SearchQuery back = SearchQuery.parse(url);
        assertThat(back.params()).isEqualTo(q.params());
        assertThat(back.compartmentId()).isEqualTo("p1");
    }

    @Test
    void prefixesAndModifiers() {
        assertThat(SearchPrefix.of("ge2020")).contains(SearchPrefix.GE);
        assertThat(SearchPrefix.of("2020")).isEmpty();
        assertThat(SearchPrefix.of("g")).isEmpty();
        assertThat(SearchModifier.of("not-in")).contains(SearchModifier.NOT_IN);
        assertThat(SearchModifier.of("Patient")).isEmpty();
        assertThat(SearchParamType.fromCode("quantity")).isEqualTo(SearchParamType.QUANTITY);
        assertThatThrownBy(() -> SearchParamType.fromCode("x")).isInstanceOf(IllegalArgumentException.class);
    }
}
