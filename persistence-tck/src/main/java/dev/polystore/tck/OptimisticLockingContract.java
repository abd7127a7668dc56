package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.VersionConflictException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Optimistic locking (capability {@code OPTIMISTIC_LOCKING}): {@code updateIfMatch}, {@code deleteIfMatch} and
 * {@code patchIfMatch} against an expected version (FHIR {@code If-Match}). A wrong version, or a missing resource, is a
 * {@link VersionConflictException} with HTTP status 412 and changes nothing.
 *
 * @since 0.1
 */
@Tag("optimistic-locking")
public interface OptimisticLockingContract extends TckSupport {

    /** Asserts a failed If-Match: 412, and the exception reports the expected (and, if known, current) version. */
    private void assertIfMatchFailure(VersionConflictException e, long expected, long current, String what) {
        assertThat(e.expectedVersion())
                .as("%s: expectedVersion() of %s", what, e)
                .isEqualTo(expected);
        assertThat(e.currentVersion())
                .as("%s: currentVersion() of %s (the current version, or 0 for none/unknown)", what, e)
                .isIn(0L, current);
    }

    @Test
    @DisplayName("updateIfMatch with the current version writes the next version")
    default void updateIfMatchRightVersion() {
        requires(Capability.OPTIMISTIC_LOCKING);
        store().update(context(), "Patient", "lock", patient("lock", "v1"));
        String json = patient("lock", "v2");
        StoredResource v2 = store().updateIfMatch(context(), "Patient", "lock", json, 1);

        assertVersion(v2, "Patient", "lock", 2, ChangeKind.UPDATE, "updateIfMatch(expected 1) of version 1");
        assertStoredAs(v2, json, "updateIfMatch");
        StoredResource v3 = store().updateIfMatch(context(), "Patient", "lock", patient("lock", "v3"), 2);
        assertVersion(v3, "Patient", "lock", 3, ChangeKind.UPDATE, "updateIfMatch(expected 2) of version 2");
    }

    @Test
    @DisplayName("updateIfMatch with a stale or future version is a VersionConflictException (412); nothing changes")
    default void updateIfMatchWrongVersion() {
        requires(Capability.OPTIMISTIC_LOCKING);
        store().update(context(), "Patient", "lock", patient("lock", "v1"));
        StoredResource v2 = store().update(context(), "Patient", "lock", patient("lock", "v2"));
        Snapshot before = snapshot(context());

        for (long wrong : new long[] {1, 3, 9}) {
            VersionConflictException e = expectThrows(
                    VersionConflictException.class,
                    412,
                    "updateIfMatch(expected " + wrong + ") of a version-2 resource",
                    () -> store().updateIfMatch(context(), "Patient", "lock", patient("lock", "stale"), wrong));
            assertIfMatchFailure(e, wrong, 2, "updateIfMatch(expected " + wrong + ")");
        }
        assertSameVersion(v2, store().read(context(), "Patient", "lock"), "Patient/lock after the refused updates");
        assertUnchanged(context(), before, "after refused updateIfMatch calls");
    }

    @Test
    @DisplayName("updateIfMatch of a missing resource is a VersionConflictException (412) and creates nothing")
    default void updateIfMatchMissing() {
        requires(Capability.OPTIMISTIC_LOCKING);
        VersionConflictException e = expectThrows(
                VersionConflictException.class,
                412,
                "updateIfMatch(expected 1) of a resource that never existed",
                () -> store().updateIfMatch(context(), "Patient", "ghost", patient("ghost", "G"), 1));
        assertIfMatchFailure(e, 1, 0, "updateIfMatch of a missing resource");
        assertThat(store().exists(context(), "Patient", "ghost"))
                .as("exists after the refused update")
                .isFalse();
        assertThat(store().countAll(context()))
                .as("countAll after the refused update")
                .isZero();
    }

    @Test
    @DisplayName("deleteIfMatch with the current version deletes; with a wrong version it is a 412 and nothing changes")
    default void deleteIfMatch() {
        requires(Capability.OPTIMISTIC_LOCKING);
        store().update(context(), "Patient", "lock", patient("lock", "v1"));
        StoredResource v2 = store().update(context(), "Patient", "lock", patient("lock", "v2"));
        Snapshot before = snapshot(context());

        VersionConflictException e = expectThrows(
                VersionConflictException.class,
                412,
                "deleteIfMatch(expected 1) of a version-2 resource",
                () -> store().deleteIfMatch(context(), "Patient", "lock", 1));
        assertIfMatchFailure(e, 1, 2, "deleteIfMatch(expected 1)");
        assertSameVersion(v2, store().read(context(), "Patient", "lock"), "Patient/lock after the refused delete");
        assertUnchanged(context(), before, "after the refused deleteIfMatch");

        StoredResource tombstone = store().deleteIfMatch(context(), "Patient", "lock", 2);
        assertVersion(tombstone, "Patient", "lock", 3, ChangeKind.DELETE, "deleteIfMatch(expected 2)");
        expectThrows(ResourceGoneException.class, 410, "read after deleteIfMatch", () -> store().read(
                        context(), "Patient", "lock"));
    }

    @Test
    @DisplayName("deleteIfMatch of a missing resource is a VersionConflictException (412)")
    default void deleteIfMatchMissing() {
        requires(Capability.OPTIMISTIC_LOCKING);
        VersionConflictException e = expectThrows(
                VersionConflictException.class,
                412,
                "deleteIfMatch(expected 1) of a resource that never existed",
                () -> store().deleteIfMatch(context(), "Patient", "ghost", 1));
        assertIfMatchFailure(e, 1, 0, "deleteIfMatch of a missing resource");
        assertThat(store().exists(context(), "Patient", "ghost")).as("exists").isFalse();
        StoredResource created = store().update(context(), "Patient", "ghost", patient("ghost", "G"));
        assertThat(created.versionId())
                .as("version of a PUT after the refused deleteIfMatch (it must not have added a version)")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("An If-Match on a deleted resource with its pre-delete version is a 412")
    default void ifMatchOnDeletedResource() {
        requires(Capability.OPTIMISTIC_LOCKING);
        store().update(context(), "Patient", "gone", patient("gone", "G"));
        store().delete(context(), "Patient", "gone");
        expectThrows(
                VersionConflictException.class,
                412,
                "updateIfMatch(expected 1) of a resource deleted at version 2",
                () -> store().updateIfMatch(context(), "Patient", "gone", patient("gone", "G2"), 1));
        assertThat(store().exists(context(), "Patient", "gone"))
                .as("exists after the refused update")
                .isFalse();
    }

    @Test
    @DisplayName("patchIfMatch applies with the current version and is a 412 with a wrong one")
    default void patchIfMatch() {
        requires(Capability.OPTIMISTIC_LOCKING, Capability.JSON_PATCH);
        store().update(context(), "Patient", "lock", patient("lock", "v1"));
        String patch = "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]";

        expectThrows(
                VersionConflictException.class,
                412,
                "patchIfMatch(expected 2) of a version-1 resource",
                () -> store().patchIfMatch(context(), "Patient", "lock", patch, 2));
        assertThat(store().read(context(), "Patient", "lock").versionId())
                .as("version after refusal")
                .isEqualTo(1);

        StoredResource v2 = store().patchIfMatch(context(), "Patient", "lock", patch, 1);
        assertVersion(v2, "Patient", "lock", 2, ChangeKind.UPDATE, "patchIfMatch(expected 1)");
        assertThat(TckJson.parse(v2.json()).path("active").asBoolean(true))
                .as("patched active")
                .isFalse();
    }
}
