package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantPermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shape of search results: {@code _summary} and {@code _elements} (R4 search.html 3.1.1.5.8 and 3.1.1.5.9). The
 * search case files compare ids only; these tests compare the elements each returned resource has.
 *
 * <ul>
 *   <li>{@code _summary=true}: the elements marked {@code isSummary} (Σ in the specification's tables), inside
 *       backbone elements too, plus id, meta and the mandatory elements; {@code text}: text, id, meta and the
 *       top-level mandatory elements; {@code data}: everything but text; {@code false}: the whole resource;
 *       {@code count}: no matches and no includes, only the total.
 *   <li>{@code _elements}: the named top-level elements plus id, meta and the mandatory ones; unqualified names apply
 *       to the matches, {@code Type.element} names (R5) to every returned resource of that type.
 *   <li>{@code _summary} views apply to matches and included resources alike.
 *   <li>Every subsetted resource carries the {@code SUBSETTED} tag
 *       ({@code http://terminology.hl7.org/CodeSystem/v3-ObservationValue}) in {@code meta.tag}; its version and ETag
 *       are the stored version's, and the stored resource itself is unchanged (a later read returns it whole).
 *   <li>{@code _list} reads the Lists of the searching tenant only, and needs READ on List.
 * </ul>
 *
 * Every test is gated on {@link Capability#SEARCH}.
 *
 * @since 0.1
 */
@Tag("search")
public interface SearchResultShapeContract extends TckSupport {

    /** The code system of the subsetting tag. */
    String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /** A Patient with summary elements (identifier, name, birthDate), others (contact, communication) and text. */
    private String richPatient(String id) {
        return """
                {"resourceType": "Patient", "id": "%s",
                 "meta": {"tag": [{"system": "urn:example:tags", "code": "vip"}]},
                 "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Eve Doe</div>"},
                 "extension": [{"url": "urn:example:ext", "valueString": "x"}],
                 "identifier": [{"system": "urn:example:mrn", "value": "7"}],
                 "name": [{"family": "Doe", "given": ["Eve"]}],
                 "birthDate": "1970-01-01",
                 "maritalStatus": {"text": "married"},
                 "contact": [{"name": {"family": "Roe"}}],
                 "communication": [{"language": {"text": "en"}, "preferred": true}]}"""
                .formatted(id);
    }

    /** An Observation with text, summary and non-summary elements and a component. */
    private String richObservation(String id, String subject) {
        return """
                {"resourceType": "Observation", "id": "%s",
                 "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">72.50 kg</div>"},
                 "status": "final",
                 "category": [{"text": "vital-signs"}],
                 "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
                 "subject": {"reference": "Patient/%s"},
                 "valueQuantity": {"value": 72.50, "unit": "kg"},
                 "note": [{"text": "after breakfast"}],
                 "component": [{"code": {"text": "part"}, "valueString": "v", "interpretation": [{"text": "high"}]}]}"""
                .formatted(id, subject);
    }

    private SearchResult searchShape(String url) {
        requires(Capability.SEARCH);
        return store().search(context(), SearchQuery.parse(url));
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.properties().forEach(p -> keys.add(p.getKey()));
        return keys;
    }

    private static boolean subsetted(JsonNode resource) {
        for (JsonNode tag : resource.path("meta").path("tag")) {
            if (SUBSETTED_SYSTEM.equals(tag.path("system").asText())
                    && "SUBSETTED".equals(tag.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The only match, checked to be the stored version, and parsed. */
    private ObjectNode onlyMatch(SearchResult result, StoredResource stored) {
        assertThat(result.matches()).as("matches").hasSize(1);
        StoredResource match = result.matches().get(0);
        assertThat(match.reference()).isEqualTo(stored.reference());
        assertThat(match.versionId()).as("a view keeps the version").isEqualTo(stored.versionId());
        assertThat(match.etag()).isEqualTo(stored.etag());
        assertThat(match.lastUpdated()).isEqualTo(stored.lastUpdated());
        return TckJson.parseObject(match.json());
    }

    private void assertStoredUnchanged(StoredResource stored) {
        assertJsonEquals(
                stored.json(),
                store().read(context(), stored.resourceType(), stored.id()).json(),
                "the stored resource after a subsetting search");
    }

    @Test
    default void summaryTrueKeepsSummaryAndMandatoryElements() {
        requires(Capability.SEARCH);
        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        ObjectNode view = onlyMatch(searchShape("Patient?_id=sp1&_summary=true"), patient);
        assertThat(keys(view))
                .as("Patient elements under _summary=true")
                .containsExactlyInAnyOrder("resourceType", "id", "meta", "identifier", "name", "birthDate");
        assertThat(view.get("name")).isEqualTo(TckJson.parse(patient.json()).get("name"));
        assertThat(subsetted(view)).as("SUBSETTED tag").isTrue();
        assertThat(view.at("/meta/tag").toString()).as("existing tags are kept").contains("vip");
        assertThat(view.at("/meta/versionId").asText()).isEqualTo(String.valueOf(patient.versionId()));
        assertStoredUnchanged(patient);
    }

    @Test
    default void summaryTrueAppliesInsideBackboneElements() {
        requires(Capability.SEARCH);
        StoredResource obs = store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));
        ObjectNode view = onlyMatch(searchShape("Observation?_id=so1&_summary=true"), obs);
        assertThat(keys(view))
                .containsExactlyInAnyOrder(
                        "resourceType", "id", "meta", "status", "code", "subject", "valueQuantity", "component");
        assertThat(keys(view.at("/component/0")))
                .as("Observation.component under _summary=true (interpretation is not summary)")
                .containsExactlyInAnyOrder("code", "valueString");
        assertThat(view.at("/valueQuantity/value").decimalValue()).isEqualByComparingTo("72.50");
        assertThat(subsetted(view)).isTrue();
        assertStoredUnchanged(obs);
    }

    @Test
    default void summaryTextKeepsTextIdMetaAndMandatoryElements() {
        requires(Capability.SEARCH);
        StoredResource obs = store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));
        ObjectNode view = onlyMatch(searchShape("Observation?_id=so1&_summary=text"), obs);
        assertThat(keys(view)).containsExactlyInAnyOrder("resourceType", "id", "meta", "text", "status", "code");
        assertThat(subsetted(view)).isTrue();
        assertStoredUnchanged(obs);
    }

    @Test
    default void summaryDataRemovesOnlyTheText() {
        requires(Capability.SEARCH);
        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        ObjectNode view = onlyMatch(searchShape("Patient?_id=sp1&_summary=data"), patient);
        ObjectNode expected = TckJson.parseObject(patient.json());
        expected.remove("text");
        assertThat(keys(view)).containsExactlyInAnyOrderElementsOf(keys(expected));
        assertThat(subsetted(view)).isTrue();
        assertStoredUnchanged(patient);
    }

    @Test
    default void summaryFalseReturnsTheWholeResource() {
        requires(Capability.SEARCH);
        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        SearchResult result = searchShape("Patient?_id=sp1&_summary=false");
        onlyMatch(result, patient);
        assertJsonEquals(patient.json(), result.matches().get(0).json(), "_summary=false");
    }

    @Test
    default void summaryCountReturnsTheTotalOnly() {
        requires(Capability.SEARCH);
        store().update(context(), "Patient", "sp1", richPatient("sp1"));
        store().update(context(), "Patient", "sp2", richPatient("sp2"));
        store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));
        store().update(context(), "Observation", "so2", richObservation("so2", "sp2"));
        SearchResult count = searchShape("Observation?_summary=count&_include=Observation:subject&_count=1");
        assertThat(count.matches()).as("matches under _summary=count").isEmpty();
        assertThat(count.includes()).as("includes under _summary=count").isEmpty();
        assertThat(count.total()).as("total under _summary=count").isEqualTo(2L);
        assertThat(count.nextCursor()).as("next page under _summary=count").isNull();
        assertThat(searchShape("Patient?family=nobody&_summary=count").total()).isEqualTo(0L);
    }

    @Test
    default void elementsKeepsNamedElementsIdMetaAndMandatoryOnes() {
        requires(Capability.SEARCH);
        StoredResource obs = store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));
        ObjectNode view = onlyMatch(searchShape("Observation?_id=so1&_elements=subject,value"), obs);
        // status and code are mandatory (1..1); "value" names value[x]
        assertThat(keys(view))
                .containsExactlyInAnyOrder("resourceType", "id", "meta", "status", "code", "subject", "valueQuantity");
        assertThat(subsetted(view)).isTrue();

        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        ObjectNode patientView = onlyMatch(searchShape("Patient?_id=sp1&_elements=birthDate,contact"), patient);
        assertThat(keys(patientView)).containsExactlyInAnyOrder("resourceType", "id", "meta", "birthDate", "contact");
        assertStoredUnchanged(obs);
        assertStoredUnchanged(patient);
    }

    @Test
    default void elementsApplyToMatchesAndQualifiedElementsToIncludes() {
        requires(Capability.SEARCH);
        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));

        SearchResult plain = searchShape("Observation?_id=so1&_elements=subject&_include=Observation:subject");
        assertThat(plain.includes()).hasSize(1);
        assertJsonEquals(patient.json(), plain.includes().get(0).json(), "an include under unqualified _elements");

        SearchResult qualified =
                searchShape("Observation?_id=so1&_elements=subject,Patient.name&_include=Observation:subject");
        assertThat(qualified.includes()).hasSize(1);
        ObjectNode include = TckJson.parseObject(qualified.includes().get(0).json());
        assertThat(keys(include)).containsExactlyInAnyOrder("resourceType", "id", "meta", "name");
        assertThat(subsetted(include)).isTrue();
        assertThat(qualified.includes().get(0).versionId()).isEqualTo(patient.versionId());
    }

    @Test
    default void summaryAppliesToIncludedResources() {
        requires(Capability.SEARCH);
        StoredResource patient = store().update(context(), "Patient", "sp1", richPatient("sp1"));
        store().update(context(), "Observation", "so1", richObservation("so1", "sp1"));
        SearchResult result = searchShape("Observation?_id=so1&_summary=true&_include=Observation:subject");
        assertThat(result.includes()).hasSize(1);
        ObjectNode include = TckJson.parseObject(result.includes().get(0).json());
        assertThat(keys(include))
                .containsExactlyInAnyOrder("resourceType", "id", "meta", "identifier", "name", "birthDate");
        assertThat(subsetted(include)).isTrue();
        assertStoredUnchanged(patient);
    }

    @Test
    default void everyPageIsSubsetted() {
        requires(Capability.SEARCH);
        for (int i = 1; i <= 3; i++) {
            store().update(context(), "Observation", "so" + i, richObservation("so" + i, "sp1"));
        }
        SearchQuery query = SearchQuery.parse("Observation?_summary=text&_count=2");
        SearchResult page = store().search(context(), query);
        int seen = 0;
        while (true) {
            for (StoredResource match : page.matches()) {
                ObjectNode view = TckJson.parseObject(match.json());
                assertThat(view.has("note")).as("note on a _summary=text page").isFalse();
                assertThat(subsetted(view)).isTrue();
                seen++;
            }
            if (page.nextCursor() == null) {
                break;
            }
            page = store().search(context(), query, page.nextCursor());
        }
        assertThat(seen).isEqualTo(3);
    }

    @Test
    default void listsAreReadInTheSearchingTenantOnly() {
        requires(Capability.SEARCH);
        String list =
                """
                {"resourceType": "List", "id": "shared", "status": "current", "mode": "working",
                 "entry": [{"item": {"reference": "Patient/sp1"}}]}""";
        store().update(context(), "Patient", "sp1", richPatient("sp1"));
        store().update(otherTenant(), "List", "shared", list);
        assertThat(searchShape("Patient?_list=shared").matches())
                .as("a List of another tenant")
                .isEmpty();
        store().update(context(), "List", "shared", list);
        assertThat(searchShape("Patient?_list=shared").matches()).hasSize(1);
    }

    @Test
    default void listNeedsReadOnList() {
        requires(Capability.SEARCH);
        store().update(context(), "Patient", "sp1", richPatient("sp1"));
        store().update(
                        context(),
                        "List",
                        "l1",
                        """
                {"resourceType": "List", "status": "current", "mode": "working",
                 "entry": [{"item": {"reference": "Patient/sp1"}}]}""");
        TenantContext patientsOnly = TenantContext.of(
                tenant(),
                TenantPermissions.builder()
                        .grant(Operation.SEARCH, "Patient")
                        .grant(Operation.READ, "Patient")
                        .build());
        expectThrows(ForbiddenException.class, "_list without READ on List", () -> store().search(
                        patientsOnly, SearchQuery.parse("Patient?_list=l1")));
        TenantContext withLists = TenantContext.of(
                tenant(),
                TenantPermissions.builder()
                        .grant(Operation.SEARCH, "Patient")
                        .grant(Operation.READ, "List")
                        .build());
        assertThat(store().search(withLists, SearchQuery.parse("Patient?_list=l1"))
                        .matches())
                .hasSize(1);
    }
}
