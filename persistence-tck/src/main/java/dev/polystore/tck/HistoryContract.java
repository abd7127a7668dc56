package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.HistoryRequest.Level;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * History (capabilities {@code HISTORY_INSTANCE}, {@code HISTORY_TYPE}, {@code HISTORY_SYSTEM}, {@code HISTORY_AT}):
 * newest first with delete tombstones as entries; {@code _since} (inclusive), {@code _at} (the versions current at an
 * instant or during a period), and cursor paging that is complete, duplicate-free and stable while others write.
 *
 * <p>Expected results are computed from the {@code lastUpdated} values the store returned when the versions were
 * written, so no test sleeps.
 *
 * @since 0.1
 */
@Tag("history")
public interface HistoryContract extends TckSupport {

    /** The capability a history level needs. */
    static Capability capabilityOf(Level level) {
        return switch (level) {
            case INSTANCE -> Capability.HISTORY_INSTANCE;
            case TYPE -> Capability.HISTORY_TYPE;
            case SYSTEM -> Capability.HISTORY_SYSTEM;
        };
    }

    /**
     * Writes ten versions in this order: Patient/a 1, Observation/x 1, Patient/a 2, Patient/b 1, Observation/x 2,
     * Patient/a 3, Patient/b 2, Observation/a 1, Patient/a 4, and Patient/a 5 (a delete if {@code withDelete}, else an
     * update). Returns them in write order.
     */
    private List<StoredResource> writeHistory(TenantContext ctx, boolean withDelete) {
        List<StoredResource> w = new ArrayList<>();
        w.add(store().update(ctx, "Patient", "a", patient("a", "a1")));
        w.add(store().update(ctx, "Observation", "x", observation("x1", "Patient/a")));
        w.add(store().update(ctx, "Patient", "a", patient("a", "a2")));
        w.add(store().update(ctx, "Patient", "b", patient("b", "b1")));
        w.add(store().update(ctx, "Observation", "x", observation("x2", "Patient/a")));
        w.add(store().update(ctx, "Patient", "a", patient("a", "a3")));
        w.add(store().update(ctx, "Patient", "b", patient("b", "b2")));
        w.add(store().update(ctx, "Observation", "a", observation("oa1", null)));
        w.add(store().update(ctx, "Patient", "a", patient("a", "a4")));
        w.add(
                withDelete
                        ? store().delete(ctx, "Patient", "a")
                        : store().update(ctx, "Patient", "a", patient("a", "a5")));
        return w;
    }

    /** The query of {@link #writeHistory} data at a level: Patient/a, Patient, or the whole tenant. */
    private static HistoryRequest requestFor(Level level) {
        return switch (level) {
            case INSTANCE -> HistoryRequest.instance("Patient", "a");
            case TYPE -> HistoryRequest.type("Patient");
            case SYSTEM -> HistoryRequest.system();
        };
    }

    /** The written versions a {@link #requestFor} query covers. */
    private static List<StoredResource> scope(Level level, List<StoredResource> written) {
        List<StoredResource> in = new ArrayList<>();
        for (StoredResource r : written) {
            boolean covered =
                    switch (level) {
                        case INSTANCE -> r.reference().equals("Patient/a");
                        case TYPE -> r.resourceType().equals("Patient");
                        case SYSTEM -> true;
                    };
            if (covered) {
                in.add(r);
            }
        }
        return in;
    }

    private static Set<String> refSet(List<StoredResource> versions) {
        Set<String> refs = new TreeSet<>();
        for (StoredResource r : versions) {
            refs.add(r.versionedReference());
        }
        return refs;
    }

    /**
     * The versions of {@code written} current at some point in {@code [start, end)}, or at {@code start} if both are
     * equal: a version is current from its lastUpdated until (excluding) the lastUpdated of the next version of the
     * same resource.
     */
    private static List<StoredResource> expectedAt(List<StoredResource> written, Instant start, Instant end) {
        Map<String, List<StoredResource>> byResource = new LinkedHashMap<>();
        for (StoredResource r : written) {
            byResource.computeIfAbsent(r.reference(), k -> new ArrayList<>()).add(r);
        }
        List<StoredResource> current = new ArrayList<>();
        for (List<StoredResource> versions : byResource.values()) {
            versions.sort(Comparator.comparingLong(StoredResource::versionId));
            for (int i = 0; i < versions.size(); i++) {
                Instant from = versions.get(i).lastUpdated();
                Instant until = i + 1 < versions.size() ? versions.get(i + 1).lastUpdated() : null;
                boolean hit = start.equals(end)
                        ? !from.isAfter(start) && (until == null || until.isAfter(start))
                        : from.isBefore(end) && (until == null || until.isAfter(start));
                if (hit) {
                    current.add(versions.get(i));
                }
            }
        }
        return current;
    }

    // ------------------------------------------------------------------ levels

    @Test
    @DisplayName("Instance history lists every version of one resource newest first, the delete as a tombstone entry")
    default void instanceHistory() {
        requires(Capability.HISTORY_INSTANCE);
        List<StoredResource> written = writeHistory(context(), true);
        HistoryPage page = store().history(context(), HistoryRequest.instance("Patient", "a"));

        assertThat(page.nextCursor())
                .as("nextCursor of a 5-entry history with the default count 50")
                .isNull();
        assertThat(refs(page.entries()))
                .as("instance history of Patient/a (Observation/a must not appear)")
                .containsExactly(
                        "Patient/a/_history/5",
                        "Patient/a/_history/4",
                        "Patient/a/_history/3",
                        "Patient/a/_history/2",
                        "Patient/a/_history/1");
        List<StoredResource> expected = new ArrayList<>(scope(Level.INSTANCE, written));
        Collections.reverse(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameVersion(expected.get(i), page.entries().get(i), "instance history entry " + i);
        }
        assertVersion(page.entries().get(0), "Patient", "a", 5, ChangeKind.DELETE, "newest entry (the delete)");
        assertThat(page.entries().get(4).change()).as("change of version 1").isEqualTo(ChangeKind.CREATE);
        assertThat(page.entries().get(3).change()).as("change of version 2").isEqualTo(ChangeKind.UPDATE);
    }

    @Test
    @DisplayName("Instance history of a resource that never existed is a ResourceNotFoundException")
    default void instanceHistoryOfMissing() {
        requires(Capability.HISTORY_INSTANCE);
        store().update(context(), "Observation", "only-obs", observation("o", null));
        expectThrows(ResourceNotFoundException.class, 404, "instance history of Patient/never", () -> store().history(
                        context(), HistoryRequest.instance("Patient", "never")));
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "instance history of Patient/only-obs (only Observation/only-obs exists)",
                () -> store().history(context(), HistoryRequest.instance("Patient", "only-obs")));
    }

    @Test
    @DisplayName("Type history holds every version of that type and nothing of other types, newest first")
    default void typeHistory() {
        requires(Capability.HISTORY_TYPE);
        List<StoredResource> written = writeHistory(context(), true);
        List<StoredResource> patients = historyAll(context(), HistoryRequest.type("Patient"));
        List<StoredResource> observations = historyAll(context(), HistoryRequest.type("Observation"));

        assertThat(refSet(patients)).as("type history of Patient").isEqualTo(refSet(scope(Level.TYPE, written)));
        assertThat(patients).as("entries of the Patient type history").hasSize(7);
        assertNewestFirst(patients, "type history of Patient");
        assertThat(refSet(observations))
                .as("type history of Observation")
                .containsExactly("Observation/a/_history/1", "Observation/x/_history/1", "Observation/x/_history/2");
        assertNewestFirst(observations, "type history of Observation");
        assertThat(patients.stream().filter(StoredResource::deleted).map(StoredResource::versionedReference))
                .as("tombstones in the Patient type history")
                .containsExactly("Patient/a/_history/5");
    }

    @Test
    @DisplayName("Type and system history of a tenant without data are empty, without a next cursor")
    default void emptyHistories() {
        requiresAny(Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        store().update(context(), "Observation", "o", observation("o", null));
        if (supports(Capability.HISTORY_TYPE)) {
            HistoryPage page = store().history(context(), HistoryRequest.type("Patient"));
            assertThat(page.entries())
                    .as("type history of a type without resources")
                    .isEmpty();
            assertThat(page.nextCursor()).as("its nextCursor").isNull();
        }
        if (supports(Capability.HISTORY_SYSTEM)) {
            HistoryPage page = store().history(otherTenant(), HistoryRequest.system());
            assertThat(page.entries()).as("system history of a fresh tenant").isEmpty();
            assertThat(page.nextCursor()).as("its nextCursor").isNull();
        }
    }

    @Test
    @DisplayName(
            "System history holds every version of every type in the tenant, newest first, and nothing of other tenants")
    default void systemHistory() {
        requires(Capability.HISTORY_SYSTEM);
        TenantContext other = otherTenant();
        store().update(other, "Patient", "a", patient("a", "other tenant"));
        store().create(other, "Encounter", "{\"resourceType\":\"Encounter\",\"status\":\"finished\"}");
        List<StoredResource> written = writeHistory(context(), true);
        store().update(other, "Patient", "a", patient("a", "other tenant 2"));

        List<StoredResource> all = historyAll(context(), HistoryRequest.system());
        assertThat(refSet(all)).as("system history").isEqualTo(refSet(written));
        assertThat(all).as("system history entries (no duplicates)").hasSize(written.size());
        assertNewestFirst(all, "system history");
        for (StoredResource r : all) {
            assertThat(r.tenant()).as("tenant of system history entry %s", r).isEqualTo(tenant());
        }
        for (StoredResource w : written) {
            StoredResource entry = all.stream()
                    .filter(r -> r.versionedReference().equals(w.versionedReference()))
                    .findFirst()
                    .orElseThrow();
            assertSameVersion(w, entry, "system history entry " + w.versionedReference());
        }
    }

    // ------------------------------------------------------------------ _since

    @Test
    @DisplayName("_since is inclusive: the lastUpdated of a version includes that version")
    default void sinceIsInclusive() {
        requires(Capability.HISTORY_INSTANCE);
        StoredResource v1 = store().update(context(), "Patient", "s", patient("s", "1"));
        StoredResource v2 = store().update(context(), "Patient", "s", patient("s", "2"));
        StoredResource v3 = store().update(context(), "Patient", "s", patient("s", "3"));
        HistoryRequest request = HistoryRequest.instance("Patient", "s");

        assertThat(refs(historyAll(context(), request.since(v2.lastUpdated()))))
                .as("history since the lastUpdated of version 2 (%s)", v2.lastUpdated())
                .containsExactly("Patient/s/_history/3", "Patient/s/_history/2");
        assertThat(refs(historyAll(context(), request.since(v1.lastUpdated()))))
                .as("history since the lastUpdated of version 1")
                .containsExactly("Patient/s/_history/3", "Patient/s/_history/2", "Patient/s/_history/1");
        assertThat(refs(historyAll(context(), request.since(v3.lastUpdated().plusMillis(1)))))
                .as("history since 1 ms after the last version")
                .isEmpty();
        assertThat(refs(historyAll(context(), request.since(v3.lastUpdated().plus(Duration.ofDays(1))))))
                .as("history since tomorrow")
                .isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Level.class)
    @DisplayName("_since at every level returns exactly the versions with lastUpdated at or after the instant")
    default void sinceAtEveryLevel(Level level) {
        requires(capabilityOf(level));
        List<StoredResource> written = scope(level, writeHistory(context(), true));
        Set<Instant> instants = new TreeSet<>();
        for (StoredResource w : written) {
            instants.add(w.lastUpdated());
            instants.add(w.lastUpdated().minusMillis(1));
        }
        for (Instant t : instants) {
            List<StoredResource> expected = new ArrayList<>();
            for (StoredResource w : written) {
                if (!w.lastUpdated().isBefore(t)) {
                    expected.add(w);
                }
            }
            List<StoredResource> actual =
                    historyAll(context(), requestFor(level).since(t));
            assertThat(refSet(actual))
                    .as("%s history _since %s (recorded lastUpdated values: %s)", level, t, timeline(written))
                    .isEqualTo(refSet(expected));
            assertThat(actual)
                    .as("%s history _since %s: no duplicates", level, t)
                    .hasSize(expected.size());
            assertNewestFirst(actual, level + " history _since " + t);
        }
    }

    // ------------------------------------------------------------------ _at

    @Test
    @DisplayName("_at an instant returns the version current then: the newest with lastUpdated at or before it")
    default void atInstantOfOneResource() {
        requires(Capability.HISTORY_AT, Capability.HISTORY_INSTANCE);
        StoredResource v1 = store().update(context(), "Patient", "r", patient("r", "1"));
        StoredResource v2 = store().update(context(), "Patient", "r", patient("r", "2"));
        StoredResource v3 = store().update(context(), "Patient", "r", patient("r", "3"));
        HistoryRequest request = HistoryRequest.instance("Patient", "r");

        assertThat(refs(historyAll(context(), request.at(v1.lastUpdated()))))
                .as("_at the lastUpdated of version 1")
                .containsExactly("Patient/r/_history/1");
        assertThat(refs(historyAll(context(), request.at(v2.lastUpdated()))))
                .as("_at the lastUpdated of version 2")
                .containsExactly("Patient/r/_history/2");
        assertThat(refs(historyAll(context(), request.at(v2.lastUpdated().minusMillis(1)))))
                .as("_at 1 ms before version 2 (version 1 was current)")
                .containsExactly("Patient/r/_history/1");
        assertThat(refs(historyAll(context(), request.at(v3.lastUpdated().plus(Duration.ofDays(1))))))
                .as("_at tomorrow")
                .containsExactly("Patient/r/_history/3");
        assertThat(refs(historyAll(context(), request.at(v1.lastUpdated().minusMillis(1)))))
                .as("_at 1 ms before the resource existed")
                .isEmpty();
    }

    @Test
    @DisplayName("_at a period [start, end) returns every version current at some point in it")
    default void atPeriodOfOneResource() {
        requires(Capability.HISTORY_AT, Capability.HISTORY_INSTANCE);
        StoredResource v1 = store().update(context(), "Patient", "r", patient("r", "1"));
        StoredResource v2 = store().update(context(), "Patient", "r", patient("r", "2"));
        StoredResource v3 = store().update(context(), "Patient", "r", patient("r", "3"));
        StoredResource v4 = store().update(context(), "Patient", "r", patient("r", "4"));
        HistoryRequest request = HistoryRequest.instance("Patient", "r");

        assertThat(refs(historyAll(context(), request.at(v2.lastUpdated(), v3.lastUpdated()))))
                .as("_at [t2, t3)")
                .containsExactly("Patient/r/_history/2");
        assertThat(refs(historyAll(
                        context(), request.at(v2.lastUpdated(), v3.lastUpdated().plusMillis(1)))))
                .as("_at [t2, t3 + 1 ms)")
                .containsExactly("Patient/r/_history/3", "Patient/r/_history/2");
        assertThat(refs(historyAll(
                        context(), request.at(v1.lastUpdated().minus(Duration.ofHours(1)), v2.lastUpdated()))))
                .as("_at [t1 - 1 h, t2)")
                .containsExactly("Patient/r/_history/1");
        assertThat(refs(historyAll(context(), request.at(v2.lastUpdated().minusMillis(1), v4.lastUpdated()))))
                .as("_at [t2 - 1 ms, t4)")
                .containsExactly("Patient/r/_history/3", "Patient/r/_history/2", "Patient/r/_history/1");
        assertThat(refs(historyAll(
                        context(), request.at(v4.lastUpdated(), v4.lastUpdated().plusSeconds(60)))))
                .as("_at [t4, t4 + 60 s)")
                .containsExactly("Patient/r/_history/4");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Level.class)
    @DisplayName(
            "_at at every level returns, for each resource, the version current at the instant or during the period")
    default void atAtEveryLevel(Level level) {
        requires(Capability.HISTORY_AT, capabilityOf(level));
        List<StoredResource> written = scope(level, writeHistory(context(), false));
        List<Instant> instants = new ArrayList<>(new TreeSet<>(written.stream()
                .flatMap(w -> Stream.of(w.lastUpdated(), w.lastUpdated().minusMillis(1)))
                .toList()));
        for (int i = 0; i < instants.size(); i++) {
            for (int j = i; j < instants.size(); j++) {
                Instant start = instants.get(i);
                Instant end = instants.get(j);
                List<StoredResource> expected = expectedAt(written, start, end);
                List<StoredResource> actual =
                        historyAll(context(), requestFor(level).at(start, end));
                assertThat(refSet(actual))
                        .as(
                                "%s history _at %s (recorded lastUpdated values: %s)",
                                level, start.equals(end) ? start : "[" + start + ", " + end + ")", timeline(written))
                        .isEqualTo(refSet(expected));
                assertThat(actual).as("%s history _at: no duplicates", level).hasSize(expected.size());
            }
        }
    }

    @Test
    @DisplayName("_at an instant after a delete returns the delete tombstone as the version current then")
    default void atAfterDeleteReturnsTombstone() {
        requires(Capability.HISTORY_AT, Capability.HISTORY_INSTANCE);
        StoredResource v1 = store().update(context(), "Patient", "d", patient("d", "1"));
        StoredResource tombstone = store().delete(context(), "Patient", "d");
        HistoryRequest request = HistoryRequest.instance("Patient", "d");

        assertThat(refs(historyAll(context(), request.at(v1.lastUpdated()))))
                .as("_at the lastUpdated of version 1")
                .containsExactly("Patient/d/_history/1");
        List<StoredResource> atDelete = historyAll(context(), request.at(tombstone.lastUpdated()));
        assertThat(refs(atDelete))
                .as("_at the lastUpdated of the delete (the newest version with lastUpdated <= t is the tombstone)")
                .containsExactly("Patient/d/_history/2");
        assertThat(atDelete.get(0).deleted()).as("that entry is a tombstone").isTrue();
    }

    // ------------------------------------------------------------------ paging

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Level.class)
    @DisplayName("Pages of count n concatenate to the unpaged history, without duplicates, ending with a null cursor")
    default void pagingIsComplete(Level level) {
        requires(capabilityOf(level));
        List<StoredResource> written = scope(level, writeHistory(context(), true));
        HistoryPage unpaged = store().history(context(), requestFor(level).count(HistoryRequest.MAX_COUNT));
        assertThat(unpaged.nextCursor())
                .as("%s history with count 1000 of %d versions: nextCursor", level, written.size())
                .isNull();
        assertThat(refSet(unpaged.entries())).as("%s history, unpaged", level).isEqualTo(refSet(written));

        for (int count : new int[] {1, 2, 3}) {
            List<StoredResource> concatenated = new ArrayList<>();
            HistoryRequest request = requestFor(level).count(count);
            int pages = 0;
            while (true) {
                HistoryPage page = store().history(context(), request);
                pages++;
                assertThat(page.entries().size())
                        .as("%s history page %d with count %d: size", level, pages, count)
                        .isLessThanOrEqualTo(count);
                concatenated.addAll(page.entries());
                if (page.nextCursor() == null) {
                    break;
                }
                assertThat(pages)
                        .as("%s history with count %d: too many pages", level, count)
                        .isLessThanOrEqualTo(written.size() + 1);
                request = request.after(page.nextCursor());
            }
            assertThat(refs(concatenated))
                    .as("%s history pages of %d, concatenated, must equal the unpaged history", level, count)
                    .containsExactlyElementsOf(refs(unpaged.entries()));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Level.class)
    @DisplayName(
            "Paging is stable: versions written after the first page do not appear on later pages, nothing is skipped")
    default void pagingIsStable(Level level) {
        requires(capabilityOf(level));
        writeHistory(context(), true);
        List<String> before = refs(store().history(context(), requestFor(level).count(HistoryRequest.MAX_COUNT))
                .entries());

        HistoryPage first = store().history(context(), requestFor(level).count(3));
        assertThat(first.nextCursor())
                .as("%s history of %d versions, page of 3: nextCursor", level, before.size())
                .isNotNull();
        List<StoredResource> concatenated = new ArrayList<>(first.entries());

        store().update(context(), "Patient", "a", patient("a", "after page 1"));
        store().update(context(), "Patient", "b", patient("b", "after page 1"));
        store().create(context(), "Patient", patient("new after page 1"));
        store().update(context(), "Observation", "x", observation("after page 1", null));

        HistoryRequest request = requestFor(level).count(3).after(first.nextCursor());
        for (int pages = 1; ; pages++) {
            HistoryPage page = store().history(context(), request);
            concatenated.addAll(page.entries());
            if (page.nextCursor() == null) {
                break;
            }
            assertThat(pages).as("too many pages").isLessThan(before.size() + 2);
            request = request.after(page.nextCursor());
        }
        assertThat(refs(concatenated))
                .as(
                        "%s history paged in 3s while 4 versions were written after page 1: must equal the history as of"
                                + " page 1",
                        level)
                .containsExactlyElementsOf(before);
    }

    @ParameterizedTest(name = "[{index}] count {0}")
    @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE})
    @DisplayName("A page size outside 1..1000 is an InvalidRequestException")
    default void countOutOfRange(int count) {
        expectThrows(InvalidRequestException.class, 400, "HistoryRequest with count " + count, () -> store().history(
                        context(), HistoryRequest.system().count(count)));
    }

    @Test
    @DisplayName("Page sizes 1 and 1000 are accepted")
    default void countBounds() {
        requiresAny(Capability.HISTORY_INSTANCE, Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        store().update(context(), "Patient", "a", patient("a", "1"));
        store().update(context(), "Patient", "a", patient("a", "2"));
        HistoryRequest request = anySupportedRequest("Patient", "a");
        HistoryPage one = store().history(context(), request.count(1));
        assertThat(refs(one.entries())).as("page of 1 (%s)", request.level()).containsExactly("Patient/a/_history/2");
        assertThat(one.nextCursor()).as("nextCursor after 1 of 2").isNotNull();
        HistoryPage all = store().history(context(), request.count(HistoryRequest.MAX_COUNT));
        assertThat(refs(all.entries()))
                .as("page of 1000")
                .containsExactly("Patient/a/_history/2", "Patient/a/_history/1");
    }

    @ParameterizedTest(name = "[{index}] cursor ''{0}''")
    @ValueSource(strings = {"garbage", "!!!", "eyJ4IjoxfQ==", "99999999999999999999999", " "})
    @DisplayName("A cursor the store did not issue is an InvalidRequestException")
    default void garbageCursor(String cursor) {
        requiresAny(Capability.HISTORY_INSTANCE, Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        store().update(context(), "Patient", "a", patient("a", "1"));
        HistoryRequest request = anySupportedRequest("Patient", "a").after(cursor);
        expectThrows(
                InvalidRequestException.class,
                400,
                request.level() + " history with cursor '" + cursor + "'",
                () -> store().history(context(), request));
    }

    // ------------------------------------------------------------------ undeclared features

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Level.class)
    @DisplayName("A history level the store does not declare is refused with UnsupportedCapabilityException")
    default void undeclaredLevelIsRefused(Level level) {
        requiresNot(capabilityOf(level));
        store().update(context(), "Patient", "a", patient("a", "1"));
        expectThrows(
                UnsupportedCapabilityException.class,
                501,
                level + " history on a store without " + capabilityOf(level),
                () -> store().history(context(), requestFor(level)));
    }

    @Test
    @DisplayName("_at on a store that does not declare HISTORY_AT is refused with UnsupportedCapabilityException")
    default void undeclaredAtIsRefused() {
        requiresNot(Capability.HISTORY_AT);
        requiresAny(Capability.HISTORY_INSTANCE, Capability.HISTORY_TYPE, Capability.HISTORY_SYSTEM);
        StoredResource v1 = store().update(context(), "Patient", "a", patient("a", "1"));
        HistoryRequest request = anySupportedRequest("Patient", "a").at(v1.lastUpdated());
        expectThrows(
                UnsupportedCapabilityException.class,
                501,
                "_at history on a store without HISTORY_AT",
                () -> store().history(context(), request));
    }

    /** A history request at a level the store declares (system, else type, else instance). */
    private HistoryRequest anySupportedRequest(String type, String id) {
        if (supports(Capability.HISTORY_SYSTEM)) {
            return HistoryRequest.system();
        }
        if (supports(Capability.HISTORY_TYPE)) {
            return HistoryRequest.type(type);
        }
        return HistoryRequest.instance(type, id);
    }

    /** "Type/id/_history/n@lastUpdated" of each version, for failure messages. */
    private static String timeline(List<StoredResource> written) {
        List<String> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StoredResource w : written) {
            if (seen.add(w.versionedReference())) {
                parts.add(w.versionedReference() + "@" + w.lastUpdated());
            }
        }
        return String.join(", ", parts);
    }
}
