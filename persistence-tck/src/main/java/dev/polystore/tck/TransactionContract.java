package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.StorageTransaction;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantContext;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Explicit transactions (capability {@code TRANSACTIONS}): reads inside see the transaction's own writes; nothing is
 * visible outside before {@code commit()}; {@code rollback()} and {@code close()} without commit discard everything; a
 * finished transaction refuses further use.
 *
 * <p>These tests never call the store outside a transaction from the thread that holds it open (an embedded
 * single-writer engine may refuse that); visibility is checked after commit or rollback, or from another thread.
 *
 * @since 0.1
 */
@Tag("transactions")
public interface TransactionContract extends TckSupport {

    @Test
    @DisplayName("Reads inside a transaction see its own writes (read, exists, vread, versions)")
    default void readsSeeOwnWrites() {
        requires(Capability.TRANSACTIONS);
        boolean vread = supports(Capability.VREAD);
        StoredResource created;
        StoredResource v2;
        try (StorageTransaction tx = store().begin(context())) {
            assertThat(tx.context()).as("context() of the transaction").isEqualTo(context());
            assertThat(tx.isFinished()).as("isFinished() of a new transaction").isFalse();
            created = tx.create("Patient", patient("Created"));
            assertVersion(created, "Patient", null, 1, ChangeKind.CREATE, "create in a transaction");
            tx.update("Patient", "a", patient("a", "a1"));
            v2 = tx.update("Patient", "a", patient("a", "a2"));
            assertVersion(v2, "Patient", "a", 2, ChangeKind.UPDATE, "second update in a transaction");

            assertSameVersion(created, tx.read("Patient", created.id()), "read of an own create");
            assertSameVersion(v2, tx.read("Patient", "a"), "read of an own update");
            assertThat(tx.exists("Patient", "a")).as("exists of an own write").isTrue();
            assertThat(tx.exists("Patient", "nope"))
                    .as("exists of a missing resource")
                    .isFalse();
            if (vread) {
                assertThat(familyOf(tx.vread("Patient", "a", 1)))
                        .as("vread 1 of an own write")
                        .isEqualTo("a1");
                assertThat(refs(tx.versions("Patient", "a")))
                        .as("versions() of an own write")
                        .containsExactly("Patient/a/_history/2", "Patient/a/_history/1");
            }
            tx.commit();
            assertThat(tx.isFinished()).as("isFinished() after commit").isTrue();
        }
        assertSameVersion(created, store().read(context(), "Patient", created.id()), "read after commit");
        assertSameVersion(v2, store().read(context(), "Patient", "a"), "read after commit");
        assertThat(store().countAll(context())).as("countAll after commit").isEqualTo(2);
    }

    @Test
    @DisplayName("rollback() discards every write of the transaction")
    default void rollbackDiscards() {
        requires(Capability.TRANSACTIONS);
        StoredResource keep = store().update(context(), "Patient", "keep", patient("keep", "Original"));
        store().update(context(), "Patient", "doomed", patient("doomed", "Doomed"));
        Snapshot before = snapshot(context());
        String createdId;
        try (StorageTransaction tx = store().begin(context())) {
            createdId = tx.create("Patient", patient("Discarded")).id();
            tx.update("Patient", "keep", patient("keep", "Changed"));
            tx.update("Observation", "new", observation("discarded", null));
            tx.delete("Patient", "doomed");
            tx.rollback();
            assertThat(tx.isFinished()).as("isFinished() after rollback").isTrue();
        }
        assertUnchanged(context(), before, "after rollback");
        assertSameVersion(keep, store().read(context(), "Patient", "keep"), "Patient/keep after rollback");
        assertThat(store().exists(context(), "Patient", createdId))
                .as("resource created in the rolled-back transaction")
                .isFalse();
        assertThat(store().exists(context(), "Observation", "new"))
                .as("Observation/new")
                .isFalse();
        assertThat(store().exists(context(), "Patient", "doomed"))
                .as("Patient/doomed (delete rolled back)")
                .isTrue();
        StoredResource next = store().update(context(), "Patient", "keep", patient("keep", "Next"));
        assertThat(next.versionId())
                .as("version after a rolled-back update (numbers are not consumed)")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("close() without commit rolls back")
    default void closeWithoutCommitRollsBack() {
        requires(Capability.TRANSACTIONS);
        Snapshot before = snapshot(context());
        try (StorageTransaction tx = store().begin(context())) {
            tx.update("Patient", "a", patient("a", "never committed"));
            tx.create("Observation", observation("never committed", "Patient/a"));
        }
        assertUnchanged(context(), before, "after close() without commit");
        assertThat(store().exists(context(), "Patient", "a"))
                .as("Patient/a after close() without commit")
                .isFalse();
    }

    @Test
    @DisplayName("commit() makes every write visible at once: creates, updates, deletes, several types")
    default void commitMakesAllVisible() {
        requires(Capability.TRANSACTIONS);
        boolean patch = supports(Capability.JSON_PATCH);
        store().update(context(), "Patient", "old", patient("old", "Old"));
        store().update(context(), "Patient", "upd", patient("upd", "v1"));
        try (StorageTransaction tx = store().begin(context())) {
            tx.create("Patient", patient("New"));
            tx.update("Patient", "upd", patient("upd", "v2"));
            tx.update("Observation", "o", observation("o", "Patient/upd"));
            StoredResource tombstone = tx.delete("Patient", "old");
            assertVersion(tombstone, "Patient", "old", 2, ChangeKind.DELETE, "delete in a transaction");
            expectThrows(
                    ResourceGoneException.class,
                    410,
                    "read in the transaction of what it deleted",
                    () -> tx.read("Patient", "old"));
            assertThat(tx.exists("Patient", "old"))
                    .as("exists in the transaction of what it deleted")
                    .isFalse();
            if (patch) {
                StoredResource patched =
                        tx.patch("Patient", "upd", "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]");
                assertVersion(patched, "Patient", "upd", 3, ChangeKind.UPDATE, "patch in a transaction");
            }
            tx.commit();
        }
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient) after commit")
                .isEqualTo(2);
        assertThat(store().count(context(), "Observation"))
                .as("count(Observation) after commit")
                .isEqualTo(1);
        expectThrows(
                ResourceGoneException.class, 410, "read of Patient/old after the commit deleted it", () -> store().read(
                                context(), "Patient", "old"));
        StoredResource upd = store().read(context(), "Patient", "upd");
        assertThat(upd.versionId()).as("version of Patient/upd").isEqualTo(patch ? 3 : 2);
        assertThat(familyOf(upd)).as("family of Patient/upd").isEqualTo("v2");
    }

    @Test
    @DisplayName(
            "A committed or rolled-back transaction refuses further use with IllegalStateException; close() is idempotent")
    default void finishedTransactionRefusesUse() {
        requires(Capability.TRANSACTIONS);
        StorageTransaction committed = store().begin(context());
        try {
            committed.create("Patient", patient("x"));
            committed.commit();
            expectThrows(
                    IllegalStateException.class,
                    "create after commit",
                    () -> committed.create("Patient", patient("late")));
            expectThrows(IllegalStateException.class, "read after commit", () -> committed.read("Patient", "x"));
            expectThrows(
                    IllegalStateException.class,
                    "update after commit",
                    () -> committed.update("Patient", "late", patient("late", "late")));
            expectThrows(IllegalStateException.class, "commit after commit", committed::commit);
        } finally {
            committed.close();
        }
        committed.close(); // idempotent

        StorageTransaction rolledBack = store().begin(context());
        try {
            rolledBack.create("Patient", patient("y"));
            rolledBack.rollback();
            expectThrows(
                    IllegalStateException.class,
                    "create after rollback",
                    () -> rolledBack.create("Patient", patient("late")));
            expectThrows(IllegalStateException.class, "exists after rollback", () -> rolledBack.exists("Patient", "y"));
            expectThrows(IllegalStateException.class, "delete after rollback", () -> rolledBack.delete("Patient", "y"));
            expectThrows(IllegalStateException.class, "commit after rollback", rolledBack::commit);
        } finally {
            rolledBack.close();
        }
        rolledBack.close(); // idempotent

        assertThat(store().countAll(context()))
                .as("countAll: one committed create")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("A VersionConflictException inside a transaction can be followed by rollback, leaving nothing")
    default void conflictThenRollback() {
        requires(Capability.TRANSACTIONS, Capability.OPTIMISTIC_LOCKING);
        StoredResource existing = store().update(context(), "Patient", "e", patient("e", "Existing"));
        Snapshot before = snapshot(context());
        try (StorageTransaction tx = store().begin(context())) {
            tx.create("Patient", patient("Created before the conflict"));
            tx.update("Observation", "o", observation("before the conflict", null));
            expectThrows(
                    VersionConflictException.class,
                    412,
                    "updateIfMatch(expected 7) of a version-1 resource",
                    () -> tx.updateIfMatch("Patient", "e", patient("e", "Changed"), 7));
            tx.rollback();
        }
        assertUnchanged(context(), before, "after the conflict and rollback");
        assertSameVersion(existing, store().read(context(), "Patient", "e"), "Patient/e after rollback");
        assertThat(store().exists(context(), "Observation", "o"))
                .as("Observation/o after rollback")
                .isFalse();
    }

    @Test
    @DisplayName("Uncommitted writes are invisible to other threads")
    default void uncommittedWritesAreInvisibleToOthers() throws Exception {
        requires(Capability.TRANSACTIONS);
        TenantContext ctx = context();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            try (StorageTransaction tx = store().begin(ctx)) {
                tx.update("Patient", "pending", patient("pending", "Pending"));
                Future<Boolean> seen = other.submit(() -> store().exists(ctx, "Patient", "pending"));
                Boolean visible;
                try {
                    visible = seen.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // the engine makes readers wait for the writer: allowed, and nothing was visible
                    visible = null;
                }
                if (visible != null) {
                    assertThat(visible)
                            .as("exists() from another thread while the write is uncommitted")
                            .isFalse();
                }
                tx.commit();
                if (visible == null) {
                    seen.get(60, TimeUnit.SECONDS);
                }
            }
            Future<Boolean> after = other.submit(() -> store().exists(ctx, "Patient", "pending"));
            assertThat(after.get(60, TimeUnit.SECONDS))
                    .as("exists() from another thread after commit")
                    .isTrue();
        } catch (ExecutionException e) {
            throw new AssertionError("the reading thread failed: " + e.getCause(), e.getCause());
        } finally {
            other.shutdownNow();
            other.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("A store without TRANSACTIONS refuses begin() with UnsupportedCapabilityException")
    default void undeclaredTransactionsAreRefused() {
        requiresNot(Capability.TRANSACTIONS);
        expectThrows(
                UnsupportedCapabilityException.class,
                501,
                "begin() on a store without TRANSACTIONS",
                () -> store().begin(context()).close());
    }
}
