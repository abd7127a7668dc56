package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.tck.TckSearchCases.FixtureHolder;
import dev.polystore.tck.TckSearchCases.Outcome;
import dev.polystore.tck.TckSearchCases.SearchCase;
import dev.polystore.tck.TckSearchCases.SearchCaseFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * FHIR search conformance, driven by case files: every case of every file in {@link #SEARCH_CASE_FILES} is one
 * dynamic test, named by its id and grouped by file. The expected answers come from the FHIR R4 specification
 * (search.html, http.html), not from any implementation; where the specification leaves a choice open, the case
 * carries a {@code decision} note with the rule it relies on.
 *
 * <p>Every case is gated on {@link Capability#SEARCH} (skipped, never passed, on a store without it). A store without
 * {@code SEARCH} must refuse {@code search} with an {@link UnsupportedCapabilityException} and change nothing ({@link
 * #searchWithoutCapabilityIsRefused()}).
 *
 * <h2>Case files</h2>
 *
 * Each file is a JSON object in {@code src/main/resources/dev/polystore/tck/search/}:
 *
 * <pre>{@code
 * { "name": "string-search",                          // the file's name in reports
 *   "requires": ["SEARCH_FULL_TEXT"],                 // optional: capabilities beyond SEARCH the cases need
 *   "spec": "R4 search.html 3.1.1.4.3 (string)",      // the specification sections it covers
 *   "fixture": [ { "resourceType": "Patient", "id": "p1", ... }, ... ],
 *   "deletions": ["Patient/p9"],                       // optional: fixture resources deleted after it is written
 *   "cases": [
 *     { "id": "string-default-starts-with",            // unique over all files; used for deviations
 *       "query": "Patient?family=chal",                // a FHIR search URL relative to the base (SearchQuery.parse)
 *       "expect": ["Patient/p1"],                      // the matches, as Type/id
 *       "why": "default string search is case-insensitive starts-with" },
 *     { "id": "sort-birthdate-desc", "query": "Patient?_sort=-birthdate",
 *       "expect": ["Patient/p2", "Patient/p1"], "ordered": true, "why": "..." },
 *     { "id": "include-subject", "query": "Observation?_id=o1&_include=Observation:subject",
 *       "expect": ["Observation/o1"], "expectIncludes": ["Patient/p1"], "why": "..." },
 *     { "id": "total", "query": "Patient?gender=male&_total=accurate", "expect": [...], "expectTotal": 2 },
 *     { "id": "paging", "query": "Patient?_sort=family&_count=2", "pageSize": 2, "expect": [...], "ordered": true },
 *     { "id": "bad-prefix", "query": "Patient?birthdate=xx2020",
 *       "error": "InvalidSearchException", "messageContains": "birthdate", "why": "..." } ] }
 * }</pre>
 *
 * <ul>
 *   <li>{@code requires}: capabilities beyond {@code SEARCH} that every case of the file needs; on a store without
 *       one, the file's cases are skipped with the capability named (never passed).
 *   <li>{@code fixture}: valid R4 resources, each written with {@code update} (PUT, so with its own logical id) into
 *       a fresh tenant of the file alone, once, before its first case runs; at most 30 per file. A resource may
 *       appear several times with the same id: the later entries are later versions.
 *   <li>{@code deletions}: references {@code Type/id} of fixture resources deleted (in this order) after the whole
 *       fixture is written.
 *   <li>{@code expect}: the matches. Compared as sets unless {@code ordered} is true (only for {@code _sort}); a
 *       resource must never be returned twice.
 *   <li>{@code expectIncludes}: the resources brought in by {@code _include} / {@code _revinclude}, as a set; required
 *       when the query has either, and without them the includes must be empty.
 *   <li>{@code expectTotal}: the total the store must report (for {@code _total=accurate}).
 *   <li>{@code pageSize}: the runner follows {@code nextCursor} to the end, checks that no page holds more than this
 *       many matches and compares the concatenation of all pages; the query must carry the same {@code _count}.
 *   <li>{@code error}: the simple name of the exception expected from {@code SearchQuery.parse} or {@code search}
 *       (a class of {@code dev.polystore.api.error}; subclasses pass), with {@code messageContains}, a text its message
 *       must contain (usually the offending parameter's name). Such a case has no {@code expect}.
 *   <li>{@code why} (required): the specification rule, in a few words; {@code decision} (optional): the choice the
 *       case relies on where the specification leaves one open; {@code spec} (optional): a more precise section.
 * </ul>
 *
 * <h2>Deviations</h2>
 *
 * A backend that knowingly differs from a case overrides {@link #searchDeviations()} with the case id and the reason:
 * the case is then skipped with that reason, never passed. A deviation naming no existing case fails.
 *
 * @since 0.1
 */
@Tag("search")
public interface SearchContract extends TckSupport {

    /** The case files, in the order they run (resources under {@code dev/polystore/tck/search/}). */
    List<String> SEARCH_CASE_FILES = List.of(
            "string.json",
            "token.json",
            "date.json",
            "number-quantity.json",
            "reference-uri.json",
            "composite-missing-escaping.json",
            "chain-has.json",
            "include.json",
            "sort-paging-total.json",
            "compartment.json",
            "list.json",
            "terminology.json",
            "invalid.json",
            "filter.json",
            "full-text.json");

    /** The most resources a case file may hold in its fixture. */
    int MAX_FIXTURE = 30;

    /**
     * Cases this backend knowingly fails: case id to the reason. They are skipped with the reason (never passed).
     * Empty by default.
     */
    default Map<String, String> searchDeviations() {
        return Map.of();
    }

    /** Every case of every case file, grouped by file. */
    @TestFactory
    default Stream<DynamicNode> searchCases() {
        List<SearchCaseFile> files = SearchCaseFile.loadAll();
        Map<String, String> deviations = searchDeviations();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("every search deviation names an existing case", () -> {
            Set<String> ids = new HashSet<>();
            files.forEach(f -> f.cases().forEach(c -> ids.add(c.id())));
            Set<String> unknown = new TreeSet<>(deviations.keySet());
            unknown.removeAll(ids);
            assertThat(unknown)
                    .as("searchDeviations() names cases that do not exist")
                    .isEmpty();
        }));
        for (SearchCaseFile file : files) {
            FixtureHolder fixture = new FixtureHolder(file);
            List<DynamicTest> tests = new ArrayList<>();
            for (SearchCase c : file.cases()) {
                tests.add(DynamicTest.dynamicTest(
                        c.id() + " [" + file.fileName() + "]: " + c.query(), () -> runCase(file, c, fixture)));
            }
            nodes.add(DynamicContainer.dynamicContainer(file.name() + " (" + file.fileName() + ")", tests));
        }
        return nodes.stream();
    }

    /** A store without {@link Capability#SEARCH} refuses a search with UnsupportedCapabilityException. */
    @Test
    default void searchWithoutCapabilityIsRefused() {
        requiresNot(Capability.SEARCH);
        store().update(context(), "Patient", "p1", patient("p1", "Chalmers"));
        Snapshot before = snapshot(context());
        expectThrows(UnsupportedCapabilityException.class, "search on a store without SEARCH", () -> store().search(
                        context(), SearchQuery.parse("Patient?family=chalmers")));
        assertUnchanged(context(), before, "a refused search");
    }

    /**
     * A store with {@link Capability#SEARCH} but without {@link Capability#SEARCH_FILTER} refuses a valid {@code
     * _filter} with UnsupportedCapabilityException: a filter is never ignored.
     */
    @Test
    default void filterWithoutCapabilityIsRefused() {
        requires(Capability.SEARCH);
        requiresNot(Capability.SEARCH_FILTER);
        store().update(context(), "Patient", "p1", patient("p1", "Chalmers"));
        expectThrows(
                UnsupportedCapabilityException.class, "_filter on a store without SEARCH_FILTER", () -> store().search(
                                context(), SearchQuery.parse("Patient?_filter=family%20eq%20Chalmers")));
    }

    /** Runs one case against the file's tenant. */
    private void runCase(SearchCaseFile file, SearchCase c, FixtureHolder fixture) {
        requires(Capability.SEARCH);
        file.requires().forEach(this::requires);
        String deviation = searchDeviations().get(c.id());
        Assumptions.assumeTrue(
                deviation == null, () -> capabilities().backend() + " deviates from " + c.id() + ": " + deviation);
        TenantContext tenant = fixture.tenant(this);
        String where = "search case " + c.id() + " (" + file.fileName() + ")\n  query: " + c.query() + "\n  why: "
                + c.why() + (c.decision() == null ? "" : "\n  decision: " + c.decision());
        if (c.error() != null) {
            Throwable thrown = null;
            try {
                collect(tenant, SearchQuery.parse(c.query()), c);
            } catch (RuntimeException e) {
                thrown = e;
            }
            if (thrown == null) {
                Assertions.fail(where + "\n  expected: " + c.error() + " but the search ran");
            }
            if (!c.errorType().isInstance(thrown)) {
                throw new AssertionError(
                        where + "\n  expected: " + c.error() + "\n  actual: "
                                + thrown.getClass().getName() + ": " + thrown.getMessage(),
                        thrown);
            }
            String message = String.valueOf(thrown.getMessage());
            if (!message.contains(c.messageContains())) {
                throw new AssertionError(
                        where + "\n  expected a message containing '" + c.messageContains() + "'\n  actual: " + message,
                        thrown);
            }
            return;
        }
        Outcome outcome = collect(tenant, SearchQuery.parse(c.query()), c);
        Set<String> duplicates = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        for (String ref : outcome.matches()) {
            if (!seen.add(ref)) {
                duplicates.add(ref);
            }
        }
        if (!duplicates.isEmpty()) {
            Assertions.fail(where + "\n  returned more than once: " + duplicates + "\n  actual: " + outcome.matches());
        }
        if (c.ordered()) {
            if (!outcome.matches().equals(c.expect())) {
                Assertions.fail(
                        where + "\n  expected (in this order): " + c.expect() + "\n  actual: " + outcome.matches());
            }
        } else if (!new TreeSet<>(outcome.matches()).equals(new TreeSet<>(c.expect()))) {
            Assertions.fail(where + "\n  expected (any order): " + new TreeSet<>(c.expect()) + "\n  actual: "
                    + new TreeSet<>(outcome.matches()) + difference(c.expect(), outcome.matches()));
        }
        List<String> expectedIncludes = c.expectIncludes() == null ? List.of() : c.expectIncludes();
        if (!new TreeSet<>(outcome.includes()).equals(new TreeSet<>(expectedIncludes))) {
            Assertions.fail(where + "\n  expected includes: " + new TreeSet<>(expectedIncludes)
                    + "\n  actual includes: " + new TreeSet<>(outcome.includes())
                    + difference(expectedIncludes, outcome.includes()));
        }
        if (c.expectTotal() != null) {
            if (outcome.totals().isEmpty()) {
                Assertions.fail(where + "\n  expected total " + c.expectTotal() + " but the store reported none");
            }
            for (Long total : outcome.totals()) {
                if (!c.expectTotal().equals(total)) {
                    Assertions.fail(where + "\n  expected total " + c.expectTotal() + "\n  actual totals per page: "
                            + outcome.totals());
                }
            }
        }
    }

    /** Runs the search, following the cursor when the case pages, and collects Type/id of matches and includes. */
    private Outcome collect(TenantContext tenant, SearchQuery query, SearchCase c) {
        List<String> matches = new ArrayList<>();
        Set<String> includes = new LinkedHashSet<>();
        List<Long> totals = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            SearchResult page = store().search(tenant, query, cursor);
            assertThat(page).as("search(%s) returned null", query).isNotNull();
            pages++;
            if (c.pageSize() != null) {
                assertThat(page.matches().size())
                        .as("case %s: page %d of %s holds more than %d matches", c.id(), pages, query, c.pageSize())
                        .isLessThanOrEqualTo(c.pageSize());
            }
            for (StoredResource r : page.matches()) {
                matches.add(r.reference());
            }
            for (StoredResource r : page.includes()) {
                includes.add(r.reference());
            }
            if (page.total() != null) {
                totals.add(page.total());
            }
            cursor = page.nextCursor();
            if (cursor == null) {
                return new Outcome(matches, List.copyOf(includes), totals);
            }
            if (c.pageSize() == null) {
                Assertions.fail("search case " + c.id() + ": " + query + " returned a next page although it asked"
                        + " for no paging (" + page.matches().size() + " matches on the first page; matches so far "
                        + matches + ")");
            }
            if (!cursors.add(cursor) || pages > 1000) {
                Assertions.fail("search case " + c.id() + ": paging of " + query + " does not end (cursor '" + cursor
                        + "' after " + pages + " pages)");
            }
        }
    }

    private static String difference(List<String> expected, List<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        actual.forEach(missing::remove);
        Set<String> unexpected = new TreeSet<>(actual);
        expected.forEach(unexpected::remove);
        return "\n  missing: " + missing + "\n  unexpected: " + unexpected;
    }
}
