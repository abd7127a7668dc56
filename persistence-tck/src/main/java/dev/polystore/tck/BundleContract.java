package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.search.SearchQuery;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FHIR batch and transaction Bundles (FHIR R4 http.html, capabilities {@code BATCH} and {@code TRANSACTIONS}): the
 * response Bundle (type, one entry per request entry in request order, status, location, etag, lastModified),
 * {@code urn:uuid:} resolution, all-or-nothing transactions with the failing entry's exception, the processing order
 * DELETE, POST, PUT/PATCH, GET, If-Match / If-None-Match on entries, independent batch entries with
 * OperationOutcomes, and refusal of everything that is not a batch or transaction Bundle.
 *
 * @since 0.1
 */
@Tag("bundles")
public interface BundleContract extends TckSupport {

    /** {@code Type/id/_history/n} with a FHIR id. */
    Pattern LOCATION = Pattern.compile("([A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})/_history/([0-9]+)");

    /** Skips unless the store processes Bundles of {@code type} ({@code batch} or {@code transaction}). */
    private void requiresBundleType(String type) {
        requires(type.equals("transaction") ? Capability.TRANSACTIONS : Capability.BATCH);
    }

    private TckBundles.Response process(String bundleJson) {
        return new TckBundles.Response(store().processBundle(context(), bundleJson));
    }

    /** Asserts the response Bundle's resourceType, type and number of entries. */
    private void assertResponseShape(TckBundles.Response r, String requestType, int entries) {
        assertThat(r.resourceType())
                .as("resourceType of the response to a %s; response %s", requestType, r)
                .isEqualTo("Bundle");
        assertThat(r.type()).as("type of the response to a %s", requestType).isEqualTo(requestType + "-response");
        assertThat(r.size())
                .as("entries of the response to a %s of %d entries; response %s", requestType, entries, r)
                .isEqualTo(entries);
    }

    /** Asserts a write's response entry: status, location {@code type/id/_history/version}, etag, lastModified. */
    private String assertWriteResponse(
            TckBundles.Response r, int index, String status, String type, String id, long version) {
        String what = "response entry " + index + "; response " + r;
        assertThat(r.status(index)).as("status of %s", what).startsWith(status);
        String location = r.location(index);
        assertThat(location).as("location of %s", what).isNotNull();
        Matcher m = LOCATION.matcher(location);
        assertThat(m.matches())
                .as("location '%s' of %s must be Type/id/_history/n", location, what)
                .isTrue();
        assertThat(m.group(1)).as("type in the location of %s", what).isEqualTo(type);
        if (id != null) {
            assertThat(m.group(2)).as("id in the location of %s", what).isEqualTo(id);
        }
        assertThat(Long.parseLong(m.group(3)))
                .as("version in the location of %s", what)
                .isEqualTo(version);
        assertThat(r.etag(index)).as("etag of %s", what).isEqualTo(StoredResource.etag(version));
        String lastModified = r.lastModified(index);
        assertThat(lastModified).as("lastModified of %s", what).isNotNull();
        StoredResource stored = store().read(context(), type, m.group(2));
        try {
            assertThat(OffsetDateTime.parse(lastModified).toInstant())
                    .as("lastModified of %s must be the lastUpdated of the written version", what)
                    .isEqualTo(stored.lastUpdated());
        } catch (DateTimeParseException e) {
            throw new AssertionError("lastModified '" + lastModified + "' of " + what + " is not an instant", e);
        }
        return m.group(2);
    }

    /** Asserts a failed batch entry: a status starting with {@code status} and an OperationOutcome. */
    private void assertFailedEntry(TckBundles.Response r, int index, String status) {
        assertThat(r.status(index))
                .as("status of failed batch entry %d; response %s", index, r)
                .startsWith(status);
        assertThat(r.outcome(index).path("resourceType").asText())
                .as("response.outcome of failed batch entry %d must be an OperationOutcome; response %s", index, r)
                .isEqualTo("OperationOutcome");
    }

    // ------------------------------------------------------------------ transactions

    @Test
    @DisplayName(
            "A transaction creates a Patient and an Observation referring to it by urn:uuid; references are rewritten")
    default void transactionResolvesUrnUuid() {
        requires(Capability.TRANSACTIONS);
        String urn = "urn:uuid:" + UUID.randomUUID();
        String obs = observation("weight", urn);
        ObjectNode put = TckJson.parseObject(observation("with performer", null));
        put.putArray("performer").addObject().put("reference", urn);
        String bundle = TckBundles.transaction()
                .post("Patient", patient("Urn"))
                .fullUrl(urn)
                .post("Observation", obs)
                .fullUrl("urn:uuid:" + UUID.randomUUID())
                .put("Observation/known", TckJson.write(put))
                .json();

        TckBundles.Response r = process(bundle);
        assertResponseShape(r, "transaction", 3);
        String patientId = assertWriteResponse(r, 0, "201", "Patient", null, 1);
        String obsId = assertWriteResponse(r, 1, "201", "Observation", null, 1);
        assertWriteResponse(r, 2, "201", "Observation", "known", 1);

        assertThat(familyOf(store().read(context(), "Patient", patientId)))
                .as("the created Patient")
                .isEqualTo("Urn");
        JsonNode storedObs =
                TckJson.parse(store().read(context(), "Observation", obsId).json());
        assertThat(storedObs.path("subject").path("reference").asText())
                .as("subject.reference of the created Observation (was %s)", urn)
                .isEqualTo("Patient/" + patientId);
        JsonNode storedPut =
                TckJson.parse(store().read(context(), "Observation", "known").json());
        assertThat(storedPut.path("performer").path(0).path("reference").asText())
                .as("performer[0].reference of the PUT Observation (was %s)", urn)
                .isEqualTo("Patient/" + patientId);
        assertThat(store().countAll(context()))
                .as("countAll after the transaction")
                .isEqualTo(3);
    }

    @Test
    @DisplayName(
            "A transaction whose second entry fails its If-Match throws VersionConflictException (412) located at it; nothing is written")
    default void transactionRollsBackOnVersionConflict() {
        requires(Capability.TRANSACTIONS);
        StoredResource x = store().update(context(), "Patient", "x", patient("x", "v1"));
        Snapshot before = snapshot(context());
        String bundle = TckBundles.transaction()
                .post("Patient", patient("Would be created"))
                .put("Patient/x", patient("x", "v2"))
                .ifMatch("W/\"9\"")
                .json();

        VersionConflictException e = expectThrows(
                VersionConflictException.class,
                412,
                "transaction with PUT Patient/x If-Match W/\"9\" on version 1",
                () -> store().processBundle(context(), bundle));
        assertThat(e.locations())
                .as("locations() of the failure must name the failing entry, Bundle.entry[1] (FHIRPath, 0-based)")
                .anyMatch(l -> l.contains("Bundle.entry[1]"));
        assertUnchanged(context(), before, "after the failed transaction (the POST must not have happened)");
        assertSameVersion(x, store().read(context(), "Patient", "x"), "Patient/x after the failed transaction");
    }

    @Test
    @DisplayName(
            "A transaction with an invalid resource throws InvalidResourceException; the valid entries do not happen")
    default void transactionRollsBackOnInvalidResource() {
        requires(Capability.TRANSACTIONS);
        store().update(context(), "Patient", "x", patient("x", "v1"));
        Snapshot before = snapshot(context());
        String bundle = TckBundles.transaction()
                .post("Patient", patient("Would be created"))
                .put("Patient/x", patient("x", "Would be updated"))
                .post("Patient", observation("an Observation posted as a Patient", null))
                .json();

        expectThrows(
                InvalidResourceException.class,
                "transaction with an Observation POSTed to Patient",
                () -> store().processBundle(context(), bundle));
        assertUnchanged(context(), before, "after the failed transaction");
        assertThat(familyOf(store().read(context(), "Patient", "x")))
                .as("Patient/x")
                .isEqualTo("v1");
    }

    @Test
    @DisplayName("A transaction whose GET fails throws ResourceNotFoundException; its writes do not happen")
    default void transactionRollsBackOnFailingRead() {
        requires(Capability.TRANSACTIONS);
        Snapshot before = snapshot(context());
        String bundle = TckBundles.transaction()
                .post("Patient", patient("Would be created"))
                .get("Patient/missing")
                .json();
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "transaction with GET Patient/missing",
                () -> store().processBundle(context(), bundle));
        assertUnchanged(context(), before, "after the failed transaction");
    }

    @Test
    @DisplayName(
            "A transaction with two entries writing the same resource is an InvalidRequestException; nothing is written")
    default void transactionRefusesTwoWritesOfOneResource() {
        requires(Capability.TRANSACTIONS);
        StoredResource a = store().update(context(), "Patient", "a", patient("a", "v1"));
        Snapshot before = snapshot(context());
        List<String> bundles = List.of(
                TckBundles.transaction()
                        .post("Patient", patient("Other"))
                        .put("Patient/a", patient("a", "first"))
                        .put("Patient/a", patient("a", "second"))
                        .json(),
                TckBundles.transaction()
                        .put("Patient/a", patient("a", "changed"))
                        .delete("Patient/a")
                        .json(),
                TckBundles.transaction()
                        .put("Patient/new", patient("new", "first"))
                        .put("Patient/new", patient("new", "second"))
                        .json());
        for (String bundle : bundles) {
            expectThrows(
                    InvalidRequestException.class,
                    400,
                    "transaction writing one resource twice: " + bundle,
                    () -> store().processBundle(context(), bundle));
        }
        assertUnchanged(context(), before, "after the refused transactions");
        assertSameVersion(a, store().read(context(), "Patient", "a"), "Patient/a");
        assertThat(store().exists(context(), "Patient", "new"))
                .as("Patient/new")
                .isFalse();
    }

    @Test
    @DisplayName(
            "A transaction runs GET after PUT: a GET listed first answers with the PUT's new version, in request position")
    default void transactionProcessingOrder() {
        requires(Capability.TRANSACTIONS);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        store().update(context(), "Patient", "gone", patient("gone", "v1"));
        TckBundles.Response r = process(TckBundles.transaction()
                .get("Patient/a")
                .post("Patient", patient("Posted"))
                .put("Patient/a", patient("a", "v2"))
                .delete("Patient/gone")
                .json());

        assertResponseShape(r, "transaction", 4);
        assertThat(r.status(0))
                .as("status of the GET (entry 0); response %s", r)
                .startsWith("200");
        assertThat(familyOf(r.resource(0)))
                .as("family of the GET's resource: the PUT (entry 2) runs first")
                .isEqualTo("v2");
        assertThat(r.resource(0).path("meta").path("versionId").asText())
                .as("meta.versionId of the GET's resource")
                .isEqualTo("2");
        assertWriteResponse(r, 1, "201", "Patient", null, 1);
        assertWriteResponse(r, 2, "200", "Patient", "a", 2);
        assertThat(r.status(3))
                .as("status of the DELETE (entry 3); response %s", r)
                .startsWith("2");
        expectThrows(ResourceGoneException.class, 410, "read of Patient/gone after the transaction", () -> store().read(
                        context(), "Patient", "gone"));
    }

    @Test
    @DisplayName("Without TRANSACTIONS a transaction Bundle is refused up front with UnsupportedCapabilityException")
    default void transactionBundleRefusedWithoutTransactions() {
        requiresNot(Capability.TRANSACTIONS);
        Snapshot before = snapshot(context());
        expectThrows(
                UnsupportedCapabilityException.class,
                501,
                "transaction Bundle on a store without TRANSACTIONS",
                () -> store().processBundle(
                                context(),
                                TckBundles.transaction()
                                        .post("Patient", patient("No"))
                                        .json()));
        assertUnchanged(context(), before, "after the refused transaction");
    }

    // ------------------------------------------------------------------ batch

    @Test
    @DisplayName(
            "Batch entries are independent: failures get a 4xx status and an OperationOutcome, the others are persisted")
    default void batchEntriesAreIndependent() {
        requires(Capability.BATCH);
        store().update(context(), "Patient", "x", patient("x", "v1"));
        TckBundles.Response r = process(TckBundles.batch()
                .post("Patient", patient("Good"))
                .post("Patient", observation("an Observation posted as a Patient", null))
                .put("Patient/put", patient("put", "Put"))
                .get("Patient/missing")
                .put("Patient/x", patient("x", "stale"))
                .ifMatch("W/\"5\"")
                .get("Patient/x")
                .json());

        assertResponseShape(r, "batch", 6);
        String goodId = assertWriteResponse(r, 0, "201", "Patient", null, 1);
        assertFailedEntry(r, 1, "4");
        assertWriteResponse(r, 2, "201", "Patient", "put", 1);
        assertFailedEntry(r, 3, "404");
        assertFailedEntry(r, 4, "412");
        assertThat(r.status(5)).as("status of GET Patient/x; response %s", r).startsWith("200");
        assertThat(familyOf(r.resource(5)))
                .as("Patient/x read in the batch (the failed PUT changed nothing)")
                .isEqualTo("v1");

        assertThat(familyOf(store().read(context(), "Patient", goodId)))
                .as("the good POST")
                .isEqualTo("Good");
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient): x, the good POST and the PUT")
                .isEqualTo(3);
        assertThat(store().read(context(), "Patient", "x").versionId())
                .as("version of Patient/x")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("A batch of 250 conditional creates: each entry sees the writes of the entries before it, however the"
            + " store groups them, and a failing entry among them changes nothing")
    default void batchConditionalCreatesSeeEarlierEntries() {
        requires(Capability.BATCH);
        requires(Capability.CONDITIONAL_CREATE);
        // Synthea's Organization and Practitioner Bundles are such batches: the same identifier in many entries
        TckBundles.Builder batch = TckBundles.batch();
        int distinct = 120;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < distinct; i++) {
                batch.post(
                                "Patient",
                                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                                        + "\"http://example.org/batch\",\"value\":\"b" + i
                                        + "\"}],\"name\":[{\"family\":"
                                        + "\"Round" + round + "\"}]}")
                        .ifNoneExist("identifier=http://example.org/batch|b" + i);
            }
        }
        int firstRefused = batch.size();
        batch.post("Patient", observation("an Observation posted as a Patient", null));
        batch.post("Patient", patient("Refused")).ifNoneExist("no-such-parameter=1");
        batch.post("Patient", patient("Last"));
        TckBundles.Response r = process(batch.json());

        assertResponseShape(r, "batch", 2 * distinct + 3);
        for (int i = 0; i < distinct; i++) {
            String id = assertWriteResponse(r, i, "201", "Patient", null, 1);
            assertThat(r.status(distinct + i))
                    .as("status of the second conditional create of b%d (the first created it); response %s", i, r)
                    .startsWith("200");
            assertThat(r.location(distinct + i))
                    .as("location of the second conditional create of b%d", i)
                    .startsWith("Patient/" + id);
        }
        assertFailedEntry(r, firstRefused, "4");
        assertFailedEntry(r, firstRefused + 1, "400");
        String last = assertWriteResponse(r, firstRefused + 2, "201", "Patient", null, 1);
        assertThat(familyOf(store().read(context(), "Patient", last))).isEqualTo("Last");
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient): one per identifier and the last entry")
                .isEqualTo(distinct + 1);
        assertThat(store().search(context(), SearchQuery.parse("Patient?family=Round1"))
                        .matches())
                .as("Patients written by the second round (each found its match)")
                .isEmpty();
    }

    @Test
    @DisplayName("Without BATCH a batch Bundle is refused with UnsupportedCapabilityException")
    default void batchRefusedWithoutBatch() {
        requiresNot(Capability.BATCH);
        Snapshot before = snapshot(context());
        expectThrows(
                UnsupportedCapabilityException.class,
                501,
                "batch Bundle on a store without BATCH",
                () -> store().processBundle(
                                context(),
                                TckBundles.batch()
                                        .post("Patient", patient("No"))
                                        .json()));
        assertUnchanged(context(), before, "after the refused batch");
    }

    // ------------------------------------------------------------------ both

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("PUT of a new id answers 201 and of an existing one 200, with location, etag and lastModified")
    default void putStatuses(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "old", patient("old", "v1"));
        TckBundles.Response r = process(TckBundles.ofType(type)
                .put("Patient/new", patient("new", "New"))
                .put("Patient/old", patient("old", "v2"))
                .json());
        assertResponseShape(r, type, 2);
        assertWriteResponse(r, 0, "201", "Patient", "new", 1);
        assertWriteResponse(r, 1, "200", "Patient", "old", 2);
        assertThat(familyOf(store().read(context(), "Patient", "old")))
                .as("Patient/old")
                .isEqualTo("v2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("GET Type/id/_history/n in a Bundle is a vread")
    default void vreadEntry(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        store().update(context(), "Patient", "a", patient("a", "v2"));
        TckBundles.Response r = process(TckBundles.ofType(type)
                .get("Patient/a/_history/1")
                .get("Patient/a")
                .json());
        assertResponseShape(r, type, 2);
        assertThat(r.status(0))
                .as("status of GET Patient/a/_history/1; response %s", r)
                .startsWith("200");
        assertThat(familyOf(r.resource(0))).as("family in version 1").isEqualTo("v1");
        assertThat(r.resource(0).path("meta").path("versionId").asText())
                .as("versionId of the vread")
                .isEqualTo("1");
        assertThat(familyOf(r.resource(1))).as("family of the current version").isEqualTo("v2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("request.ifMatch on a PUT: the current version succeeds (2xx), a wrong one fails with 412")
    default void ifMatchOnPut(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        TckBundles.Response ok = process(TckBundles.ofType(type)
                .put("Patient/a", patient("a", "v2"))
                .ifMatch("W/\"1\"")
                .json());
        assertWriteResponse(ok, 0, "2", "Patient", "a", 2);

        String stale = TckBundles.ofType(type)
                .put("Patient/a", patient("a", "stale"))
                .ifMatch("W/\"1\"")
                .json();
        if (type.equals("transaction")) {
            expectThrows(
                    VersionConflictException.class,
                    412,
                    "transaction PUT with If-Match W/\"1\" on version 2",
                    () -> store().processBundle(context(), stale));
        } else {
            assertFailedEntry(process(stale), 0, "412");
        }
        StoredResource current = store().read(context(), "Patient", "a");
        assertThat(current.versionId()).as("version after the stale PUT").isEqualTo(2);
        assertThat(familyOf(current)).as("family after the stale PUT").isEqualTo("v2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("request.ifNoneMatch on a GET of the current version answers 304 Not Modified")
    default void ifNoneMatchOnGet(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        store().update(context(), "Patient", "b", patient("b", "v1"));
        store().update(context(), "Patient", "b", patient("b", "v2"));
        TckBundles.Response r = process(TckBundles.ofType(type)
                .get("Patient/a")
                .ifNoneMatch("W/\"1\"")
                .get("Patient/b")
                .ifNoneMatch("W/\"1\"")
                .json());
        assertResponseShape(r, type, 2);
        assertThat(r.status(0))
                .as("status of GET Patient/a If-None-Match W/\"1\" on version 1; response %s", r)
                .startsWith("304");
        assertThat(r.status(1))
                .as("status of GET Patient/b If-None-Match W/\"1\" on version 2; response %s", r)
                .startsWith("200");
        assertThat(familyOf(r.resource(1))).as("resource of GET Patient/b").isEqualTo("v2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("A DELETE entry answers a 2xx status and the resource is gone")
    default void deleteEntry(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        store().update(context(), "Observation", "o", observation("o", "Patient/a"));
        TckBundles.Response r = process(TckBundles.ofType(type)
                .delete("Patient/a")
                .delete("Observation/o")
                .json());
        assertResponseShape(r, type, 2);
        assertThat(r.status(0)).as("status of DELETE Patient/a; response %s", r).startsWith("2");
        assertThat(r.status(1))
                .as("status of DELETE Observation/o; response %s", r)
                .startsWith("2");
        expectThrows(ResourceGoneException.class, 410, "read of Patient/a after the DELETE entry", () -> store().read(
                        context(), "Patient", "a"));
        assertThat(store().countAll(context()))
                .as("countAll after the DELETE entries")
                .isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("Progress is reported once per entry, 1..n of n")
    default void progressIsReported(String type) {
        requiresBundleType(type);
        store().update(context(), "Patient", "a", patient("a", "v1"));
        List<String> calls = new ArrayList<>();
        store().processBundle(
                        context(),
                        TckBundles.ofType(type)
                                .post("Patient", patient("P"))
                                .put("Patient/b", patient("b", "B"))
                                .get("Patient/a")
                                .json(),
                        (done, total) -> calls.add(done + "/" + total));
        assertThat(calls).as("progress callbacks").containsExactly("1/3", "2/3", "3/3");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
                "{\"resourceType\":\"Bundle\",\"type\":\"document\",\"entry\":[]}",
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[]}",
                "{\"resourceType\":\"Bundle\",\"entry\":[{\"request\":{\"method\":\"POST\",\"url\":\"Patient\"},"
                        + "\"resource\":{\"resourceType\":\"Patient\"}}]}",
                "{\"resourceType\":\"Patient\",\"type\":\"transaction\"}",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[",
                "[]",
                "\"transaction\"",
                ""
            })
    @DisplayName(
            "A Bundle that is neither batch nor transaction, a non-Bundle, or malformed JSON is an InvalidRequestException")
    default void notABatchOrTransaction(String body) {
        requiresAny(Capability.BATCH, Capability.TRANSACTIONS);
        Snapshot before = snapshot(context());
        FhirPersistenceException e =
                expectThrows(InvalidRequestException.class, "processBundle of " + body, () -> store().processBundle(
                                context(), body));
        assertThat(e.httpStatus()).as("HTTP status of %s", e).isEqualTo(400);
        assertUnchanged(context(), before, "after the refused Bundle");
    }

    // ------------------------------------------------------------------ conditional create

    @Test
    @DisplayName("ifNoneExist (conditional create) creates only when nothing matches")
    default void conditionalCreate() {
        requires(Capability.CONDITIONAL_CREATE);
        String type = supports(Capability.TRANSACTIONS) ? "transaction" : "batch";
        requiresBundleType(type);
        String withIdentifier = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://example.org/mrn\","
                + "\"value\":\"12345\"}],\"name\":[{\"family\":\"Conditional\"}]}";
        String query = "identifier=http://example.org/mrn|12345";

        TckBundles.Response first = process(TckBundles.ofType(type)
                .post("Patient", withIdentifier)
                .ifNoneExist(query)
                .json());
        String id = assertWriteResponse(first, 0, "201", "Patient", null, 1);
        TckBundles.Response second = process(TckBundles.ofType(type)
                .post("Patient", withIdentifier)
                .ifNoneExist(query)
                .json());
        assertThat(second.status(0))
                .as("status of the second conditional create (a match exists); response %s", second)
                .startsWith("200");
        assertThat(second.location(0))
                .as("location of the second conditional create: the existing resource")
                .startsWith("Patient/" + id);
        assertThat(store().count(context(), "Patient"))
                .as("count(Patient) after two conditional creates")
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"batch", "transaction"})
    @DisplayName("Without CONDITIONAL_CREATE an entry with ifNoneExist is refused with UnsupportedCapabilityException")
    default void ifNoneExistRefusedWithoutConditionalCreate(String type) {
        requiresNot(Capability.CONDITIONAL_CREATE);
        requiresBundleType(type);
        Snapshot before = snapshot(context());
        String bundle = TckBundles.ofType(type)
                .post("Patient", patient("Conditional"))
                .ifNoneExist("identifier=http://example.org/mrn|12345")
                .json();
        if (type.equals("transaction")) {
            expectThrows(
                    UnsupportedCapabilityException.class,
                    501,
                    "transaction entry with ifNoneExist",
                    () -> store().processBundle(context(), bundle));
        } else {
            UnsupportedCapabilityException thrown = null;
            String response = null;
            try {
                response = store().processBundle(context(), bundle);
            } catch (UnsupportedCapabilityException e) {
                thrown = e;
            }
            if (thrown == null) {
                assertFailedEntry(new TckBundles.Response(response), 0, "501");
            }
        }
        assertUnchanged(context(), before, "after the refused conditional create");
    }
}
