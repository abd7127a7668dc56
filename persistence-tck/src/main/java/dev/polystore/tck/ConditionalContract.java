package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ConditionalResult;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.PreconditionFailedException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The conditional interactions (R4 http.html 3.1.0.4.3 update, 3.1.0.6.2 patch, 3.1.0.7.1 delete, 3.1.0.8 create) through
 * the API and inside batch and transaction Bundles, conditional references in transactions (3.1.0.11.2), and search
 * entries ({@code GET Type?query}) in Bundles. Each test needs the capability it exercises.
 *
 * @since 0.1
 */
@Tag("conditional")
public interface ConditionalContract extends TckSupport {

    String MRN = "http://example.org/mrn";

    /** A Patient with one MRN identifier. */
    private String patientWithMrn(String mrn, String family) {
        ObjectNode p = TckJson.parseObject(patient(family));
        p.putArray("identifier").addObject().put("system", MRN).put("value", mrn);
        return TckJson.write(p);
    }

    private String condition(String mrn) {
        return "identifier=" + MRN + "|" + mrn;
    }

    private long countMrn(TenantContext ctx, String mrn) {
        return store().search(ctx, SearchQuery.parse("Patient?" + condition(mrn) + "&_total=accurate"))
                .total();
    }

    // ------------------------------------------------------------------ create

    @Test
    @DisplayName("conditional create: creates when nothing matches, returns the one match untouched, 412 on several")
    default void conditionalCreateThroughTheApi() {
        requires(Capability.CONDITIONAL_CREATE);
        ConditionalResult first =
                store().conditionalCreate(context(), "Patient", patientWithMrn("c1", "One"), condition("c1"));
        assertThat(first.outcome()).as("outcome when nothing matches").isEqualTo(ConditionalResult.Outcome.CREATED);
        assertThat(first.resource().versionId()).isEqualTo(1);

        ConditionalResult second = store().conditionalCreate(
                        context(), "Patient", patientWithMrn("c1", "Two"), "Patient?" + condition("c1"));
        assertThat(second.outcome()).as("outcome when one matches").isEqualTo(ConditionalResult.Outcome.MATCHED);
        assertThat(second.resource().id())
                .as("the match is returned")
                .isEqualTo(first.resource().id());
        assertThat(familyOf(store().read(context(), "Patient", first.resource().id())))
                .as("the match is not modified by a conditional create")
                .isEqualTo("One");
        assertThat(countMrn(context(), "c1")).isEqualTo(1);

        store().create(context(), "Patient", patientWithMrn("c1", "Duplicate"));
        Snapshot before = snapshot(context());
        expectThrows(
                PreconditionFailedException.class,
                412,
                "conditional create with two matches",
                () -> store().conditionalCreate(context(), "Patient", patientWithMrn("c1", "Three"), condition("c1")));
        assertUnchanged(context(), before, "after the refused conditional create");
    }

    @Test
    @DisplayName("conditional create is atomic: 8 threads with one condition create exactly one resource")
    default void conditionalCreateIsAtomic() throws Exception {
        requires(Capability.CONDITIONAL_CREATE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ConditionalResult>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String family = "Racer" + i;
                calls.add(() -> store().conditionalCreate(
                                context(), "Patient", patientWithMrn("race", family), condition("race")));
            }
            int created = 0;
            String id = null;
            for (Future<ConditionalResult> f : pool.invokeAll(calls)) {
                ConditionalResult r = f.get();
                if (r.outcome() == ConditionalResult.Outcome.CREATED) {
                    created++;
                }
                if (id == null) {
                    id = r.resource().id();
                }
                assertThat(r.resource().id())
                        .as("every caller sees the same resource")
                        .isEqualTo(id);
            }
            assertThat(created).as("conditional creates that created").isEqualTo(1);
            assertThat(countMrn(context(), "race")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a condition sees only its own tenant")
    default void conditionStaysInTenant() {
        requires(Capability.CONDITIONAL_CREATE);
        store().create(context(), "Patient", patientWithMrn("t1", "Here"));
        TenantContext other = otherTenant();
        ConditionalResult r =
                store().conditionalCreate(other, "Patient", patientWithMrn("t1", "There"), condition("t1"));
        assertThat(r.outcome())
                .as("another tenant's match is invisible to the condition")
                .isEqualTo(ConditionalResult.Outcome.CREATED);
        assertThat(countMrn(context(), "t1")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ update

    @Test
    @DisplayName(
            "conditional update: updates the one match, creates when none matches, 400 on an id mismatch, 412 on several")
    default void conditionalUpdate() {
        requires(Capability.CONDITIONAL_UPDATE);
        ConditionalResult created =
                store().conditionalUpdate(context(), "Patient", condition("u1"), patientWithMrn("u1", "First"));
        assertThat(created.outcome()).isEqualTo(ConditionalResult.Outcome.CREATED);
        String id = created.resource().id();

        ConditionalResult updated =
                store().conditionalUpdate(context(), "Patient", condition("u1"), patientWithMrn("u1", "Second"));
        assertThat(updated.outcome()).isEqualTo(ConditionalResult.Outcome.UPDATED);
        assertThat(updated.resource().id()).isEqualTo(id);
        assertThat(updated.resource().versionId()).isEqualTo(2);
        assertThat(familyOf(store().read(context(), "Patient", id))).isEqualTo("Second");

        ObjectNode withId = TckJson.parseObject(patientWithMrn("u1", "Third"));
        withId.put("id", id);
        assertThat(store().conditionalUpdate(context(), "Patient", condition("u1"), TckJson.write(withId))
                        .resource()
                        .versionId())
                .as("a body id equal to the match's id is accepted")
                .isEqualTo(3);

        withId.put("id", "someone-else");
        Snapshot before = snapshot(context());
        expectThrows(
                InvalidRequestException.class,
                400,
                "conditional update whose body id differs from the match",
                () -> store().conditionalUpdate(context(), "Patient", condition("u1"), TckJson.write(withId)));
        assertUnchanged(context(), before, "after the refused conditional update");

        ObjectNode fresh = TckJson.parseObject(patientWithMrn("u2", "Chosen"));
        fresh.put("id", "chosen-id");
        ConditionalResult asCreate =
                store().conditionalUpdate(context(), "Patient", condition("u2"), TckJson.write(fresh));
        assertThat(asCreate.outcome()).isEqualTo(ConditionalResult.Outcome.CREATED);
        assertThat(asCreate.resource().id())
                .as("no match + body id: update as create with that id")
                .isEqualTo("chosen-id");

        store().create(context(), "Patient", patientWithMrn("u2", "Twin"));
        Snapshot before2 = snapshot(context());
        expectThrows(
                PreconditionFailedException.class,
                412,
                "conditional update with two matches",
                () -> store().conditionalUpdate(context(), "Patient", condition("u2"), patientWithMrn("u2", "X")));
        assertUnchanged(context(), before2, "after the refused conditional update");
    }

    // ------------------------------------------------------------------ patch

    @Test
    @DisplayName("conditional patch: patches the one match, 404 on none, 412 on several")
    default void conditionalPatch() {
        requires(Capability.CONDITIONAL_PATCH, Capability.JSON_PATCH);
        String patch = "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]";
        Snapshot empty = snapshot(context());
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "conditional patch without a match",
                () -> store().conditionalPatch(context(), "Patient", condition("p1"), patch));
        assertUnchanged(context(), empty, "after the conditional patch without a match");

        StoredResource p = store().create(context(), "Patient", patientWithMrn("p1", "Patchy"));
        ConditionalResult patched = store().conditionalPatch(context(), "Patient", condition("p1"), patch);
        assertThat(patched.outcome()).isEqualTo(ConditionalResult.Outcome.UPDATED);
        assertThat(patched.resource().id()).isEqualTo(p.id());
        assertThat(TckJson.parse(store().read(context(), "Patient", p.id()).json())
                        .path("active")
                        .asBoolean(true))
                .as("active after the patch")
                .isFalse();

        store().create(context(), "Patient", patientWithMrn("p1", "Twin"));
        Snapshot before = snapshot(context());
        expectThrows(
                PreconditionFailedException.class,
                412,
                "conditional patch with two matches",
                () -> store().conditionalPatch(context(), "Patient", condition("p1"), patch));
        assertUnchanged(context(), before, "after the refused conditional patch");
    }

    // ------------------------------------------------------------------ delete

    @Test
    @DisplayName(
            "conditional delete: nothing on no match, deletes one, 412 on several unless multiple deletes are allowed")
    default void conditionalDelete() {
        requires(Capability.CONDITIONAL_DELETE);
        assertThat(store().conditionalDelete(context(), "Patient", condition("d1"), false))
                .as("no match: nothing deleted")
                .isEmpty();
        StoredResource one = store().create(context(), "Patient", patientWithMrn("d1", "Doomed"));
        List<StoredResource> tombstones = store().conditionalDelete(context(), "Patient", condition("d1"), false);
        assertThat(tombstones).hasSize(1);
        assertThat(tombstones.get(0).deleted()).isTrue();
        expectThrows(ResourceGoneException.class, 410, "read after conditional delete", () -> store().read(
                        context(), "Patient", one.id()));

        for (int i = 0; i < 3; i++) {
            store().create(context(), "Patient", patientWithMrn("d2", "Many" + i));
        }
        Snapshot before = snapshot(context());
        expectThrows(
                PreconditionFailedException.class,
                412,
                "conditional delete with three matches and multiple not allowed",
                () -> store().conditionalDelete(context(), "Patient", condition("d2"), false));
        assertUnchanged(context(), before, "after the refused conditional delete");
        assertThat(store().conditionalDelete(context(), "Patient", condition("d2"), true))
                .as("multiple delete")
                .hasSize(3);
        assertThat(countMrn(context(), "d2")).isZero();
    }

    // ------------------------------------------------------------------ bad conditions

    @Test
    @DisplayName("bad conditions are refused with a typed exception and change nothing")
    default void badConditionsAreRefused() {
        requires(Capability.CONDITIONAL_CREATE);
        Snapshot before = snapshot(context());
        String body = patientWithMrn("b1", "Bad");
        expectThrows(InvalidRequestException.class, 400, "empty condition", () -> store().conditionalCreate(
                        context(), "Patient", body, ""));
        expectThrows(InvalidSearchException.class, 400, "unknown parameter", () -> store().conditionalCreate(
                        context(), "Patient", body, "no-such-parameter=1"));
        expectThrows(InvalidRequestException.class, 400, "result parameter", () -> store().conditionalCreate(
                        context(), "Patient", body, condition("b1") + "&_sort=family"));
        expectThrows(InvalidRequestException.class, 400, "condition on another type", () -> store().conditionalCreate(
                        context(), "Patient", body, "Observation?code=1"));
        assertUnchanged(context(), before, "after refused conditions");
    }

    @Test
    @DisplayName("without the capabilities, conditional interactions are refused with UnsupportedCapabilityException")
    default void conditionalRefusedWithoutCapability() {
        requiresNot(Capability.CONDITIONAL_CREATE);
        Snapshot before = snapshot(context());
        expectThrows(UnsupportedCapabilityException.class, 501, "conditional create", () -> store().conditionalCreate(
                        context(), "Patient", patientWithMrn("n1", "No"), condition("n1")));
        expectThrows(UnsupportedCapabilityException.class, 501, "conditional delete", () -> store().conditionalDelete(
                        context(), "Patient", condition("n1"), false));
        assertUnchanged(context(), before, "after refused conditional interactions");
    }

    // ------------------------------------------------------------------ Bundles

    private TckBundles.Response process(String bundleJson) {
        return new TckBundles.Response(store().processBundle(context(), bundleJson));
    }

    @Test
    @DisplayName("transaction: a matched conditional create's fullUrl resolves to the existing resource")
    default void transactionConditionalCreateRewritesReferences() {
        requires(Capability.TRANSACTIONS, Capability.CONDITIONAL_CREATE, Capability.SEARCH);
        StoredResource existing = store().create(context(), "Patient", patientWithMrn("x1", "Existing"));
        TckBundles.Response r = process(TckBundles.transaction()
                .post("Patient", patientWithMrn("x1", "Ignored"))
                .fullUrl("urn:uuid:5f1a0c2e-1d0e-4d5f-9a51-6f5b8b2c0e01")
                .ifNoneExist(condition("x1"))
                .post("Observation", observation("weight", "urn:uuid:5f1a0c2e-1d0e-4d5f-9a51-6f5b8b2c0e01"))
                .json());
        assertThat(r.status(0)).as("the matched conditional create: %s", r).startsWith("200");
        assertThat(r.location(0)).startsWith("Patient/" + existing.id() + "/_history/1");
        assertThat(r.status(1)).startsWith("201");
        String observationId = r.location(1).split("/")[1];
        JsonNode obs = TckJson.parse(
                store().read(context(), "Observation", observationId).json());
        assertThat(obs.path("subject").path("reference").asText())
                .as("the reference to the matched entry's fullUrl")
                .isEqualTo("Patient/" + existing.id());
        assertThat(store().count(context(), "Patient")).isEqualTo(1);
    }

    @Test
    @DisplayName("transactions: 8 concurrent transactions with one conditional create create it once, all point at it")
    default void concurrentTransactionsConditionalCreateOnce() throws Exception {
        requires(Capability.TRANSACTIONS, Capability.CONDITIONAL_CREATE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(8);
            for (int i = 0; i < 8; i++) {
                String fullUrl = "urn:uuid:5f1a0c2e-1d0e-4d5f-9a51-6f5b8b2c0e1" + i;
                TckBundles.Builder bundle = TckBundles.transaction()
                        .post("Patient", patientWithMrn("cc1", "Concurrent"))
                        .fullUrl(fullUrl)
                        .ifNoneExist(condition("cc1"))
                        .post("Observation", observation("weight", fullUrl));
                // more entries, so that the transactions overlap while they are prepared
                for (int k = 0; k < 150; k++) {
                    bundle.post("Observation", observation("filler " + k, fullUrl));
                }
                String json = bundle.json();
                calls.add(() -> {
                    start.await();
                    return store().processBundle(context(), json);
                });
            }
            List<String> patients = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                TckBundles.Response r = new TckBundles.Response(f.get());
                patients.add(r.location(0).split("/")[1]);
                String observationId = r.location(1).split("/")[1];
                assertThat(TckJson.parse(store().read(context(), "Observation", observationId)
                                        .json())
                                .path("subject")
                                .path("reference")
                                .asText())
                        .as("the Observation points at the one Patient")
                        .isEqualTo("Patient/" + r.location(0).split("/")[1]);
            }
            assertThat(countMrn(context(), "cc1")).as("Patients created").isEqualTo(1);
            assertThat(patients)
                    .as("every transaction answers with the same Patient")
                    .containsOnly(patients.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("transaction: conditional update, patch and delete entries act on their one match")
    default void transactionConditionalEntries() {
        requires(
                Capability.TRANSACTIONS,
                Capability.CONDITIONAL_UPDATE,
                Capability.CONDITIONAL_DELETE,
                Capability.CONDITIONAL_PATCH,
                Capability.FHIRPATH_PATCH);
        StoredResource toUpdate = store().create(context(), "Patient", patientWithMrn("e1", "Before"));
        StoredResource toDelete = store().create(context(), "Patient", patientWithMrn("e2", "Doomed"));
        StoredResource toPatch = store().create(context(), "Patient", patientWithMrn("e3", "Patchable"));
        String fhirPathPatch = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\",\"part\":["
                + "{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"Patient.active\"},"
                + "{\"name\":\"value\",\"valueBoolean\":false}]}]}";
        TckBundles.Response r = process(TckBundles.transaction()
                .put("Patient?" + condition("e1"), patientWithMrn("e1", "After"))
                .delete("Patient?" + condition("e2"))
                .patch("Patient?" + condition("e3"), fhirPathPatch)
                .delete("Patient?" + condition("nobody"))
                .json());
        assertThat(r.status(0)).as("conditional update: %s", r).startsWith("200");
        assertThat(r.location(0)).startsWith("Patient/" + toUpdate.id() + "/_history/2");
        assertThat(familyOf(store().read(context(), "Patient", toUpdate.id()))).isEqualTo("After");
        assertThat(r.status(1)).startsWith("204");
        assertThat(store().exists(context(), "Patient", toDelete.id())).isFalse();
        assertThat(r.status(2)).startsWith("200");
        assertThat(TckJson.parse(
                                store().read(context(), "Patient", toPatch.id()).json())
                        .path("active")
                        .asBoolean(true))
                .isFalse();
        assertThat(r.status(3)).as("conditional delete without a match").startsWith("204");
    }

    @Test
    @DisplayName("transaction: a conditional update with several matches fails the whole transaction with 412")
    default void transactionConditionalUpdateSeveralMatches() {
        requires(Capability.TRANSACTIONS, Capability.CONDITIONAL_UPDATE);
        store().create(context(), "Patient", patientWithMrn("m1", "A"));
        store().create(context(), "Patient", patientWithMrn("m1", "B"));
        Snapshot before = snapshot(context());
        String bundle = TckBundles.transaction()
                .post("Patient", patient("Innocent"))
                .put("Patient?" + condition("m1"), patientWithMrn("m1", "C"))
                .json();
        expectThrows(
                PreconditionFailedException.class,
                412,
                "transaction with an ambiguous conditional update",
                () -> store().processBundle(context(), bundle));
        assertUnchanged(context(), before, "after the failed transaction");
    }

    @Test
    @DisplayName("transaction: conditional references resolve to the one match; none (404) or several (412) fail it")
    default void transactionConditionalReferences() {
        requires(Capability.TRANSACTIONS, Capability.SEARCH);
        StoredResource p = store().create(context(), "Patient", patientWithMrn("r1", "Referenced"));
        TckBundles.Response r = process(TckBundles.transaction()
                .post("Observation", observation("weight", "Patient?" + condition("r1")))
                .json());
        String id = r.location(0).split("/")[1];
        assertThat(TckJson.parse(store().read(context(), "Observation", id).json())
                        .path("subject")
                        .path("reference")
                        .asText())
                .as("the conditional reference, rewritten")
                .isEqualTo("Patient/" + p.id());

        Snapshot before = snapshot(context());
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "conditional reference without a match",
                () -> store().processBundle(
                                context(),
                                TckBundles.transaction()
                                        .post("Observation", observation("weight", "Patient?" + condition("nobody")))
                                        .json()));
        assertUnchanged(context(), before, "after the transaction with an unresolvable conditional reference");
        store().create(context(), "Patient", patientWithMrn("r2", "A"));
        store().create(context(), "Patient", patientWithMrn("r2", "B"));
        Snapshot before2 = snapshot(context());
        assertThat(before2.countAll()).isEqualTo(before.countAll() + 2);
        expectThrows(
                PreconditionFailedException.class,
                412,
                "conditional reference with two matches",
                () -> store().processBundle(
                                context(),
                                TckBundles.transaction()
                                        .post("Observation", observation("weight", "Patient?" + condition("r2")))
                                        .json()));
        assertUnchanged(context(), before2, "after the failed transactions");
    }

    @Test
    @DisplayName("transaction: a conditional reference may point at a resource the same transaction creates")
    default void transactionConditionalReferenceToNewEntry() {
        requires(Capability.TRANSACTIONS, Capability.SEARCH);
        TckBundles.Response r = process(TckBundles.transaction()
                .post("Observation", observation("weight", "Patient?" + condition("new1")))
                .post("Patient", patientWithMrn("new1", "Newborn"))
                .json());
        String observationId = r.location(0).split("/")[1];
        String patientId = r.location(1).split("/")[1];
        assertThat(TckJson.parse(store().read(context(), "Observation", observationId)
                                .json())
                        .path("subject")
                        .path("reference")
                        .asText())
                .isEqualTo("Patient/" + patientId);
    }

    @Test
    @DisplayName(
            "batch and transaction: GET Type?query entries return a searchset Bundle; a transaction's sees its writes")
    default void searchEntries() {
        requires(Capability.SEARCH, Capability.BATCH, Capability.TRANSACTIONS);
        store().create(context(), "Patient", patientWithMrn("s1", "Searched"));
        TckBundles.Response batch =
                process(TckBundles.batch().get("Patient?" + condition("s1")).json());
        assertThat(batch.status(0)).as("search entry: %s", batch).startsWith("200");
        JsonNode searchset = batch.resource(0);
        assertThat(searchset.path("type").asText()).isEqualTo("searchset");
        assertThat(searchset.path("entry").size()).isEqualTo(1);
        assertThat(searchset.path("entry").path(0).path("search").path("mode").asText())
                .isEqualTo("match");

        TckBundles.Response tx = process(TckBundles.transaction()
                .get("Patient?" + condition("s2"))
                .post("Patient", patientWithMrn("s2", "Written"))
                .json());
        assertThat(tx.resource(0).path("entry").size())
                .as("GET entries run after the transaction's writes (R4 processing order): %s", tx)
                .isEqualTo(1);

        TckBundles.Response bad =
                process(TckBundles.batch().get("Patient?no-such-parameter=1").json());
        assertThat(bad.status(0)).as("a bad search fails its batch entry only").startsWith("400");
    }

    @Test
    @DisplayName("batch: a failing conditional entry fails alone")
    default void batchConditionalEntryFailsAlone() {
        requires(Capability.BATCH, Capability.CONDITIONAL_UPDATE);
        store().create(context(), "Patient", patientWithMrn("bb", "A"));
        store().create(context(), "Patient", patientWithMrn("bb", "B"));
        TckBundles.Response r = process(TckBundles.batch()
                .put("Patient?" + condition("bb"), patientWithMrn("bb", "C"))
                .post("Patient", patient("Fine"))
                .json());
        assertThat(r.status(0)).as("ambiguous conditional update: %s", r).startsWith("412");
        assertThat(r.status(1)).startsWith("201");
    }
}
