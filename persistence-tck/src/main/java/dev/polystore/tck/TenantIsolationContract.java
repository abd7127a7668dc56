package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.HistoryRequest;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StorageTransaction;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.tenant.TenantPermissions;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tenant isolation and permissions: the same type and id written in two tenants never meet, for tenant ids of many
 * shapes (chosen so that prefix matching, SQL {@code LIKE} wildcards, truncation or case folding would mix them up);
 * read-only and per-type grants are enforced with {@link ForbiddenException} (403) before anything changes; child
 * tenants are reached only through an explicit grant and keep their data apart from the parent's.
 *
 * @since 0.1
 */
@Tag("tenancy")
public interface TenantIsolationContract extends TckSupport {

    /** Pairs of distinct tenant ids of one shape, fresh for every call. */
    enum TenantShape {
        /** {@code s<u>} and {@code s<u>0}: short, and one a prefix of the other. */
        SHORT,
        /** {@code t.<u>.x} and {@code t.<u>..x}. */
        DOTS,
        /** {@code t-<u>} and {@code t-<u>-x}. */
        DASHES,
        /** {@code t_<u>_x} and {@code tX<u>Xx}: equal under SQL LIKE, where {@code _} matches any character. */
        UNDERSCORES,
        /** {@code p-<u>} and its child {@code p-<u>/child}. */
        PARENT_CHILD,
        /** Two 64-character ids that differ only in the last character. */
        MAX_LENGTH,
        /** {@code case-<u>} and {@code CASE-<U>}: tenant ids are case-sensitive. */
        CASE;

        /** Two distinct, fresh tenant ids of this shape. */
        TenantId[] pair() {
            String u = TckTenants.unique();
            String a;
            String b;
            switch (this) {
                case SHORT -> {
                    a = "s" + u;
                    b = "s" + u + "0";
                }
                case DOTS -> {
                    a = "t." + u + ".x";
                    b = "t." + u + "..x";
                }
                case DASHES -> {
                    a = "t-" + u;
                    b = "t-" + u + "-x";
                }
                case UNDERSCORES -> {
                    a = "t_" + u + "_x";
                    b = "tX" + u + "Xx";
                }
                case PARENT_CHILD -> {
                    a = "p-" + u;
                    b = a + "/child";
                }
                case MAX_LENGTH -> {
                    String base =
                            ("m-" + u + "-" + "x".repeat(TenantId.MAX_LENGTH)).substring(0, TenantId.MAX_LENGTH - 1);
                    a = base + "a";
                    b = base + "b";
                }
                case CASE -> {
                    a = "case-" + u;
                    b = "CASE-" + u.toUpperCase(Locale.ROOT);
                }
                default -> throw new IllegalStateException(name());
            }
            return new TenantId[] {TenantId.of(a), TenantId.of(b)};
        }
    }

    /**
     * Writes, in tenant A: Patient/same in 3 versions (families A1..A3) and Observation/only-a; in tenant B:
     * Patient/same in 1 version (family B).
     */
    private void writeTwoTenants(TenantContext a, TenantContext b) {
        store().update(a, "Patient", "same", patient("same", "A1"));
        store().update(b, "Patient", "same", patient("same", "B"));
        store().update(a, "Patient", "same", patient("same", "A2"));
        store().update(a, "Observation", "only-a", observation("only in A", "Patient/same"));
        store().update(a, "Patient", "same", patient("same", "A3"));
    }

    private static TenantContext[] contexts(TenantShape shape) {
        TenantId[] ids = shape.pair();
        return new TenantContext[] {TenantContext.of(ids[0]), TenantContext.of(ids[1])};
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(TenantShape.class)
    @DisplayName("The same type and id in two tenants: read, vread, exists, readMany, count and countAll never cross")
    default void readsAreIsolated(TenantShape shape) {
        TenantContext[] ctx = contexts(shape);
        TenantContext a = ctx[0];
        TenantContext b = ctx[1];
        writeTwoTenants(a, b);
        String in = " in " + b.tenant() + " (tenant A is " + a.tenant() + ")";

        StoredResource bSame = store().read(b, "Patient", "same");
        assertThat(familyOf(bSame)).as("read Patient/same" + in).isEqualTo("B");
        assertThat(bSame.versionId()).as("version of Patient/same" + in).isEqualTo(1);
        assertThat(bSame.tenant()).as("tenant() of Patient/same" + in).isEqualTo(b.tenant());
        expectThrows(ResourceNotFoundException.class, 404, "read Observation/only-a" + in, () -> store().read(
                        b, "Observation", "only-a"));
        assertThat(store().exists(b, "Observation", "only-a"))
                .as("exists Observation/only-a" + in)
                .isFalse();
        assertThat(refs(store().readMany(b, "Patient", List.of("same"))))
                .as("readMany Patient [same]" + in)
                .containsExactly("Patient/same/_history/1");
        assertThat(store().readMany(b, "Observation", List.of("only-a")))
                .as("readMany Observation [only-a]" + in)
                .isEmpty();
        assertThat(store().count(b, "Patient")).as("count(Patient)" + in).isEqualTo(1);
        assertThat(store().count(b, "Observation"))
                .as("count(Observation)" + in)
                .isZero();
        assertThat(store().countAll(b)).as("countAll" + in).isEqualTo(1);

        StoredResource aSame = store().read(a, "Patient", "same");
        assertThat(familyOf(aSame)).as("read Patient/same in A " + a.tenant()).isEqualTo("A3");
        assertThat(aSame.versionId()).as("version of Patient/same in A").isEqualTo(3);
        assertThat(aSame.tenant()).as("tenant() of Patient/same in A").isEqualTo(a.tenant());
        assertThat(store().countAll(a)).as("countAll in A " + a.tenant()).isEqualTo(2);

        if (supports(Capability.VREAD)) {
            assertThat(familyOf(store().vread(b, "Patient", "same", 1)))
                    .as("vread Patient/same/1" + in)
                    .isEqualTo("B");
            assertThat(familyOf(store().vread(a, "Patient", "same", 1)))
                    .as("vread Patient/same/1 in A")
                    .isEqualTo("A1");
            expectThrows(
                    ResourceNotFoundException.class,
                    404,
                    "vread Patient/same/2" + in + " (A has a version 2)",
                    () -> store().vread(b, "Patient", "same", 2));
            expectThrows(ResourceNotFoundException.class, 404, "vread Observation/only-a/1" + in, () -> store().vread(
                            b, "Observation", "only-a", 1));
            assertThat(refs(store().versions(b, "Patient", "same")))
                    .as("versions() of Patient/same" + in)
                    .containsExactly("Patient/same/_history/1");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(TenantShape.class)
    @DisplayName("The same type and id in two tenants: instance, type and system history never cross")
    default void historyIsIsolated(TenantShape shape) {
        requiresAny(Capability.HISTORY_INSTANCE, Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        TenantContext[] ctx = contexts(shape);
        TenantContext a = ctx[0];
        TenantContext b = ctx[1];
        writeTwoTenants(a, b);
        String in = " in " + b.tenant() + " (tenant A is " + a.tenant() + ")";

        if (supports(Capability.HISTORY_INSTANCE)) {
            List<StoredResource> h = historyAll(b, HistoryRequest.instance("Patient", "same"));
            assertThat(refs(h)).as("instance history of Patient/same" + in).containsExactly("Patient/same/_history/1");
            assertThat(h.get(0).tenant()).as("tenant of that entry").isEqualTo(b.tenant());
            expectThrows(
                    ResourceNotFoundException.class,
                    404,
                    "instance history of Observation/only-a" + in,
                    () -> store().history(b, HistoryRequest.instance("Observation", "only-a")));
            assertThat(historyAll(a, HistoryRequest.instance("Patient", "same")))
                    .as("instance history in A")
                    .hasSize(3);
        }
        if (supports(Capability.HISTORY_TYPE)) {
            assertThat(refs(historyAll(b, HistoryRequest.type("Patient"))))
                    .as("type history of Patient" + in)
                    .containsExactly("Patient/same/_history/1");
            assertThat(historyAll(b, HistoryRequest.type("Observation")))
                    .as("type history of Observation" + in)
                    .isEmpty();
        }
        if (supports(Capability.HISTORY_SYSTEM)) {
            List<StoredResource> h = historyAll(b, HistoryRequest.system());
            assertThat(refs(h)).as("system history" + in).containsExactly("Patient/same/_history/1");
            List<StoredResource> ha = historyAll(a, HistoryRequest.system());
            assertThat(ha).as("system history in A " + a.tenant()).hasSize(4);
            assertThat(ha).allSatisfy(r -> assertThat(r.tenant())
                    .as("tenant of %s in A's system history", r)
                    .isEqualTo(a.tenant()));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(TenantShape.class)
    @DisplayName("The same type and id in two tenants: a delete in one leaves the other untouched")
    default void deletesAreIsolated(TenantShape shape) {
        TenantContext[] ctx = contexts(shape);
        TenantContext a = ctx[0];
        TenantContext b = ctx[1];
        writeTwoTenants(a, b);

        StoredResource tombstone = store().delete(b, "Patient", "same");
        assertThat(tombstone).as("delete Patient/same in B " + b.tenant()).isNotNull();
        assertThat(tombstone.versionId()).as("version of B's tombstone").isEqualTo(2);
        assertThat(store().delete(b, "Observation", "only-a"))
                .as("delete in B of Observation/only-a, which exists only in A")
                .isNull();

        StoredResource aSame = store().read(a, "Patient", "same");
        assertThat(familyOf(aSame))
                .as("Patient/same in A " + a.tenant() + " after B deleted its own")
                .isEqualTo("A3");
        assertThat(aSame.versionId()).as("its version").isEqualTo(3);
        assertThat(store().exists(a, "Observation", "only-a"))
                .as("Observation/only-a in A after B's delete")
                .isTrue();
        assertThat(store().countAll(a)).as("countAll in A").isEqualTo(2);

        store().delete(a, "Observation", "only-a");
        store().delete(a, "Patient", "same");
        assertThat(store().countAll(a)).as("countAll in A after A's deletes").isZero();
        StoredResource bAgain = store().update(b, "Patient", "same", patient("same", "B again"));
        assertThat(bAgain.versionId())
                .as("version of B's recreated Patient/same (A's versions do not count)")
                .isEqualTo(3);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(TenantShape.class)
    @DisplayName("The same type and id in two tenants: Bundles read and write only their own tenant")
    default void bundlesAreIsolated(TenantShape shape) {
        requiresAny(Capability.BATCH, Capability.TRANSACTIONS);
        TenantContext[] ctx = contexts(shape);
        TenantContext a = ctx[0];
        TenantContext b = ctx[1];
        writeTwoTenants(a, b);
        String in = " in " + b.tenant() + " (tenant A is " + a.tenant() + ")";

        if (supports(Capability.BATCH)) {
            TckBundles.Response r = new TckBundles.Response(store().processBundle(
                            b,
                            TckBundles.batch()
                                    .get("Patient/same")
                                    .get("Observation/only-a")
                                    .json()));
            assertThat(r.status(0))
                    .as("batch GET Patient/same" + in + ": status; response %s", r)
                    .startsWith("200");
            assertThat(familyOf(r.resource(0)))
                    .as("batch GET Patient/same" + in + ": family")
                    .isEqualTo("B");
            assertThat(r.status(1))
                    .as("batch GET Observation/only-a" + in + ": status; response %s", r)
                    .startsWith("404");
        }
        if (supports(Capability.TRANSACTIONS)) {
            store().processBundle(
                            b,
                            TckBundles.transaction()
                                    .put("Patient/same", patient("same", "B2"))
                                    .post("Observation", observation("written in B", null))
                                    .json());
            assertThat(store().read(b, "Patient", "same").versionId())
                    .as("Patient/same" + in + " after the transaction")
                    .isEqualTo(2);
            assertThat(store().count(b, "Observation"))
                    .as("count(Observation)" + in)
                    .isEqualTo(1);
        }
        StoredResource aSame = store().read(a, "Patient", "same");
        assertThat(familyOf(aSame)).as("Patient/same in A after B's Bundles").isEqualTo("A3");
        assertThat(aSame.versionId()).as("its version").isEqualTo(3);
        assertThat(store().countAll(a)).as("countAll in A after B's Bundles").isEqualTo(2);
    }

    // ------------------------------------------------------------------ read-only

    /** A tenant holding Patient/p (version 1) and a read-only context on it. */
    private TenantContext readOnlyWithData() {
        store().update(context(), "Patient", "p", patient("p", "Existing"));
        return TenantContext.of(tenant(), TenantPermissions.readOnly());
    }

    private void assertForbidden(String what, ThrowingCallable call) {
        expectThrows(ForbiddenException.class, 403, what, call);
    }

    @Test
    @DisplayName("A read-only context may read, vread, check existence, count and read history")
    default void readOnlyMayRead() {
        TenantContext ro = readOnlyWithData();
        assertThat(familyOf(store().read(ro, "Patient", "p")))
                .as("read with a read-only context")
                .isEqualTo("Existing");
        assertThat(store().exists(ro, "Patient", "p")).as("exists").isTrue();
        assertThat(store().readMany(ro, "Patient", List.of("p"))).as("readMany").hasSize(1);
        assertThat(store().count(ro, "Patient")).as("count").isEqualTo(1);
        assertThat(store().countAll(ro)).as("countAll").isEqualTo(1);
        if (supports(Capability.VREAD)) {
            assertThat(store().vread(ro, "Patient", "p", 1).versionId())
                    .as("vread")
                    .isEqualTo(1);
            assertThat(store().versions(ro, "Patient", "p")).as("versions").hasSize(1);
        }
        if (supports(Capability.HISTORY_INSTANCE)) {
            assertThat(historyAll(ro, HistoryRequest.instance("Patient", "p")))
                    .as("instance history")
                    .hasSize(1);
        }
        if (supports(Capability.HISTORY_SYSTEM)) {
            assertThat(historyAll(ro, HistoryRequest.system()))
                    .as("system history")
                    .hasSize(1);
        }
    }

    @Test
    @DisplayName("A read-only context may not create, update or delete (ForbiddenException, 403); nothing changes")
    default void readOnlyMayNotWrite() {
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        assertForbidden("create with a read-only context", () -> store().create(ro, "Patient", patient("New")));
        assertForbidden("update of a new id with a read-only context", () -> store().update(
                        ro, "Patient", "new", patient("new", "New")));
        assertForbidden("update of an existing resource with a read-only context", () -> store().update(
                        ro, "Patient", "p", patient("p", "Changed")));
        assertForbidden("delete with a read-only context", () -> store().delete(ro, "Patient", "p"));
        assertForbidden("delete of a missing resource with a read-only context", () -> store().delete(
                        ro, "Patient", "missing"));
        if (supports(Capability.OPTIMISTIC_LOCKING)) {
            assertForbidden("updateIfMatch with a read-only context", () -> store().updateIfMatch(
                            ro, "Patient", "p", patient("p", "Changed"), 1));
            assertForbidden(
                    "deleteIfMatch with a read-only context", () -> store().deleteIfMatch(ro, "Patient", "p", 1));
        }
        assertUnchanged(context(), before, "after refused read-only writes");
        assertThat(familyOf(store().read(context(), "Patient", "p")))
                .as("Patient/p")
                .isEqualTo("Existing");
        assertThat(store().exists(context(), "Patient", "new"))
                .as("Patient/new")
                .isFalse();
    }

    @Test
    @DisplayName("A read-only context may not patch (ForbiddenException, 403)")
    default void readOnlyMayNotPatch() {
        requires(Capability.JSON_PATCH);
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        assertForbidden("patch with a read-only context", () -> store().patch(
                        ro, "Patient", "p", "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]"));
        assertUnchanged(context(), before, "after the refused patch");
    }

    @Test
    @DisplayName("A read-only context may not writeBulk (ForbiddenException, 403)")
    default void readOnlyMayNotWriteBulk() {
        requires(Capability.BULK_WRITE);
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        assertForbidden("writeBulk with a read-only context", () -> store().writeBulk(
                        ro,
                        List.of(
                                ResourceWrite.of("Patient", null, patient("Bulk")),
                                ResourceWrite.of("Patient", "bulk", patient("bulk", "Bulk")))));
        assertUnchanged(context(), before, "after the refused writeBulk");
    }

    @Test
    @DisplayName("A read-only context may not write through a transaction Bundle (ForbiddenException, 403)")
    default void readOnlyMayNotWriteTransactionBundle() {
        requires(Capability.TRANSACTIONS);
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        assertForbidden("transaction Bundle with writes, read-only context", () -> store().processBundle(
                        ro,
                        TckBundles.transaction()
                                .get("Patient/p")
                                .post("Patient", patient("New"))
                                .put("Patient/p", patient("p", "Changed"))
                                .json()));
        assertUnchanged(context(), before, "after the refused transaction Bundle");
    }

    @Test
    @DisplayName(
            "A read-only context's batch writes are refused with 403 (thrown, or as the entries' status); nothing changes")
    default void readOnlyMayNotWriteBatchBundle() {
        requires(Capability.BATCH);
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        String bundle = TckBundles.batch()
                .post("Patient", patient("New"))
                .put("Patient/p", patient("p", "Changed"))
                .delete("Patient/p")
                .json();
        String response;
        try {
            response = store().processBundle(ro, bundle);
        } catch (ForbiddenException e) {
            response = null; // refused as a whole: allowed
        }
        if (response != null) {
            TckBundles.Response r = new TckBundles.Response(response);
            for (int i = 0; i < 3; i++) {
                assertThat(r.status(i))
                        .as("status of write entry %d of a read-only batch; response %s", i, r)
                        .startsWith("403");
                assertThat(r.outcome(i).path("resourceType").asText())
                        .as("outcome of write entry %d of a read-only batch", i)
                        .isEqualTo("OperationOutcome");
            }
        }
        assertUnchanged(context(), before, "after the refused batch writes");
    }

    @Test
    @DisplayName("A read-only context's writes inside an explicit transaction are refused (ForbiddenException, 403)")
    default void readOnlyMayNotWriteInTransaction() {
        requires(Capability.TRANSACTIONS);
        TenantContext ro = readOnlyWithData();
        Snapshot before = snapshot(context());
        try (StorageTransaction tx = store().begin(ro)) {
            assertThat(familyOf(tx.read("Patient", "p")))
                    .as("read in a read-only transaction")
                    .isEqualTo("Existing");
            assertForbidden("create in a read-only transaction", () -> tx.create("Patient", patient("New")));
            assertForbidden(
                    "update in a read-only transaction", () -> tx.update("Patient", "p", patient("p", "Changed")));
            assertForbidden("delete in a read-only transaction", () -> tx.delete("Patient", "p"));
            tx.rollback();
        }
        assertUnchanged(context(), before, "after the refused transaction writes");
    }

    // ------------------------------------------------------------------ grants per operation and type

    @Test
    @DisplayName("READ + CREATE on Observation: may create Observations, not Patients, and may not update or delete")
    default void grantsPerType() {
        store().update(context(), "Patient", "p", patient("p", "Existing"));
        StoredResource obs = store().update(context(), "Observation", "o", observation("existing", null));
        TenantContext limited = TenantContext.of(
                tenant(),
                TenantPermissions.builder()
                        .grant(Operation.READ)
                        .grant(Operation.CREATE, "Observation")
                        .build());

        StoredResource created = store().create(limited, "Observation", observation("allowed", "Patient/p"));
        assertThat(created.versionId())
                .as("Observation created with a CREATE-Observation grant")
                .isEqualTo(1);
        Snapshot before = snapshot(context());
        assertForbidden("create Patient with only CREATE on Observation", () -> store().create(
                        limited, "Patient", patient("Refused")));
        assertForbidden("update of an existing Observation without UPDATE", () -> store().update(
                        limited, "Observation", "o", observation("changed", null)));
        assertForbidden("delete of an Observation without DELETE", () -> store().delete(limited, "Observation", "o"));
        assertUnchanged(context(), before, "after the refused writes");
        assertThat(store().read(limited, "Patient", "p").versionId())
                .as("READ on every type: read Patient/p")
                .isEqualTo(1);
        assertSameVersion(obs, store().read(limited, "Observation", "o"), "Observation/o after the refused writes");
    }

    @Test
    @DisplayName("A context without READ may not read, check existence, read many or count")
    default void noReadGrant() {
        store().update(context(), "Patient", "p", patient("p", "Existing"));
        TenantContext writeOnly = TenantContext.of(
                tenant(), TenantPermissions.builder().grant(Operation.CREATE).build());
        StoredResource created = store().create(writeOnly, "Patient", patient("Created"));
        assertThat(created.versionId()).as("create with a CREATE grant").isEqualTo(1);
        assertForbidden("read without READ", () -> store().read(writeOnly, "Patient", "p"));
        assertForbidden("exists without READ", () -> store().exists(writeOnly, "Patient", "p"));
        assertForbidden("readMany without READ", () -> store().readMany(writeOnly, "Patient", List.of("p")));
        assertForbidden("count without READ", () -> store().count(writeOnly, "Patient"));
        assertForbidden("countAll without READ", () -> store().countAll(writeOnly));
    }

    @Test
    @DisplayName("A context without HISTORY may not read history")
    default void noHistoryGrant() {
        requiresAny(Capability.HISTORY_INSTANCE, Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        store().update(context(), "Patient", "p", patient("p", "Existing"));
        TenantContext readOnlyNoHistory = TenantContext.of(
                tenant(), TenantPermissions.builder().grant(Operation.READ).build());
        if (supports(Capability.HISTORY_INSTANCE)) {
            assertForbidden("instance history without HISTORY", () -> store().history(
                            readOnlyNoHistory, HistoryRequest.instance("Patient", "p")));
        }
        if (supports(Capability.HISTORY_TYPE)) {
            assertForbidden("type history without HISTORY", () -> store().history(
                            readOnlyNoHistory, HistoryRequest.type("Patient")));
        }
        if (supports(Capability.HISTORY_SYSTEM)) {
            assertForbidden("system history without HISTORY", () -> store().history(
                            readOnlyNoHistory, HistoryRequest.system()));
        }
    }

    // ------------------------------------------------------------------ child tenants

    @Test
    @DisplayName("A parent reaches a child tenant only with an explicit grant")
    default void childNeedsGrant() {
        TenantId parent = TckTenants.fresh("p");
        TenantId child = TenantId.of(parent.value() + "/c");
        TenantContext full = TenantContext.of(parent);
        assertForbidden("forChild without a child grant", () -> full.forChild(child));
        assertForbidden(
                "a context for the child with the parent as principal, without a grant",
                () -> new TenantContext(child, parent, TenantPermissions.fullAccess()));
        TenantContext allChildren = TenantContext.of(
                parent,
                TenantPermissions.builder().grantAll().allowChildTenants().build());
        assertForbidden(
                "forChild of a tenant that is not a descendant",
                () -> allChildren.forChild(TenantId.of(parent.value() + "-c")));
        assertThat(allChildren.forChild(child).tenant())
                .as("forChild with allowChildTenants()")
                .isEqualTo(child);
    }

    @Test
    @DisplayName("Data written through a granted child context belongs to the child, not to the parent")
    default void childDataStaysInChild() {
        TenantId parent = TckTenants.fresh("p");
        TenantId child = TenantId.of(parent.value() + "/c");
        TenantContext parentCtx = TenantContext.of(
                parent,
                TenantPermissions.builder().grantAll().allowChildTenant(child).build());
        TenantContext viaParent = parentCtx.forChild(child);
        assertThat(viaParent.tenant()).as("tenant of the child context").isEqualTo(child);
        assertThat(viaParent.principal()).as("principal of the child context").isEqualTo(parent);

        store().update(parentCtx, "Patient", "same", patient("same", "parent"));
        StoredResource written = store().update(viaParent, "Patient", "same", patient("same", "child"));
        StoredResource createdInChild = store().create(viaParent, "Observation", observation("child", null));
        assertThat(written.tenant())
                .as("tenant() of a resource written through the child context")
                .isEqualTo(child);
        assertThat(written.versionId())
                .as("version of the child's Patient/same")
                .isEqualTo(1);

        TenantContext childOwn = TenantContext.of(child);
        assertThat(familyOf(store().read(childOwn, "Patient", "same")))
                .as("Patient/same read by the child itself")
                .isEqualTo("child");
        assertThat(store().exists(childOwn, "Observation", createdInChild.id()))
                .as("child's Observation, by child")
                .isTrue();
        assertThat(store().countAll(childOwn)).as("countAll of the child").isEqualTo(2);

        assertThat(familyOf(store().read(parentCtx, "Patient", "same")))
                .as("Patient/same read by the parent")
                .isEqualTo("parent");
        assertThat(store().exists(parentCtx, "Observation", createdInChild.id()))
                .as("the child's Observation read by the parent's own context")
                .isFalse();
        assertThat(store().countAll(parentCtx)).as("countAll of the parent").isEqualTo(1);
        assertThat(store().countAll(TenantContext.of(parent)))
                .as("countAll of the parent (plain context)")
                .isEqualTo(1);
        if (supports(Capability.HISTORY_SYSTEM)) {
            assertThat(refs(historyAll(parentCtx, HistoryRequest.system())))
                    .as("system history of the parent")
                    .containsExactly("Patient/same/_history/1");
        }
    }

    @Test
    @DisplayName("A grant to one child does not reach its sibling or its own children")
    default void childGrantDoesNotReachSibling() {
        TenantId parent = TckTenants.fresh("p");
        TenantId child = TenantId.of(parent.value() + "/c1");
        TenantId sibling = TenantId.of(parent.value() + "/c2");
        TenantContext parentCtx = TenantContext.of(
                parent,
                TenantPermissions.builder().grantAll().allowChildTenant(child).build());
        assertForbidden("forChild of the sibling", () -> parentCtx.forChild(sibling));
        assertForbidden("forChild of the child's child", () -> parentCtx.forChild(TenantId.of(child.value() + "/g")));

        store().update(TenantContext.of(sibling), "Patient", "same", patient("same", "sibling"));
        TenantContext viaParent = parentCtx.forChild(child);
        assertThat(store().exists(viaParent, "Patient", "same"))
                .as("sibling's Patient/same seen from c1")
                .isFalse();
        assertThat(store().countAll(viaParent)).as("countAll of c1").isZero();
    }

    @Test
    @DisplayName("A child context keeps the parent's operation grants: read-only stays read-only")
    default void childKeepsGrants() {
        TenantId parent = TckTenants.fresh("p");
        TenantId child = TenantId.of(parent.value() + "/c");
        store().update(TenantContext.of(child), "Patient", "p", patient("p", "child data"));
        TenantContext viaParent = TenantContext.of(
                        parent,
                        TenantPermissions.builder()
                                .grant(Operation.READ)
                                .allowChildTenant(child)
                                .build())
                .forChild(child);
        assertThat(familyOf(store().read(viaParent, "Patient", "p")))
                .as("read through the child context")
                .isEqualTo("child data");
        assertForbidden("create through a read-only child context", () -> store().create(
                        viaParent, "Patient", patient("Refused")));
        assertThat(store().countAll(TenantContext.of(child)))
                .as("countAll of the child")
                .isEqualTo(1);
    }
}
