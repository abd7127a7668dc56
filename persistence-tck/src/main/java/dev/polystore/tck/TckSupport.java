package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirStore;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;

/**
 * What every contract of the TCK builds on: the store under test, the current test's tenant, capability gating and
 * assertion helpers. {@link FhirStoreTck} implements it; a backend never does so directly.
 *
 * @since 0.1
 */
public interface TckSupport {

    /** The FHIR id syntax: {@code [A-Za-z0-9\-\.]{1,64}}. */
    Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** The store under test, shared by every test of the class. */
    FhirStore store();

    /** A full-access context for a tenant of this test alone (a fresh tenant for every test and invocation). */
    TenantContext context();

    // ---------------------------------------------------------------- capabilities

    /** The store's declared capabilities. */
    default Capabilities capabilities() {
        return store().capabilities();
    }

    /** True if the store declares {@code capability}. */
    default boolean supports(Capability capability) {
        return capabilities().supports(capability);
    }

    /** Skips (never passes) the test unless the store declares every one of {@code required}. */
    default void requires(Capability... required) {
        for (Capability capability : required) {
            Assumptions.assumeTrue(
                    supports(capability), () -> capabilities().backend() + " does not declare " + capability);
        }
    }

    /** Skips the test unless the store declares at least one of {@code anyOf}. */
    default void requiresAny(Capability... anyOf) {
        boolean any = false;
        for (Capability capability : anyOf) {
            any |= supports(capability);
        }
        Assumptions.assumeTrue(any, () -> capabilities().backend() + " declares none of " + List.of(anyOf));
    }

    /** Skips the test if the store declares {@code capability} (for tests of the refusal of a missing feature). */
    default void requiresNot(Capability capability) {
        Assumptions.assumeFalse(
                supports(capability),
                () -> capabilities().backend() + " declares " + capability + "; this test checks its refusal");
    }

    // ---------------------------------------------------------------- tenants

    /** A full-access context for another fresh tenant. */
    default TenantContext otherTenant() {
        return TenantContext.of(TckTenants.fresh("tck"));
    }

    /** The current test's tenant. */
    default TenantId tenant() {
        return context().tenant();
    }

    // ---------------------------------------------------------------- fixtures

    /** A small Patient without id. */
    default String patient(String family) {
        ObjectNode p = TckJson.object();
        p.put("resourceType", "Patient");
        p.put("active", true);
        p.putArray("name").addObject().put("family", family).putArray("given").add("Tck");
        return TckJson.write(p);
    }

    /** A small Patient carrying {@code id}. */
    default String patient(String id, String family) {
        ObjectNode p = TckJson.parseObject(patient(family));
        p.put("id", id);
        return TckJson.write(p);
    }

    /** A small Observation without id; {@code subjectReference} may be null. */
    default String observation(String text, String subjectReference) {
        ObjectNode o = TckJson.object();
        o.put("resourceType", "Observation");
        o.put("status", "final");
        ObjectNode code = o.putObject("code");
        code.putArray("coding")
                .addObject()
                .put("system", "http://loinc.org")
                .put("code", "29463-7")
                .put("display", "Body weight");
        code.put("text", text);
        if (subjectReference != null) {
            o.putObject("subject").put("reference", subjectReference);
        }
        ObjectNode quantity = o.putObject("valueQuantity");
        quantity.put("value", new java.math.BigDecimal("72.50"));
        quantity.put("unit", "kg");
        quantity.put("system", "http://unitsofmeasure.org");
        quantity.put("code", "kg");
        return TckJson.write(o);
    }

    /** The family name of a stored Patient's first name, or null. */
    default String familyOf(StoredResource stored) {
        return familyOf(TckJson.parse(stored.json()));
    }

    /** The family name of a Patient tree's first name, or null. */
    default String familyOf(JsonNode patient) {
        JsonNode family = patient.path("name").path(0).path("family");
        return family.isTextual() ? family.asText() : null;
    }

    // ---------------------------------------------------------------- assertions

    /**
     * Asserts that {@code stored} is a live version whose JSON equals {@code inputJson} plus the store-set metadata:
     * {@code id}, {@code meta.versionId} (the version as a string) and {@code meta.lastUpdated} ({@link
     * StoredResource#lastUpdated()} as UTC {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, truncated to milliseconds). Objects
     * compare regardless of member order, decimals by exact value and scale.
     */
    default void assertStoredAs(StoredResource stored, String inputJson, String what) {
        assertThat(stored).as("%s: the store returned no version", what).isNotNull();
        assertThat(stored.deleted())
                .as("%s: %s must not be a delete tombstone", what, stored)
                .isFalse();
        assertThat(stored.fhirVersion())
                .as("%s: fhirVersion of %s", what, stored)
                .isEqualTo(FhirVersion.R4);
        assertThat(stored.lastUpdated().getNano() % 1_000_000)
                .as("%s: lastUpdated %s of %s must be truncated to milliseconds", what, stored.lastUpdated(), stored)
                .isZero();
        ObjectNode expected = TckJson.withStoreMetadata(TckJson.parse(inputJson), stored);
        JsonNode actual = TckJson.parse(stored.json());
        String difference = TckJson.firstDifference(expected, actual);
        if (difference != null) {
            Assertions.fail(what + ": the JSON of " + stored
                    + " must equal the written JSON plus id, meta.versionId and meta.lastUpdated, but differs "
                    + difference);
        }
    }

    /** Asserts the identity of a version: type, id, version number and kind of change. */
    default void assertVersion(
            StoredResource stored, String type, String id, long version, ChangeKind change, String what) {
        assertThat(stored).as("%s: the store returned no version", what).isNotNull();
        assertThat(stored.resourceType())
                .as("%s: resourceType of %s", what, stored)
                .isEqualTo(type);
        if (id != null) {
            assertThat(stored.id()).as("%s: id of %s", what, stored).isEqualTo(id);
        }
        assertThat(stored.versionId()).as("%s: versionId of %s", what, stored).isEqualTo(version);
        assertThat(stored.change()).as("%s: change kind of %s", what, stored).isEqualTo(change);
        assertThat(stored.deleted()).as("%s: deleted() of %s", what, stored).isEqualTo(change == ChangeKind.DELETE);
        if (change == ChangeKind.DELETE) {
            assertThat(stored.json()).as("%s: a tombstone has no JSON", what).isNull();
        } else {
            assertThat(stored.json()).as("%s: JSON of %s", what, stored).isNotNull();
        }
    }

    /** Asserts that two versions are the same version: identity, lastUpdated and JSON tree. */
    default void assertSameVersion(StoredResource expected, StoredResource actual, String what) {
        assertThat(actual).as("%s: no version returned", what).isNotNull();
        assertThat(actual.versionedReference()).as("%s: reference", what).isEqualTo(expected.versionedReference());
        assertThat(actual.tenant()).as("%s: tenant of %s", what, actual).isEqualTo(expected.tenant());
        assertThat(actual.change()).as("%s: change kind of %s", what, actual).isEqualTo(expected.change());
        assertThat(actual.lastUpdated())
                .as("%s: lastUpdated of %s must be the one recorded when it was written", what, actual)
                .isEqualTo(expected.lastUpdated());
        if (expected.json() == null) {
            assertThat(actual.json()).as("%s: a tombstone has no JSON", what).isNull();
        } else {
            assertJsonEquals(expected.json(), actual.json(), what + " (JSON of " + actual + ")");
        }
    }

    /** Asserts that two JSON texts are the same tree (member order ignored, decimals exact). */
    default void assertJsonEquals(String expectedJson, String actualJson, String what) {
        assertThat(actualJson).as("%s: JSON missing", what).isNotNull();
        String difference = TckJson.firstDifference(TckJson.parse(expectedJson), TckJson.parse(actualJson));
        if (difference != null) {
            Assertions.fail(what + ": JSON differs " + difference);
        }
    }

    /**
     * Runs {@code call} and returns what it threw, failing unless it threw an instance of {@code type}. The failure
     * message names {@code what} and carries any unexpected exception as its cause.
     */
    default <E extends Throwable> E expectThrows(Class<E> type, String what, ThrowingCallable call) {
        Throwable thrown = Assertions.catchThrowable(call);
        if (thrown == null) {
            throw new AssertionError(what + ": expected " + type.getSimpleName() + " but the call returned normally");
        }
        if (!type.isInstance(thrown)) {
            throw new AssertionError(
                    what + ": expected " + type.getSimpleName() + " but got "
                            + thrown.getClass().getName() + ": " + thrown.getMessage(),
                    thrown);
        }
        return type.cast(thrown);
    }

    /** {@link #expectThrows(Class, String, ThrowingCallable)} that also checks {@link
     * FhirPersistenceException#httpStatus()}. */
    default <E extends FhirPersistenceException> E expectThrows(
            Class<E> type, int httpStatus, String what, ThrowingCallable call) {
        E e = expectThrows(type, what, call);
        if (e.httpStatus() != httpStatus) {
            throw new AssertionError(
                    what + ": expected HTTP status " + httpStatus + " but "
                            + e.getClass().getSimpleName() + " carries " + e.httpStatus() + ": " + e.getMessage(),
                    e);
        }
        return e;
    }

    // ---------------------------------------------------------------- history

    /** Every entry of a history query, following {@link HistoryPage#nextCursor()} with pages of 1000. */
    default List<StoredResource> historyAll(TenantContext context, HistoryRequest request) {
        List<StoredResource> all = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        HistoryRequest next = request.count(HistoryRequest.MAX_COUNT);
        while (true) {
            HistoryPage page = store().history(context, next);
            assertThat(page).as("history(%s) returned null", next).isNotNull();
            all.addAll(page.entries());
            if (page.nextCursor() == null) {
                return all;
            }
            if (!cursors.add(page.nextCursor())) {
                Assertions.fail(
                        "history paging does not end: cursor '" + page.nextCursor() + "' came twice for " + request);
            }
            next = next.after(page.nextCursor());
        }
    }

    /** {@code Type/id/_history/n} of each entry, in order. */
    default List<String> refs(List<StoredResource> versions) {
        List<String> refs = new ArrayList<>(versions.size());
        for (StoredResource r : versions) {
            refs.add(r.versionedReference());
        }
        return refs;
    }

    /**
     * Asserts history order: newest first, so lastUpdated never increases, and versions of one resource come in
     * decreasing version order.
     */
    default void assertNewestFirst(List<StoredResource> entries, String what) {
        for (int i = 1; i < entries.size(); i++) {
            StoredResource newer = entries.get(i - 1);
            StoredResource older = entries.get(i);
            assertThat(older.lastUpdated())
                    .as(
                            "%s: history must be newest first, but %s (%s) comes before %s (%s)",
                            what, newer, newer.lastUpdated(), older, older.lastUpdated())
                    .isBeforeOrEqualTo(newer.lastUpdated());
        }
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                StoredResource a = entries.get(i);
                StoredResource b = entries.get(j);
                if (a.reference().equals(b.reference()) && a.tenant().equals(b.tenant())) {
                    assertThat(a.versionId())
                            .as("%s: %s must come after %s (newest first)", what, a, b)
                            .isGreaterThan(b.versionId());
                }
            }
        }
    }

    // ---------------------------------------------------------------- "nothing changed"

    /** What "the store is unchanged" compares: live resources, and history entries where system history exists. */
    record Snapshot(long countAll, long historySize) {}

    /** The tenant's live-resource count and (if HISTORY_SYSTEM is declared, else -1) its system-history size. */
    default Snapshot snapshot(TenantContext context) {
        long history = supports(Capability.HISTORY_SYSTEM)
                ? historyAll(context, HistoryRequest.system()).size()
                : -1;
        return new Snapshot(store().countAll(context), history);
    }

    /** Asserts that the tenant's live resources and history are as in {@code before}. */
    default void assertUnchanged(TenantContext context, Snapshot before, String what) {
        Snapshot after = snapshot(context);
        assertThat(after.countAll())
                .as("%s: countAll must be unchanged (a failed or refused call changes nothing)", what)
                .isEqualTo(before.countAll());
        assertThat(after.historySize())
                .as("%s: the system history size must be unchanged (a failed or refused call adds no version)", what)
                .isEqualTo(before.historySize());
    }
}
