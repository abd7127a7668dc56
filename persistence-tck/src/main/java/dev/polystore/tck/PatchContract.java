package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Patching: JSON Patch (RFC 6902, capability {@code JSON_PATCH}) and FHIRPath Patch (a {@code Parameters} resource,
 * capability {@code FHIRPATH_PATCH}). A patch is applied to the current version and stored as the next one; it may not
 * change {@code id} or {@code resourceType}; a malformed patch (400) or one that cannot apply (422) changes nothing.
 *
 * @since 0.1
 */
@Tag("patch")
public interface PatchContract extends TckSupport {

    /** The resource every patch test starts from. */
    private StoredResource patchTarget() {
        return store().update(
                        context(),
                        "Patient",
                        "pt",
                        "{\"resourceType\":\"Patient\",\"id\":\"pt\",\"active\":true,\"gender\":\"female\","
                                + "\"name\":[{\"family\":\"Doe\",\"given\":[\"Jane\"]}],"
                                + "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-0100\"}]}");
    }

    @Test
    @DisplayName("A replace patch stores the next version (ChangeKind.UPDATE) with the change applied")
    default void replacePatch() {
        requires(Capability.JSON_PATCH);
        patchTarget();
        StoredResource v2 = store().patch(
                        context(),
                        "Patient",
                        "pt",
                        "[{\"op\":\"replace\",\"path\":\"/name/0/family\",\"value\":\"Roe\"}]");

        assertVersion(v2, "Patient", "pt", 2, ChangeKind.UPDATE, "patch");
        assertStoredAs(
                v2,
                "{\"resourceType\":\"Patient\",\"id\":\"pt\",\"active\":true,\"gender\":\"female\","
                        + "\"name\":[{\"family\":\"Roe\",\"given\":[\"Jane\"]}],"
                        + "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-0100\"}]}",
                "patched resource");
        assertSameVersion(v2, store().read(context(), "Patient", "pt"), "read after patch");
    }

    @Test
    @DisplayName("test, add, remove, copy, move and replace operations apply in order")
    default void allOperations() {
        requires(Capability.JSON_PATCH);
        patchTarget();
        String patch = "["
                + "{\"op\":\"test\",\"path\":\"/gender\",\"value\":\"female\"},"
                + "{\"op\":\"add\",\"path\":\"/name/0/given/-\",\"value\":\"Q\"},"
                + "{\"op\":\"add\",\"path\":\"/birthDate\",\"value\":\"1970-01-01\"},"
                + "{\"op\":\"remove\",\"path\":\"/telecom\"},"
                + "{\"op\":\"copy\",\"from\":\"/name/0\",\"path\":\"/name/1\"},"
                + "{\"op\":\"replace\",\"path\":\"/name/1/family\",\"value\":\"Roe\"},"
                + "{\"op\":\"move\",\"from\":\"/name/1\",\"path\":\"/name/0\"}"
                + "]";
        StoredResource v2 = store().patch(context(), "Patient", "pt", patch);

        assertVersion(v2, "Patient", "pt", 2, ChangeKind.UPDATE, "patch with every operation");
        assertStoredAs(
                v2,
                "{\"resourceType\":\"Patient\",\"id\":\"pt\",\"active\":true,\"gender\":\"female\","
                        + "\"birthDate\":\"1970-01-01\",\"name\":["
                        + "{\"family\":\"Roe\",\"given\":[\"Jane\",\"Q\"]},"
                        + "{\"family\":\"Doe\",\"given\":[\"Jane\",\"Q\"]}]}",
                "result of test/add/remove/copy/replace/move");
    }

    @Test
    @DisplayName("A failing test operation is an InvalidResourceException (422); nothing changes")
    default void failingTest() {
        requires(Capability.JSON_PATCH);
        StoredResource v1 = patchTarget();
        Snapshot before = snapshot(context());
        expectThrows(
                InvalidResourceException.class,
                422,
                "patch whose test op fails (gender is female, not male)",
                () -> store().patch(
                                context(),
                                "Patient",
                                "pt",
                                "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false},"
                                        + "{\"op\":\"test\",\"path\":\"/gender\",\"value\":\"male\"}]"));
        assertSameVersion(v1, store().read(context(), "Patient", "pt"), "Patient/pt after the failed patch");
        assertUnchanged(context(), before, "after the failed patch");
    }

    @Test
    @DisplayName("A patch that changes /id is an InvalidResourceException; nothing changes")
    default void patchChangingId() {
        requires(Capability.JSON_PATCH);
        StoredResource v1 = patchTarget();
        Snapshot before = snapshot(context());
        expectThrows(InvalidResourceException.class, "patch replacing /id", () -> store().patch(
                        context(), "Patient", "pt", "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"other\"}]"));
        assertSameVersion(v1, store().read(context(), "Patient", "pt"), "Patient/pt after the refused patch");
        assertThat(store().exists(context(), "Patient", "other"))
                .as("exists Patient/other")
                .isFalse();
        assertUnchanged(context(), before, "after the refused patch");
    }

    @Test
    @DisplayName("A patch that changes /resourceType is an InvalidResourceException; nothing changes")
    default void patchChangingResourceType() {
        requires(Capability.JSON_PATCH);
        StoredResource v1 = patchTarget();
        Snapshot before = snapshot(context());
        expectThrows(InvalidResourceException.class, "patch replacing /resourceType", () -> store().patch(
                        context(),
                        "Patient",
                        "pt",
                        "[{\"op\":\"replace\",\"path\":\"/resourceType\",\"value\":\"Person\"}]"));
        assertSameVersion(v1, store().read(context(), "Patient", "pt"), "Patient/pt after the refused patch");
        assertThat(store().count(context(), "Person")).as("count(Person)").isZero();
        assertUnchanged(context(), before, "after the refused patch");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}",
                "[{\"op\":\"frobnicate\",\"path\":\"/active\",\"value\":false}]",
                "[{\"op\":\"remove\",\"path\":\"/deceasedBoolean\"}]",
                "[{\"op\":\"replace\",\"path\":\"/active\"}]",
                "[{\"op\":\"add\",\"path\":\"/name/7\",\"value\":{\"family\":\"X\"}}]",
                "[{\"op\":\"replace\",\"path\":\"\",\"value\":\"not an object\"}]",
                "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}",
                "not json"
            })
    @DisplayName(
            "A malformed patch (400), or one that cannot be applied or whose result is not a resource (422), is refused"
                    + " with an InvalidRequestException; nothing changes")
    default void malformedPatch(String patch) {
        requires(Capability.JSON_PATCH);
        StoredResource v1 = patchTarget();
        Snapshot before = snapshot(context());
        FhirPersistenceException e = expectThrows(InvalidRequestException.class, "patch " + patch, () -> store().patch(
                        context(), "Patient", "pt", patch));
        assertThat(e.httpStatus()).as("status of the refused patch %s", patch).isIn(400, 422);
        assertSameVersion(v1, store().read(context(), "Patient", "pt"), "Patient/pt after the refused patch");
        assertUnchanged(context(), before, "after the refused patch");
    }

    @Test
    @DisplayName("Patching a missing resource is a ResourceNotFoundException, a deleted one a ResourceGoneException")
    default void patchMissingOrDeleted() {
        requires(Capability.JSON_PATCH);
        String patch = "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]";
        expectThrows(
                ResourceNotFoundException.class, 404, "patch of a resource that never existed", () -> store().patch(
                                context(), "Patient", "nobody", patch));
        assertThat(store().exists(context(), "Patient", "nobody"))
                .as("exists after it")
                .isFalse();

        patchTarget();
        store().delete(context(), "Patient", "pt");
        expectThrows(ResourceGoneException.class, 410, "patch of a deleted resource", () -> store().patch(
                        context(), "Patient", "pt", patch));
        assertThat(store().exists(context(), "Patient", "pt"))
                .as("exists after patching a deleted one")
                .isFalse();
        assertThat(store().countAll(context())).as("countAll").isZero();
    }

    @Test
    @DisplayName("A FHIRPath Patch (Parameters) replaces, adds and deletes, and stores the next version")
    default void fhirPathPatch() {
        requires(Capability.FHIRPATH_PATCH);
        patchTarget();
        String patch = "{\"resourceType\":\"Parameters\",\"parameter\":["
                + operation("replace", "Patient.name.family", null, "\"valueString\":\"Roe\"")
                + "," + operation("add", "Patient", "birthDate", "\"valueDate\":\"1970-01-01\"")
                + "," + operation("delete", "Patient.telecom", null, null)
                + "]}";
        StoredResource v2 = store().patch(context(), "Patient", "pt", patch);

        assertVersion(v2, "Patient", "pt", 2, ChangeKind.UPDATE, "FHIRPath Patch");
        assertStoredAs(
                v2,
                "{\"resourceType\":\"Patient\",\"id\":\"pt\",\"active\":true,\"gender\":\"female\","
                        + "\"name\":[{\"family\":\"Roe\",\"given\":[\"Jane\"]}],\"birthDate\":\"1970-01-01\"}",
                "result of the FHIRPath Patch");
    }

    @Test
    @DisplayName("A FHIRPath Patch whose replace path matches nothing is refused with 422; nothing changes")
    default void fhirPathPatchThatCannotApply() {
        requires(Capability.FHIRPATH_PATCH);
        StoredResource v1 = patchTarget();
        Snapshot before = snapshot(context());
        String patch = "{\"resourceType\":\"Parameters\",\"parameter\":["
                + operation("replace", "Patient.birthDate", null, "\"valueDate\":\"1970-01-01\"") + "]}";
        expectThrows(
                InvalidResourceException.class,
                422,
                "FHIRPath Patch replacing a missing birthDate",
                () -> store().patch(context(), "Patient", "pt", patch));
        assertSameVersion(v1, store().read(context(), "Patient", "pt"), "Patient/pt after the refused patch");
        assertUnchanged(context(), before, "after the refused FHIRPath Patch");
    }

    @Test
    @DisplayName("A transaction Bundle PATCH entry may carry a FHIRPath Patch as a Parameters resource")
    default void fhirPathPatchInBundle() {
        requires(Capability.FHIRPATH_PATCH);
        requires(Capability.TRANSACTIONS);
        patchTarget();
        String patch = "{\"resourceType\":\"Parameters\",\"parameter\":["
                + operation("replace", "Patient.active", null, "\"valueBoolean\":false") + "]}";
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + patch
                + ",\"request\":{\"method\":\"PATCH\",\"url\":\"Patient/pt\"}}]}";
        store().processBundle(context(), bundle);
        StoredResource v2 = store().read(context(), "Patient", "pt");
        assertThat(v2.versionId()).as("version after the Bundle PATCH").isEqualTo(2);
        assertThat(v2.json()).as("patched JSON").contains("\"active\":false");
    }

    private static String operation(String type, String path, String name, String value) {
        StringBuilder b = new StringBuilder("{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"")
                .append(type)
                .append("\"},{\"name\":\"path\",\"valueString\":\"")
                .append(path)
                .append("\"}");
        if (name != null) {
            b.append(",{\"name\":\"name\",\"valueString\":\"").append(name).append("\"}");
        }
        if (value != null) {
            b.append(",{\"name\":\"value\",").append(value).append('}');
        }
        return b.append("]}").toString();
    }
}
