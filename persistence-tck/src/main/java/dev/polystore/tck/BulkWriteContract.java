package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bulk write path (capability {@code BULK_WRITE}): results in the order of the writes, a write with an id has PUT
 * semantics and one without creates; one invalid write anywhere means nothing is written.
 *
 * @since 0.1
 */
@Tag("bulk")
public interface BulkWriteContract extends TckSupport {

    /** 500 writes: every third with an id (Patient/bulk-i), the rest without; every fifth an Observation. */
    private List<ResourceWrite> fiveHundredWrites() {
        List<ResourceWrite> writes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            boolean observation = i % 5 == 4;
            String type = observation ? "Observation" : "Patient";
            String id = i % 3 == 0 ? "bulk-" + i : null;
            String json = observation ? observation("bulk " + i, null) : patient("bulk " + i);
            writes.add(ResourceWrite.of(type, id, json));
        }
        return writes;
    }

    @Test
    @DisplayName("writeBulk of 500 mixed writes returns the stored versions in order; all are readable and counted")
    default void bulkWrite() {
        requires(Capability.BULK_WRITE);
        List<ResourceWrite> writes = fiveHundredWrites();
        List<StoredResource> results = store().writeBulk(context(), writes);

        assertThat(results)
                .as("results of writeBulk of %d writes", writes.size())
                .hasSize(writes.size());
        Set<String> refs = new HashSet<>();
        long patients = 0;
        for (int i = 0; i < writes.size(); i++) {
            ResourceWrite w = writes.get(i);
            StoredResource r = results.get(i);
            String what = "writeBulk result " + i;
            assertVersion(r, w.resourceType(), w.id(), 1, ChangeKind.CREATE, what);
            assertThat(r.id()).as("%s: id", what).matches(FHIR_ID);
            assertStoredAs(r, w.json(), what);
            assertThat(refs.add(r.reference()))
                    .as("%s: %s is returned twice", what, r.reference())
                    .isTrue();
            patients += w.resourceType().equals("Patient") ? 1 : 0;
        }
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient) after writeBulk")
                .isEqualTo(patients);
        assertThat(store().count(context(), "Observation"))
                .as("count(Observation) after writeBulk")
                .isEqualTo(writes.size() - patients);
        assertThat(store().countAll(context())).as("countAll after writeBulk").isEqualTo(writes.size());
        for (int i = 0; i < results.size(); i += 7) {
            StoredResource r = results.get(i);
            assertSameVersion(r, store().read(context(), r.resourceType(), r.id()), "read of writeBulk result " + i);
        }
        List<String> patientIds = new ArrayList<>();
        for (StoredResource r : results) {
            if (r.resourceType().equals("Patient")) {
                patientIds.add(r.id());
            }
        }
        assertThat(store().readMany(context(), "Patient", patientIds))
                .as("readMany of every bulk Patient")
                .hasSize(patientIds.size());
    }

    @Test
    @DisplayName("A write with an id of an existing resource updates it (PUT semantics)")
    default void bulkWriteUpdatesExisting() {
        requires(Capability.BULK_WRITE);
        store().update(context(), "Patient", "existing", patient("existing", "v1"));
        store().update(context(), "Patient", "deleted", patient("deleted", "v1"));
        store().delete(context(), "Patient", "deleted");
        String json = patient("existing", "v2");
        List<StoredResource> results = store().writeBulk(
                        context(),
                        List.of(
                                ResourceWrite.of("Patient", "existing", json),
                                ResourceWrite.of("Patient", "deleted", patient("deleted", "back"))));

        assertVersion(results.get(0), "Patient", "existing", 2, ChangeKind.UPDATE, "bulk write of an existing id");
        assertStoredAs(results.get(0), json, "bulk write of an existing id");
        assertVersion(results.get(1), "Patient", "deleted", 3, ChangeKind.CREATE, "bulk write of a deleted id");
        assertThat(store().countAll(context())).as("countAll").isEqualTo(2);
    }

    @Test
    @DisplayName("An invalid resource in the middle of 500 writes throws, and nothing at all is written")
    default void bulkWriteIsAllOrNothingOnInvalidResource() {
        requires(Capability.BULK_WRITE);
        StoredResource existing = store().update(context(), "Patient", "bulk-0", patient("bulk-0", "before"));
        Snapshot before = snapshot(context());
        List<ResourceWrite> writes = fiveHundredWrites();
        writes.set(250, ResourceWrite.of("Patient", null, observation("an Observation as a Patient", null)));

        expectThrows(
                InvalidResourceException.class,
                "writeBulk with an Observation body written as Patient at index 250",
                () -> store().writeBulk(context(), writes));
        assertUnchanged(context(), before, "after the refused writeBulk");
        assertSameVersion(existing, store().read(context(), "Patient", "bulk-0"), "Patient/bulk-0 (write 0)");
        assertThat(store().exists(context(), "Patient", "bulk-3"))
                .as("Patient/bulk-3 (write 3)")
                .isFalse();
        assertThat(store().countAll(context())).as("countAll").isEqualTo(1);
    }

    @Test
    @DisplayName("An invalid id in the middle of the writes throws InvalidRequestException, and nothing is written")
    default void bulkWriteIsAllOrNothingOnInvalidId() {
        requires(Capability.BULK_WRITE);
        Snapshot before = snapshot(context());
        List<ResourceWrite> writes = fiveHundredWrites();
        writes.set(300, ResourceWrite.of("Patient", "not a valid id", patient("Invalid id")));

        expectThrows(
                InvalidRequestException.class,
                400,
                "writeBulk with id 'not a valid id' at index 300",
                () -> store().writeBulk(context(), writes));
        assertUnchanged(context(), before, "after the refused writeBulk");
        assertThat(store().countAll(context())).as("countAll").isZero();
    }

    @Test
    @DisplayName("writeBulk of no writes returns an empty list")
    default void bulkWriteEmpty() {
        requires(Capability.BULK_WRITE);
        assertThat(store().writeBulk(context(), List.of()))
                .as("writeBulk of an empty list")
                .isEmpty();
        assertThat(store().countAll(context())).as("countAll").isZero();
    }
}
