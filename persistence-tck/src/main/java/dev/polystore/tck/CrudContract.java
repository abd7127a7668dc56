package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.tenant.TenantContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Plain CRUD (required of every store): FHIR {@code create}, {@code read}, {@code update}, {@code delete}, plus
 * {@code exists}, {@code readMany}, {@code count}, {@code countAll}, and the metadata the store sets ({@code id},
 * {@code meta.versionId}, {@code meta.lastUpdated}).
 *
 * @since 0.1
 */
@Tag("crud")
public interface CrudContract extends TckSupport {

    @Test
    @DisplayName("The store holds FHIR R4 and declares CRUD")
    default void storeIsR4WithCrud() {
        assertThat(store().fhirVersion())
                .as("fhirVersion() of the store under test")
                .isEqualTo(FhirVersion.R4);
        assertThat(supports(Capability.CRUD))
                .as(
                        "every store must declare CRUD; declared: %s",
                        capabilities().features())
                .isTrue();
        assertThat(store().isClosed()).as("isClosed() of an open store").isFalse();
    }

    @Test
    @DisplayName("create assigns a new valid id, version 1 and ChangeKind.CREATE, and stores the JSON plus metadata")
    default void createAssignsIdAndVersionOne() {
        String json = patient("Chalmers");
        StoredResource created = store().create(context(), "Patient", json);

        assertVersion(created, "Patient", null, 1, ChangeKind.CREATE, "create");
        assertThat(created.id()).as("server-assigned id").matches(FHIR_ID);
        assertThat(created.tenant()).as("tenant of the created resource").isEqualTo(tenant());
        assertThat(created.etag()).as("etag of version 1").isEqualTo("W/\"1\"");
        assertStoredAs(created, json, "create");
        assertThat(store().exists(context(), "Patient", created.id()))
                .as("exists after create")
                .isTrue();
    }

    @Test
    @DisplayName("create ignores an id in the body and assigns its own")
    default void createIgnoresBodyId() {
        String json = patient("client-chosen-id", "Ignored");
        StoredResource created = store().create(context(), "Patient", json);

        assertThat(created.id())
                .as("create must assign a new id, not take the body's 'client-chosen-id'")
                .isNotEqualTo("client-chosen-id");
        assertStoredAs(created, json, "create with an id in the body (the stored id is the assigned one)");
        assertThat(store().exists(context(), "Patient", "client-chosen-id"))
                .as("no resource may exist under the ignored body id")
                .isFalse();
    }

    @Test
    @DisplayName("Two creates give two different ids, both readable")
    default void twoCreatesGiveDifferentIds() {
        StoredResource a = store().create(context(), "Patient", patient("A"));
        StoredResource b = store().create(context(), "Patient", patient("B"));

        assertThat(a.id()).as("ids of two creates").isNotEqualTo(b.id());
        assertThat(familyOf(store().read(context(), "Patient", a.id())))
                .as("read of the first")
                .isEqualTo("A");
        assertThat(familyOf(store().read(context(), "Patient", b.id())))
                .as("read of the second")
                .isEqualTo("B");
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient) after two creates")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("read returns exactly the version the write returned")
    default void readReturnsWrittenVersion() {
        StoredResource created = store().create(context(), "Observation", observation("weight", null));
        StoredResource read = store().read(context(), "Observation", created.id());
        assertSameVersion(created, read, "read after create");
    }

    @Test
    @DisplayName("update (PUT) of a new id creates version 1 with ChangeKind.CREATE")
    default void updateOfNewIdCreates() {
        String json = patient("put-new", "Newman");
        StoredResource stored = store().update(context(), "Patient", "put-new", json);

        assertVersion(stored, "Patient", "put-new", 1, ChangeKind.CREATE, "PUT of a new id");
        assertStoredAs(stored, json, "PUT of a new id");
        assertSameVersion(stored, store().read(context(), "Patient", "put-new"), "read after PUT of a new id");
    }

    @Test
    @DisplayName("update (PUT) of an existing resource gives version n+1 with ChangeKind.UPDATE and the new content")
    default void updateOfExistingGivesNextVersion() {
        StoredResource v1 = store().update(context(), "Patient", "p1", patient("p1", "First"));
        String second = patient("p1", "Second");
        StoredResource v2 = store().update(context(), "Patient", "p1", second);
        String third = patient("p1", "Third");
        StoredResource v3 = store().update(context(), "Patient", "p1", third);

        assertVersion(v1, "Patient", "p1", 1, ChangeKind.CREATE, "first PUT");
        assertVersion(v2, "Patient", "p1", 2, ChangeKind.UPDATE, "second PUT");
        assertVersion(v3, "Patient", "p1", 3, ChangeKind.UPDATE, "third PUT");
        assertStoredAs(v3, third, "third PUT");
        assertSameVersion(v3, store().read(context(), "Patient", "p1"), "read after three PUTs");
        assertThat(store().count(context(), "Patient"))
                .as("count after updates of one resource")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("update with a body without id is accepted and the store sets the id")
    default void updateWithoutBodyIdSetsId() {
        String json = patient("NoId");
        StoredResource stored = store().update(context(), "Patient", "no-id-in-body", json);

        assertVersion(stored, "Patient", "no-id-in-body", 1, ChangeKind.CREATE, "PUT without body id");
        assertStoredAs(stored, json, "PUT without body id");
        assertThat(TckJson.parse(store().read(context(), "Patient", "no-id-in-body")
                                .json())
                        .path("id")
                        .asText())
                .as("id member of the stored JSON")
                .isEqualTo("no-id-in-body");
    }

    @Test
    @DisplayName(
            "update whose body id differs from the address id is an InvalidRequestException (400); nothing is written")
    default void updateWithMismatchedIdIsRefused() {
        expectThrows(
                InvalidRequestException.class,
                400,
                "PUT Patient/addr-a with body id 'body-b' (new resource)",
                () -> store().update(context(), "Patient", "addr-a", patient("body-b", "X")));
        assertThat(store().exists(context(), "Patient", "addr-a"))
                .as("Patient/addr-a after the refused PUT")
                .isFalse();
        assertThat(store().exists(context(), "Patient", "body-b"))
                .as("Patient/body-b after the refused PUT")
                .isFalse();
        assertThat(store().countAll(context()))
                .as("countAll after the refused PUT")
                .isZero();

        StoredResource v1 = store().update(context(), "Patient", "exists-a", patient("exists-a", "Original"));
        expectThrows(
                InvalidRequestException.class,
                400,
                "PUT Patient/exists-a with body id 'other' (existing resource)",
                () -> store().update(context(), "Patient", "exists-a", patient("other", "Changed")));
        assertSameVersion(v1, store().read(context(), "Patient", "exists-a"), "Patient/exists-a after the refused PUT");
    }

    @Test
    @DisplayName("read of a resource that never existed is a ResourceNotFoundException (404); exists is false")
    default void readOfMissingIsNotFound() {
        expectThrows(ResourceNotFoundException.class, 404, "read of Patient/never-existed", () -> store().read(
                        context(), "Patient", "never-existed"));
        assertThat(store().exists(context(), "Patient", "never-existed"))
                .as("exists of a missing resource")
                .isFalse();
    }

    @Test
    @DisplayName("read of a deleted resource is a ResourceGoneException (410); exists is false")
    default void readOfDeletedIsGone() {
        store().update(context(), "Patient", "to-delete", patient("to-delete", "Gone"));
        store().delete(context(), "Patient", "to-delete");

        expectThrows(ResourceGoneException.class, 410, "read of the deleted Patient/to-delete", () -> store().read(
                        context(), "Patient", "to-delete"));
        assertThat(store().exists(context(), "Patient", "to-delete"))
                .as("exists of a deleted resource")
                .isFalse();
    }

    @Test
    @DisplayName("delete adds and returns a tombstone version (ChangeKind.DELETE, no JSON, next version number)")
    default void deleteAddsTombstone() {
        StoredResource v1 = store().update(context(), "Patient", "del", patient("del", "One"));
        store().update(context(), "Patient", "del", patient("del", "Two"));
        StoredResource tombstone = store().delete(context(), "Patient", "del");

        assertVersion(tombstone, "Patient", "del", 3, ChangeKind.DELETE, "delete of a version-2 resource");
        assertThat(tombstone.tenant()).as("tenant of the tombstone").isEqualTo(tenant());
        assertThat(tombstone.lastUpdated())
                .as("lastUpdated of the tombstone must be after that of version 1")
                .isAfter(v1.lastUpdated());
        assertThat(store().count(context(), "Patient")).as("count after delete").isZero();
        assertThat(store().countAll(context())).as("countAll after delete").isZero();
    }

    @Test
    @DisplayName("delete of a missing resource returns null and adds no version")
    default void deleteOfMissingReturnsNull() {
        assertThat(store().delete(context(), "Patient", "nothing-here"))
                .as("delete of a resource that never existed")
                .isNull();
        assertThat(store().exists(context(), "Patient", "nothing-here"))
                .as("exists after it")
                .isFalse();
        StoredResource created = store().update(context(), "Patient", "nothing-here", patient("nothing-here", "N"));
        assertVersion(
                created,
                "Patient",
                "nothing-here",
                1,
                ChangeKind.CREATE,
                "PUT after a delete of a missing resource (the delete must not have added a version)");
    }

    @Test
    @DisplayName("delete of an already deleted resource returns null and adds no version")
    default void deleteOfDeletedReturnsNull() {
        store().update(context(), "Patient", "twice", patient("twice", "T"));
        StoredResource first = store().delete(context(), "Patient", "twice");
        assertVersion(first, "Patient", "twice", 2, ChangeKind.DELETE, "first delete");

        assertThat(store().delete(context(), "Patient", "twice"))
                .as("second delete")
                .isNull();
        StoredResource recreated = store().update(context(), "Patient", "twice", patient("twice", "Back"));
        assertVersion(
                recreated,
                "Patient",
                "twice",
                3,
                ChangeKind.CREATE,
                "PUT after two deletes (the second delete must not have added a version)");
    }

    @Test
    @DisplayName("update after delete recreates the resource with the next version number and ChangeKind.CREATE")
    default void updateAfterDeleteRecreates() {
        store().update(context(), "Patient", "phoenix", patient("phoenix", "Before"));
        store().delete(context(), "Patient", "phoenix");
        String json = patient("phoenix", "After");
        StoredResource recreated = store().update(context(), "Patient", "phoenix", json);

        assertVersion(recreated, "Patient", "phoenix", 3, ChangeKind.CREATE, "PUT of a deleted resource");
        assertStoredAs(recreated, json, "PUT of a deleted resource");
        assertSameVersion(recreated, store().read(context(), "Patient", "phoenix"), "read after recreation");
        assertThat(store().exists(context(), "Patient", "phoenix"))
                .as("exists after recreation")
                .isTrue();
        assertThat(store().count(context(), "Patient"))
                .as("count after recreation")
                .isEqualTo(1);
    }

    @Test
    @DisplayName(
            "readMany returns live resources in the order of the ids, leaves out missing and deleted ones, and duplicates once")
    default void readManyOrderAndGaps() {
        StoredResource a = store().update(context(), "Patient", "a", patient("a", "A"));
        store().update(context(), "Patient", "b", patient("b", "B"));
        store().update(context(), "Patient", "b", patient("b", "B2"));
        StoredResource b2 = store().read(context(), "Patient", "b");
        StoredResource c = store().update(context(), "Patient", "c", patient("c", "C"));
        store().update(context(), "Patient", "deleted", patient("deleted", "D"));
        store().delete(context(), "Patient", "deleted");

        List<StoredResource> many =
                store().readMany(context(), "Patient", List.of("c", "missing", "a", "deleted", "b", "a", "c"));

        assertThat(refs(many))
                .as("readMany(c, missing, a, deleted, b, a, c)")
                .containsExactly("Patient/c/_history/1", "Patient/a/_history/1", "Patient/b/_history/2");
        assertSameVersion(c, many.get(0), "readMany entry c");
        assertSameVersion(a, many.get(1), "readMany entry a");
        assertSameVersion(b2, many.get(2), "readMany entry b (current version)");
    }

    @Test
    @DisplayName("readMany only returns resources of the asked type, and nothing for no ids")
    default void readManyIsTypeScoped() {
        store().update(context(), "Patient", "shared", patient("shared", "P"));
        store().update(context(), "Observation", "shared", observation("O", null));
        store().update(context(), "Observation", "obs-only", observation("O2", null));

        List<StoredResource> many = store().readMany(context(), "Patient", List.of("shared", "obs-only"));
        assertThat(refs(many)).as("readMany(Patient, [shared, obs-only])").containsExactly("Patient/shared/_history/1");
        assertThat(store().readMany(context(), "Patient", List.of()))
                .as("readMany with no ids")
                .isEmpty();
    }

    @Test
    @DisplayName("count and countAll count live resources only, per type and over all types")
    default void countsCountLiveResources() {
        TenantContext ctx = context();
        assertThat(store().countAll(ctx)).as("countAll of a fresh tenant").isZero();
        assertThat(store().count(ctx, "Patient"))
                .as("count(Patient) of a fresh tenant")
                .isZero();

        store().update(ctx, "Patient", "p1", patient("p1", "A"));
        store().update(ctx, "Patient", "p1", patient("p1", "A2"));
        store().create(ctx, "Patient", patient("B"));
        store().update(ctx, "Patient", "p3", patient("p3", "C"));
        store().create(ctx, "Observation", observation("o", null));
        store().update(ctx, "Observation", "o2", observation("o2", null));
        store().delete(ctx, "Patient", "p3");
        store().delete(ctx, "Observation", "o2");

        assertThat(store().count(ctx, "Patient"))
                .as("count(Patient): 3 written, 1 deleted, 1 updated")
                .isEqualTo(2);
        assertThat(store().count(ctx, "Observation"))
                .as("count(Observation): 2 written, 1 deleted")
                .isEqualTo(1);
        assertThat(store().count(ctx, "Encounter"))
                .as("count(Encounter): none written")
                .isZero();
        assertThat(store().countAll(ctx)).as("countAll: 3 live resources").isEqualTo(3);
    }

    @Test
    @DisplayName("The same id in two resource types names two independent resources")
    default void sameIdInTwoTypesIsIndependent() {
        StoredResource p = store().update(context(), "Patient", "same", patient("same", "P"));
        StoredResource o = store().update(context(), "Observation", "same", observation("O", null));
        store().delete(context(), "Observation", "same");

        assertVersion(o, "Observation", "same", 1, ChangeKind.CREATE, "PUT Observation/same after Patient/same");
        assertSameVersion(
                p, store().read(context(), "Patient", "same"), "Patient/same after deleting Observation/same");
        assertThat(store().exists(context(), "Observation", "same"))
                .as("exists Observation/same")
                .isFalse();
    }

    @Test
    @DisplayName("Ids are case-sensitive: Patient/abc and Patient/ABC are two resources")
    default void idsAreCaseSensitive() {
        store().update(context(), "Patient", "abc", patient("abc", "Lower"));
        store().update(context(), "Patient", "ABC", patient("ABC", "Upper"));

        assertThat(familyOf(store().read(context(), "Patient", "abc")))
                .as("Patient/abc")
                .isEqualTo("Lower");
        assertThat(familyOf(store().read(context(), "Patient", "ABC")))
                .as("Patient/ABC")
                .isEqualTo("Upper");
        assertThat(store().read(context(), "Patient", "ABC").versionId())
                .as("version of Patient/ABC")
                .isEqualTo(1);
        assertThat(store().exists(context(), "Patient", "Abc"))
                .as("exists Patient/Abc")
                .isFalse();
        assertThat(store().count(context(), "Patient")).as("count").isEqualTo(2);
    }

    @Test
    @DisplayName("Ids of every allowed character and of exactly 64 characters are accepted")
    default void boundaryIdsAreAccepted() {
        char[] sixtyFour = new char[64];
        Arrays.fill(sixtyFour, 'x');
        List<String> ids = List.of("A-Z.a-z.0-9", "0", "a", "1.2.840.10008", new String(sixtyFour), "-.-");
        for (String id : ids) {
            String json = patient(id, "Boundary");
            StoredResource stored = store().update(context(), "Patient", id, json);
            assertVersion(stored, "Patient", id, 1, ChangeKind.CREATE, "PUT Patient/" + id);
            assertSameVersion(stored, store().read(context(), "Patient", id), "read Patient/" + id);
        }
        assertThat(store().count(context(), "Patient")).as("count").isEqualTo(ids.size());
    }

    @Test
    @DisplayName("The store replaces meta.versionId and meta.lastUpdated but keeps profile, tag, security and source")
    default void metaMembersAreKept() {
        ObjectNode p = TckJson.parseObject(patient("meta", "Meta"));
        ObjectNode meta = p.putObject("meta");
        meta.put("versionId", "99");
        meta.put("lastUpdated", "2001-01-01T00:00:00Z");
        meta.put("source", "http://example.org/source#abc");
        meta.putArray("profile").add("http://hl7.org/fhir/StructureDefinition/Patient");
        meta.putArray("tag")
                .addObject()
                .put("system", "http://example.org/tags")
                .put("code", "tck");
        meta.putArray("security")
                .addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality")
                .put("code", "R");
        String json = TckJson.write(p);

        StoredResource stored = store().update(context(), "Patient", "meta", json);
        assertStoredAs(stored, json, "PUT with a full meta (versionId 99 and lastUpdated 2001 must be replaced)");
        assertStoredAs(store().read(context(), "Patient", "meta"), json, "read of it");

        StoredResource v2 = store().update(context(), "Patient", "meta", json);
        assertStoredAs(v2, json, "second PUT with the same meta");
        assertThat(TckJson.parse(v2.json()).path("meta").path("versionId").asText())
                .as("meta.versionId of version 2")
                .isEqualTo("2");
    }

    @Test
    @DisplayName("Numbers keep their written form: 1.50 stays 1.50, big and small decimals stay exact")
    default void decimalsKeepPrecision() {
        String json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"precision\"},"
                + "\"valueQuantity\":{\"value\":1.50,\"unit\":\"mg\"},"
                + "\"referenceRange\":[{\"low\":{\"value\":0.000},\"high\":{\"value\":12345678901234567890.123456789}}],"
                + "\"component\":[{\"code\":{\"text\":\"a\"},\"valueQuantity\":{\"value\":-0.10}},"
                + "{\"code\":{\"text\":\"b\"},\"valueInteger\":2147483647},"
                + "{\"code\":{\"text\":\"c\"},\"valueQuantity\":{\"value\":100}},"
                + "{\"code\":{\"text\":\"d\"},\"valueQuantity\":{\"value\":1.0E-7}}]}";
        StoredResource stored = store().create(context(), "Observation", json);
        assertStoredAs(stored, json, "create with decimals");
        assertStoredAs(store().read(context(), "Observation", stored.id()), json, "read with decimals");
        assertThat(TckJson.parse(stored.json())
                        .path("valueQuantity")
                        .path("value")
                        .decimalValue()
                        .scale())
                .as("scale of valueQuantity.value 1.50 as stored")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("Successive versions of one resource have strictly increasing lastUpdated, close to the wall clock")
    default void lastUpdatedIncreasesStrictly() {
        Instant before = Instant.now();
        List<StoredResource> versions = new ArrayList<>();
        versions.add(store().update(context(), "Patient", "clock", patient("clock", "v1")));
        for (int i = 2; i <= 10; i++) {
            versions.add(store().update(context(), "Patient", "clock", patient("clock", "v" + i)));
        }
        versions.add(store().delete(context(), "Patient", "clock"));
        versions.add(store().update(context(), "Patient", "clock", patient("clock", "again")));
        Instant after = Instant.now();

        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions.get(i).lastUpdated())
                    .as("lastUpdated of %s must be after that of %s", versions.get(i), versions.get(i - 1))
                    .isAfter(versions.get(i - 1).lastUpdated());
        }
        Duration tolerance = Duration.ofMinutes(2);
        for (StoredResource v : versions) {
            assertThat(v.lastUpdated())
                    .as("lastUpdated of %s must be the time of writing (within %s of the test's clock)", v, tolerance)
                    .isBetween(before.minus(tolerance), after.plus(tolerance));
        }
    }
}
