package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.ReindexResult;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantPermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Custom search parameters (capability {@code CUSTOM_SEARCH_PARAMETERS}): an active SearchParameter resource stored in
 * a tenant adds a search parameter there (FHIR R4 searchparameter.html), and {@code reindex} re-extracts the index of
 * stored resources.
 *
 * <p>The behaviour checked: a resource written after the parameter exists is found by it; one written before is
 * <em>not</em> found until a reindex (the index is extracted when a version is written); reindex reports progress up
 * to its total and changes no version; another tenant does not know the parameter (a strict search refuses it); an
 * invalid SearchParameter is refused with {@code InvalidResourceException} and changes nothing; deleting the
 * SearchParameter makes its code unknown again. A store without the capability refuses reindex.
 *
 * @since 0.1
 */
@Tag("custom-search-parameters")
public interface CustomSearchParameterContract extends TckSupport {

    /** The extension urls of the fixtures. */
    String EXT = "http://example.org/fhir/StructureDefinition/";

    /** An active SearchParameter on Patient over extension {@code EXT + name}. */
    private String extensionParameter(String code, String type, String extension) {
        return searchParameter(
                code, type, "Patient.extension('" + EXT + extension + "').value", "active", List.of("Patient"));
    }

    private String searchParameter(String code, String type, String expression, String status, List<String> base) {
        ObjectNode sp = TckJson.object();
        sp.put("resourceType", "SearchParameter");
        sp.put("url", "http://example.org/fhir/SearchParameter/" + code);
        sp.put("name", code);
        sp.put("status", status);
        sp.put("description", "TCK custom parameter " + code);
        sp.put("code", code);
        base.forEach(sp.withArray("base")::add);
        sp.put("type", type);
        if (expression != null) {
            sp.put("expression", expression);
        }
        if (type.equals("reference")) {
            sp.putArray("target").add("Practitioner");
        }
        return TckJson.write(sp);
    }

    /** A Patient with the four fixture extensions. */
    private String extendedPatient(String nickname, String eyeColor, String enrolled, String sponsor) {
        ObjectNode p = TckJson.object();
        p.put("resourceType", "Patient");
        p.putArray("name").addObject().put("family", "Custom");
        var ext = p.putArray("extension");
        ext.addObject().put("url", EXT + "nickname").put("valueString", nickname);
        ext.addObject()
                .put("url", EXT + "eye-color")
                .putObject("valueCodeableConcept")
                .putArray("coding")
                .addObject()
                .put("system", "http://example.org/eye")
                .put("code", eyeColor);
        ext.addObject().put("url", EXT + "enrolled").put("valueDate", enrolled);
        ext.addObject().put("url", EXT + "sponsor").putObject("valueReference").put("reference", sponsor);
        return TckJson.write(p);
    }

    private List<String> ids(TenantContext ctx, String param, String value) {
        List<String> ids = new ArrayList<>();
        for (StoredResource r : store().search(ctx, SearchQuery.of("Patient").param(param, value))
                .matches()) {
            ids.add(r.id());
        }
        return ids;
    }

    private StoredResource defineNickname() {
        return store().create(context(), "SearchParameter", extensionParameter("nickname", "string", "nickname"));
    }

    @Test
    @DisplayName("Custom string, token, date and reference parameters find resources written after them")
    default void parametersOfEachTypeFindNewResources() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        defineNickname();
        store().create(context(), "SearchParameter", extensionParameter("eye-color", "token", "eye-color"));
        store().create(context(), "SearchParameter", extensionParameter("enrolled", "date", "enrolled"));
        store().create(context(), "SearchParameter", extensionParameter("sponsor", "reference", "sponsor"));
        String a = store().create(
                        context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"))
                .id();
        String b = store().create(
                        context(), "Patient", extendedPatient("Bear", "brown", "2021-01-10", "Practitioner/p2"))
                .id();
        store().create(context(), "Patient", patient("NoExtensions"));

        assertThat(ids(context(), "nickname", "bun"))
                .as("string: starts with, case-insensitive")
                .containsExactly(a);
        assertThat(ids(context(), "nickname:exact", "Bear")).as("string :exact").containsExactly(b);
        assertThat(ids(context(), "eye-color", "http://example.org/eye|blue"))
                .as("token system|code")
                .containsExactly(a);
        assertThat(ids(context(), "eye-color", "brown")).as("token code").containsExactly(b);
        assertThat(ids(context(), "enrolled", "gt2020-12-31")).as("date prefix").containsExactly(b);
        assertThat(ids(context(), "enrolled", "2020-05")).as("date month").containsExactly(a);
        assertThat(ids(context(), "sponsor", "Practitioner/p2")).as("reference").containsExactly(b);
        assertThat(ids(context(), "sponsor:missing", "true")).as(":missing").hasSize(1);
    }

    @Test
    @DisplayName("Custom parameters work in _sort, _include and searches across types like official ones")
    default void parametersWorkInSortIncludeAndAcrossTypes() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        defineNickname();
        store().create(context(), "SearchParameter", extensionParameter("sponsor", "reference", "sponsor"));
        store().create(
                        context(),
                        "SearchParameter",
                        searchParameter("tagged", "token", "Resource.meta.tag", "active", List.of("Resource")));
        StoredResource sponsor = store().create(
                        context(),
                        "Practitioner",
                        "{\"resourceType\":\"Practitioner\",\"meta\":{\"tag\":[{\"code\":\"x\"}]}}");
        String b = store().create(
                        context(),
                        "Patient",
                        extendedPatient("Bear", "brown", "2021-01-10", "Practitioner/" + sponsor.id()))
                .id();
        String a = store().create(
                        context(), "Patient", extendedPatient("Ant", "blue", "2020-05-01", "Practitioner/nobody"))
                .id();

        var sorted = store().search(context(), SearchQuery.of("Patient").sort("-nickname"));
        assertThat(sorted.matches()).extracting(StoredResource::id).containsExactly(b, a);
        var included = store().search(
                        context(),
                        SearchQuery.of("Patient").param("nickname", "Bear").include("Patient:sponsor"));
        assertThat(included.matches()).extracting(StoredResource::id).containsExactly(b);
        assertThat(included.includes()).extracting(StoredResource::id).containsExactly(sponsor.id());
        var acrossTypes = store().search(context(), SearchQuery.acrossTypes().param("tagged", "x"));
        assertThat(acrossTypes.matches())
                .as("a parameter on Resource applies to every type")
                .extracting(StoredResource::id)
                .containsExactly(sponsor.id());
    }

    @Test
    @DisplayName("Resources stored before the parameter are found only after reindex, which keeps every version")
    default void reindexMakesExistingResourcesSearchable() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        StoredResource before =
                store().create(context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        StoredResource updated = store().update(
                        context(),
                        "Patient",
                        before.id(),
                        TckJson.write(
                                TckJson.parseObject(extendedPatient("Bunny", "green", "2020-05-01", "Practitioner/p1"))
                                        .put("id", before.id())));
        defineNickname();

        assertThat(ids(context(), "nickname", "Bunny"))
                .as("a resource written before its parameter is not indexed by it (documented: reindex first)")
                .isEmpty();

        List<long[]> progress = new ArrayList<>();
        ReindexResult result = store().reindex(
                        context(),
                        ReindexRequest.ofType("Patient"),
                        (done, total) -> progress.add(new long[] {done, total}));

        assertThat(ids(context(), "nickname", "Bunny")).as("after reindex").containsExactly(before.id());
        assertThat(result.total()).as("resources visited").isEqualTo(1);
        assertThat(result.reindexed() + result.skipped()).isEqualTo(1);
        assertThat(progress).as("progress reported").isNotEmpty();
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).as("progress reaches its total").isEqualTo(last[1]).isEqualTo(1);

        StoredResource after = store().read(context(), "Patient", before.id());
        assertSameVersion(updated, after, "reindex writes no version");
        assertThat(store().versions(context(), "Patient", before.id()))
                .as("reindex adds no history")
                .hasSize(2);
    }

    @Test
    @DisplayName("Reindex works in batches; progress grows by batch and ends at the total")
    default void reindexReportsProgressPerBatch() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(store().create(
                            context(), "Patient", extendedPatient("Nick" + i, "blue", "2020-05-01", "Practitioner/p1"))
                    .id());
        }
        store().create(context(), "Observation", observation("unrelated", null));
        defineNickname();

        List<Long> dones = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        ReindexResult result = store().reindex(
                        context(), ReindexRequest.ofType("Patient").withBatchSize(3), (done, total) -> {
                            dones.add(done);
                            totals.add(total);
                        });
        assertThat(dones).as("one report per batch of 3").containsExactly(3L, 6L, 7L);
        assertThat(totals).as("the total is the number of Patients").containsOnly(7L);
        assertThat(result).isEqualTo(new ReindexResult(7, 7, 0));
        assertThat(ids(context(), "nickname", "Nick")).containsExactlyInAnyOrderElementsOf(created);

        List<Long> all = new ArrayList<>();
        ReindexResult everything =
                store().reindex(context(), ReindexRequest.allTypes().withBatchSize(4), (done, total) -> all.add(done));
        assertThat(everything.total())
                .as("every type: 7 Patients, 1 Observation, 1 SearchParameter")
                .isEqualTo(9);
        assertThat(all).containsExactly(4L, 8L, 9L);
    }

    @Test
    @DisplayName("Another tenant does not know a tenant's parameter: a strict search there is refused")
    default void parametersAreTenantScoped() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        defineNickname();
        TenantContext other = otherTenant();
        store().create(other, "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        expectThrows(
                InvalidSearchException.class, "the parameter of another tenant", () -> ids(other, "nickname", "B"));
        assertThat(ids(context(), "nickname", "Bunny"))
                .as("the other tenant's Patient is not ours")
                .isEmpty();

        // the other tenant may define the same code with another type: its definitions are its own
        store().create(other, "SearchParameter", extensionParameter("nickname", "token", "eye-color"));
        String blue = store().create(
                        other, "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"))
                .id();
        assertThat(ids(other, "nickname", "http://example.org/eye|blue")).containsExactly(blue);
        store().create(context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        assertThat(ids(context(), "nickname:exact", "Bunny"))
                .as("ours is still a string parameter")
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "expression does not compile",
                "unknown type",
                "base is not a resource type",
                "changes the type of an official code",
                "reserved code",
                "missing expression",
                "target is not a resource type",
                "code already defined by another SearchParameter"
            })
    @DisplayName("An invalid active SearchParameter is refused and changes nothing")
    default void invalidParametersAreRefused(String problem) {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        if (problem.startsWith("code already")) {
            defineNickname();
        }
        String json =
                switch (problem) {
                    case "expression does not compile" ->
                        searchParameter("bad", "string", "Patient.extension(", "active", List.of("Patient"));
                    case "unknown type" -> searchParameter("bad", "text", "Patient.name", "active", List.of("Patient"));
                    case "base is not a resource type" ->
                        searchParameter("bad", "string", "Patient.name", "active", List.of("NoSuchType"));
                    case "changes the type of an official code" ->
                        searchParameter("gender", "string", "Patient.name.family", "active", List.of("Patient"));
                    case "reserved code" ->
                        searchParameter("_bad", "string", "Patient.name", "active", List.of("Patient"));
                    case "missing expression" -> searchParameter("bad", "string", null, "active", List.of("Patient"));
                    case "target is not a resource type" ->
                        TckJson.write(TckJson.parseObject(searchParameter(
                                        "bad", "reference", "Patient.link.other", "active", List.of("Patient")))
                                .set("target", TckJson.parse("[\"NoSuchType\"]")));
                    default ->
                        searchParameter("nickname", "string", "Patient.name.given", "active", List.of("Patient"));
                };
        Snapshot before = snapshot(context());
        expectThrows(InvalidResourceException.class, problem, () -> store().create(context(), "SearchParameter", json));
        expectThrows(InvalidResourceException.class, problem + " (update)", () -> store().update(
                        context(),
                        "SearchParameter",
                        "sp-bad",
                        TckJson.write(TckJson.parseObject(json).put("id", "sp-bad"))));
        assertUnchanged(context(), before, problem);
        store().create(context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        assertThat(store().search(context(), SearchQuery.of("Patient").param("gender:not", "female"))
                        .matches())
                .as("the official gender parameter is still a token (:not is a token modifier)")
                .hasSize(1);
        if (!problem.startsWith("code already")) {
            expectThrows(InvalidSearchException.class, "the refused code is unknown", () -> ids(context(), "bad", "x"));
        } else {
            assertThat(ids(context(), "nickname", "Bunny"))
                    .as("the first definition stays in force")
                    .hasSize(1);
        }
    }

    @Test
    @DisplayName("Deleting the SearchParameter makes its code unknown again")
    default void deletingTheParameterRemovesIt() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        StoredResource sp = defineNickname();
        store().create(context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        assertThat(ids(context(), "nickname", "Bunny")).hasSize(1);
        store().delete(context(), "SearchParameter", sp.id());
        expectThrows(InvalidSearchException.class, "a deleted parameter", () -> ids(context(), "nickname", "Bunny"));
    }

    @Test
    @DisplayName("A draft or retired SearchParameter is stored but not in force")
    default void onlyActiveParametersCount() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        store().create(
                        context(),
                        "SearchParameter",
                        searchParameter("drafted", "string", "Patient.name.family", "draft", List.of("Patient")));
        StoredResource retired = store().create(
                        context(),
                        "SearchParameter",
                        searchParameter("retiring", "string", "Patient.name.family", "active", List.of("Patient")));
        store().create(context(), "Patient", patient("Doe"));
        assertThat(ids(context(), "retiring", "Doe")).hasSize(1);
        store().update(
                        context(),
                        "SearchParameter",
                        retired.id(),
                        TckJson.write(TckJson.parseObject(searchParameter(
                                        "retiring", "string", "Patient.name.family", "retired", List.of("Patient")))
                                .put("id", retired.id())));
        expectThrows(InvalidSearchException.class, "a draft parameter", () -> ids(context(), "drafted", "Doe"));
        expectThrows(InvalidSearchException.class, "a retired parameter", () -> ids(context(), "retiring", "Doe"));
    }

    @Test
    @DisplayName("An updated SearchParameter applies to resources written after the update")
    default void updatedParameterAppliesToNewWrites() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        StoredResource sp = defineNickname();
        store().update(
                        context(),
                        "SearchParameter",
                        sp.id(),
                        TckJson.write(TckJson.parseObject(searchParameter(
                                        "nickname", "string", "Patient.name.family", "active", List.of("Patient")))
                                .put("id", sp.id())));
        store().create(context(), "Patient", extendedPatient("Bunny", "blue", "2020-05-01", "Practitioner/p1"));
        assertThat(ids(context(), "nickname", "Custom"))
                .as("the new expression")
                .hasSize(1);
        assertThat(ids(context(), "nickname", "Bunny")).as("not the old one").isEmpty();
    }

    @Test
    @DisplayName("Reindex needs the REINDEX permission")
    default void reindexNeedsPermission() {
        requires(Capability.SEARCH, Capability.CUSTOM_SEARCH_PARAMETERS);
        TenantContext readOnly = TenantContext.of(tenant(), TenantPermissions.readOnly());
        expectThrows(ForbiddenException.class, "reindex with read-only permissions", () -> store().reindex(
                        readOnly, ReindexRequest.allTypes(), null));
        TenantContext patientsOnly = TenantContext.of(
                tenant(),
                TenantPermissions.builder().grant(Operation.REINDEX, "Patient").build());
        store().reindex(patientsOnly, ReindexRequest.ofType("Patient"), null);
        expectThrows(
                ForbiddenException.class, "reindex of every type with a grant on Patient only", () -> store().reindex(
                                patientsOnly, ReindexRequest.allTypes(), null));
    }

    @Test
    @DisplayName("A store without CUSTOM_SEARCH_PARAMETERS refuses reindex")
    default void reindexNeedsTheCapability() {
        requiresNot(Capability.CUSTOM_SEARCH_PARAMETERS);
        expectThrows(UnsupportedCapabilityException.class, "reindex without the capability", () -> store().reindex(
                        context(), ReindexRequest.allTypes(), null));
    }
}
