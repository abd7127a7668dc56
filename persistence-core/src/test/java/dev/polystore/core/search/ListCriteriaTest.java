package dev.polystore.core.search;

import static dev.polystore.core.search.Fixtures.def;
import static dev.polystore.core.search.Fixtures.token;
import static dev.polystore.core.search.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.core.json.FhirJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** _list (R4 search.html "_list", list.html) rewritten to _id criteria on the List's items. */
class ListCriteriaTest {
    private static final String L1 =
            """
            {"resourceType": "List", "id": "l1", "status": "current", "mode": "working",
             "entry": [{"item": {"reference": "Patient/p1"}},
                       {"item": {"reference": "Patient/p2/_history/3"}},
                       {"item": {"reference": "Observation/o1"}},
                       {"item": {"reference": "Patient/gone"}, "deleted": true},
                       {"item": {"reference": "http://other.org/fhir/Patient/p9"}},
                       {"item": {"reference": "#contained"}},
                       {"item": {"identifier": {"system": "urn:s", "value": "1"}}}]}""";
    private static final String L2 =
            """
            {"resourceType": "List", "id": "l2", "status": "current", "mode": "working",
             "entry": [{"item": {"reference": "Patient/p3"}}, {"item": {"reference": "Patient/p1"}}]}""";

    private final SearchQueryResolver resolver = new SearchQueryResolver(Fixtures.R4);
    private final List<String> reads = new ArrayList<>();

    private ListCriteria.Rewritten rewrite(String url) {
        Map<String, String> lists = Map.of("l1", L1, "l2", L2);
        ListCriteria listCriteria = new ListCriteria(Fixtures.R4, id -> {
            reads.add(id);
            return Optional.ofNullable(lists.get(id)).map(ListCriteriaTest::json);
        });
        ResolvedSearch search = resolver.resolve(SearchQuery.parse(url));
        assertThat(ListCriteria.uses(search)).isTrue();
        return listCriteria.rewrite(search);
    }

    private static JsonNode json(String text) {
        try {
            return FhirJson.TRUSTED.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void itemsOfTheSearchedTypeBecomeAnIdCriterion() {
        ListCriteria.Rewritten r = rewrite("Patient?_list=l1&gender=male");
        assertThat(r.matchesNothing()).isFalse();
        // versioned references count as the resource; deleted, absolute, contained and identifier items do not
        assertThat(r.search().criteria())
                .containsExactly(
                        value(def("Patient", "_id"), token(null, "p1"), token(null, "p2")),
                        value(def("Patient", "gender"), token(null, "male")));
        assertThat(r.search().selfUrl()).isEqualTo("Patient?_list=l1&gender=male");
    }

    @Test
    void severalListsAreAnOrList() {
        ListCriteria.Rewritten r = rewrite("Patient?_list=l1,l2");
        assertThat(r.search().criteria())
                .containsExactly(value(def("Patient", "_id"), token(null, "p1"), token(null, "p2"), token(null, "p3")));
    }

    @Test
    void aMissingListOrOneWithoutItemsOfTheTypeMatchesNothing() {
        assertThat(rewrite("Patient?_list=nope").matchesNothing()).isTrue();
        assertThat(rewrite("Encounter?_list=l1").matchesNothing()).isTrue();
    }

    @Test
    void aSearchAcrossTypesGetsOneIdCriterionPerItemType() {
        ListCriteria.Rewritten r = rewrite("?_list=l1");
        assertThat(r.search().criteria()).hasSize(1);
        Criterion.PerType perType = (Criterion.PerType) r.search().criteria().get(0);
        assertThat(perType.byType().keySet()).containsExactly("Patient", "Observation");
        assertThat(perType.byType().get("Observation")).isEqualTo(value(def("Observation", "_id"), token(null, "o1")));
    }

    @Test
    void listInsideAChainIsResolvedForTheChainTarget() {
        ListCriteria.Rewritten r = rewrite("Observation?subject:Patient._list=l2");
        Criterion.Chain chain = (Criterion.Chain) r.search().criteria().get(0);
        assertThat(chain.byTargetType())
                .containsExactly(
                        Map.entry("Patient", value(def("Patient", "_id"), token(null, "p3"), token(null, "p1"))));
        assertThat(rewrite("Observation?subject:Group._list=l2").matchesNothing())
                .isTrue();
        // without a type hint, only the targets with items remain
        Criterion.Chain untyped = (Criterion.Chain)
                rewrite("Observation?subject._list=l1").search().criteria().get(0);
        assertThat(untyped.byTargetType().keySet()).containsExactly("Patient");
    }

    @Test
    void listInsideHasIsResolvedForTheSourceType() {
        ListCriteria.Rewritten r = rewrite("Patient?_has:Observation:subject:_list=l1");
        Criterion.Has has = (Criterion.Has) r.search().criteria().get(0);
        assertThat(has.inner()).isEqualTo(value(def("Observation", "_id"), token(null, "o1")));
    }

    @Test
    void eachListIsReadOncePerSearch() {
        rewrite("Patient?_list=l1&_list=l1,l2");
        assertThat(reads).containsExactly("l1", "l2");
    }

    @Test
    void functionalListsAreRefusedAndBadIdsAreInvalid() {
        assertThatThrownBy(() -> rewrite("Patient?_list=$current-allergies"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("$current-allergies");
        assertThatThrownBy(() -> rewrite("Patient?_list=a%20b"))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'a b'");
    }
}
