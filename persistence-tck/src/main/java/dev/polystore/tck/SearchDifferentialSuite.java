package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirStore;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import dev.polystore.core.search.match.IndexMatcher;
import dev.polystore.core.search.match.MatchResult;
import dev.polystore.core.terminology.TerminologyRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Differential search suite: for many queries generated from values present in ~400 R4 specification examples
 * ({@link DifferentialQueries}), the store's result set equals the set of resources the reference {@link IndexMatcher}
 * says MATCH; the same for generated {@code _filter} expressions ({@link FilterExpressions}) and full-text values.
 * Queries the matcher cannot decide must be refused by the store ({@link UnsupportedCapabilityException}), never
 * answered. The terminology modifiers ({@code :in}, {@code :not-in}, {@code :above}, {@code :below}) are answered by
 * a terminology service over the fixture's codings, which the store under test must use.
 *
 * <p>A backend runs it by extending this class in its test sources:
 *
 * <pre>{@code
 * class SqliteSearchDifferentialTest extends SearchDifferentialSuite {
 *     @Override
 *     protected FhirStore createStore(TerminologyService terminology) {
 *         return SqliteBackend.builder().inMemory().terminology(terminology).build();
 *     }
 * }
 * }</pre>
 *
 * The store must declare {@code SEARCH}, {@code SEARCH_FILTER} and {@code SEARCH_FULL_TEXT}; the fixture is written
 * once per class into a fresh tenant, so the store may hold data of other tests and earlier runs.
 *
 * @since 0.1
 */
@Tag("search-differential")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SearchDifferentialSuite {
    /** About this many specification examples are written (every n-th of the examples under 60 KB). */
    private static final int FIXTURE = 420;

    private final TenantContext ctx = TenantContext.of(TckTenants.fresh("diff"));
    private final DifferentialTerminology terminology = new DifferentialTerminology();
    /** What the store does with terminology modifiers, with a fallback that knows nothing (the service knows all). */
    private final TerminologyRewriter terminologyRewriter =
            new TerminologyRewriter(terminology, new TerminologyService() {
                @Override
                public ValueSetExpansion expand(TenantId tenant, String valueSetCanonical) {
                    return ValueSetExpansion.unknown(valueSetCanonical);
                }

                @Override
                public Subsumption subsumption(TenantId tenant, Coding concept) {
                    return Subsumption.unknown(concept);
                }
            });

    /**
     * Creates the store under test: FHIR R4, with the search index, asking {@code terminology} for ValueSet expansions
     * and subsumption. Called once per test class; the suite closes the store.
     */
    protected abstract FhirStore createStore(TerminologyService terminology);

    private FhirStore store;
    /** type → id → entries of the stored current version. */
    private final Map<String, Map<String, List<IndexEntry>>> indexed = new LinkedHashMap<>();

    private record Query(String type, List<String[]> params) {
        SearchQuery toQuery() {
            SearchQuery q = SearchQuery.of(type);
            for (String[] p : params) {
                q = q.param(p[0], p[1]);
            }
            return q;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(type).append('?');
            for (String[] p : params) {
                b.append(p[0]).append('=').append(p[1]).append('&');
            }
            return b.toString();
        }
    }

    @BeforeAll
    protected final void load() throws IOException {
        store = createStore(terminology);
        if (store == null) {
            throw new IllegalStateException(getClass().getName() + ".createStore(terminology) returned null");
        }
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        URL probe = SearchDifferentialSuite.class.getClassLoader().getResource("json/spec/patient-example.json");
        assertThat(probe).as("fhir-examples on the test class path").isNotNull();
        JarURLConnection connection = (JarURLConnection) probe.openConnection();
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(connection.getJarFileURL().getPath())) {
            Enumeration<JarEntry> all = jar.entries();
            while (all.hasMoreElements()) {
                JarEntry e = all.nextElement();
                if (e.getName().startsWith("json/spec/") && e.getName().endsWith(".json") && e.getSize() < 60_000) {
                    names.add(e.getName());
                }
            }
            names.sort(null);
            int step = Math.max(1, names.size() / FIXTURE);
            for (int i = 0; i < names.size(); i += step) {
                String json;
                try (InputStream in = jar.getInputStream(jar.getJarEntry(names.get(i)))) {
                    json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                JsonNode node = FhirJson.TRUSTED.readTree(json);
                if (!node.hasNonNull("resourceType") || !node.hasNonNull("id")) {
                    continue;
                }
                String type = node.get("resourceType").asText();
                String id = node.get("id").asText();
                if (indexed.containsKey(type) && indexed.get(type).containsKey(id)) {
                    continue;
                }
                StoredResource stored;
                try {
                    stored = store.update(ctx, type, id, json);
                } catch (FhirPersistenceException e) {
                    continue;
                }
                List<IndexEntry> entries = indexer.index(type, FhirJson.TRUSTED.readTree(stored.json()))
                        .entries();
                indexed.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, entries);
                terminology.learn(entries);
            }
        }
    }

    @AfterAll
    protected final void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    public void searchAgreesWithTheReferenceMatcher() {
        Random random = new Random(42);
        int orLists = 0;
        List<Query> singles = new ArrayList<>();
        indexed.forEach((type, byId) -> {
            Set<String> codes = new TreeSet<>();
            Set<String> seen = new LinkedHashSet<>();
            byId.values().forEach(entries -> {
                for (IndexEntry e : entries) {
                    codes.add(e.code());
                    for (String[] p : DifferentialQueries.params(e, random)) {
                        if (seen.add(p[0] + "=" + p[1])) {
                            singles.add(new Query(type, List.<String[]>of(p)));
                        }
                    }
                }
            });
            for (String code : codes) {
                singles.add(new Query(type, List.<String[]>of(new String[] {code + ":missing", "true"})));
                singles.add(new Query(type, List.<String[]>of(new String[] {code + ":missing", "false"})));
            }
        });
        Collections.shuffle(singles, random);
        List<Query> queries = new ArrayList<>(singles.subList(0, Math.min(6000, singles.size())));
        // pairs of criteria on the same type
        Map<String, List<Query>> byType = new LinkedHashMap<>();
        for (Query q : singles) {
            byType.computeIfAbsent(q.type(), t -> new ArrayList<>()).add(q);
        }
        List<List<Query>> groups = new ArrayList<>(byType.values());
        groups.removeIf(g -> g.size() < 2);
        for (int i = 0; i < 2000 && !groups.isEmpty(); i++) {
            List<Query> g = groups.get(random.nextInt(groups.size()));
            Query a = g.get(random.nextInt(g.size()));
            Query b = g.get(random.nextInt(g.size()));
            List<String[]> params = new ArrayList<>(a.params());
            params.addAll(b.params());
            queries.add(new Query(a.type(), params));
        }
        // OR-lists: two values of the same parameter (and modifier) joined by a comma
        Map<String, List<Query>> byName = new LinkedHashMap<>();
        for (Query q : singles) {
            if (!q.params().get(0)[0].endsWith(":missing")) {
                byName.computeIfAbsent(q.type() + " " + q.params().get(0)[0], t -> new ArrayList<>())
                        .add(q);
            }
        }
        List<List<Query>> sameName = new ArrayList<>(byName.values());
        sameName.removeIf(g -> g.size() < 2);
        for (int i = 0; i < 1500 && !sameName.isEmpty(); i++) {
            List<Query> g = sameName.get(random.nextInt(sameName.size()));
            Query a = g.get(random.nextInt(g.size()));
            Query b = g.get(random.nextInt(g.size()));
            String name = a.params().get(0)[0];
            orLists++;
            queries.add(new Query(a.type(), List.<String[]>of(new String[] {
                name, a.params().get(0)[1] + "," + b.params().get(0)[1]
            })));
        }
        Comparison result = compare(queries);
        int resources = indexed.values().stream().mapToInt(Map::size).sum();
        System.out.printf(
                "Differential search: %d resources, %d queries compared (%d with matches; %d OR-lists generated),"
                        + " %d with terminology modifiers, %d undecidable skipped, %d refused by the resolver,"
                        + " %d disagreements%n",
                resources,
                result.compared,
                result.nonEmpty,
                orLists,
                result.terminology,
                result.undecidable,
                result.refused,
                result.failures.size());
        System.out.println("Criteria compared by kind: " + result.kinds);
        result.failures.stream().limit(30).forEach(System.out::println);
        assertThat(resources).isGreaterThan(200);
        assertThat(result.compared).isGreaterThan(3000);
        assertThat(result.terminology)
                .as("queries with :in :not-in :above :below, rewritten")
                .isGreaterThan(200);
        assertThat(result.failures).isEmpty();
    }

    /**
     * {@code _filter} expressions built from the same values (every offered operator per type, and/or/not nested with
     * and without parentheses, some combined with an ordinary parameter) agree with the reference matcher too.
     */
    @Test
    public void filterAgreesWithTheReferenceMatcher() {
        List<Query> queries = new ArrayList<>();
        FilterExpressions generator = new FilterExpressions(new Random(7));
        indexed.forEach((type, byId) -> {
            List<String> atoms = generator.atoms(byId.values());
            if (atoms.isEmpty()) {
                return;
            }
            for (int i = 0; i < 40; i++) {
                queries.add(new Query(type, List.<String[]>of(new String[] {"_filter", generator.expression(atoms)})));
            }
            for (int i = 0; i < 5; i++) {
                queries.add(new Query(
                        type, List.<String[]>of(new String[] {"_filter", generator.expression(atoms)}, new String[] {
                            "_filter", generator.expression(atoms)
                        })));
            }
        });
        Comparison result = compare(queries);
        System.out.printf(
                "Differential _filter: %d queries compared (%d with matches), %d undecidable skipped, %d refused by"
                        + " the resolver, %d disagreements%n",
                result.compared, result.nonEmpty, result.undecidable, result.refused, result.failures.size());
        result.failures.stream().limit(30).forEach(System.out::println);
        assertThat(result.compared).isGreaterThan(2000);
        assertThat(result.nonEmpty).isGreaterThan(500);
        assertThat(result.refused).as("generated filters the resolver refuses").isLessThan(queries.size() / 10);
        assertThat(result.failures).isEmpty();
    }

    /** Full-text values built from the indexed words agree with the reference matcher, alone and combined. */
    @Test
    public void fullTextAgreesWithTheReferenceMatcher() {
        Random random = new Random(7);
        List<Query> queries = new ArrayList<>();
        indexed.forEach((type, byId) -> {
            List<List<IndexEntry>> resources = new ArrayList<>(byId.values());
            for (List<IndexEntry> entries : resources) {
                for (IndexEntry e : entries) {
                    if (e instanceof FullTextEntry text) {
                        for (String value : fullTextValues(text.words().split(" "), random)) {
                            if (random.nextBoolean()) {
                                continue; // half of them is plenty
                            }
                            String param = random.nextBoolean() ? text.code() : "_content";
                            queries.add(new Query(type, List.<String[]>of(new String[] {param, value})));
                        }
                    }
                }
                // combined with an ordinary criterion of the same type
                List<IndexEntry> other = resources.get(random.nextInt(resources.size()));
                List<String[]> plain = other.isEmpty()
                        ? List.of()
                        : DifferentialQueries.params(other.get(random.nextInt(other.size())), random);
                List<Query> ofType =
                        queries.stream().filter(q -> q.type().equals(type)).toList();
                if (!plain.isEmpty() && !ofType.isEmpty()) {
                    List<String[]> params = new ArrayList<>(
                            ofType.get(random.nextInt(ofType.size())).params());
                    params.add(plain.get(random.nextInt(plain.size())));
                    queries.add(new Query(type, params));
                }
            }
        });
        Comparison outcome = compare(queries);
        System.out.printf(
                "Differential full-text search: %d queries compared (%d with matches), %d refused by the resolver,"
                        + " %d undecidable (checked for refusal), %d disagreements; criteria by kind %s%n",
                outcome.compared,
                outcome.nonEmpty,
                outcome.refused,
                outcome.undecidable,
                outcome.failures.size(),
                outcome.kinds);
        outcome.failures.stream().limit(30).forEach(System.out::println);
        assertThat(outcome.compared).isGreaterThan(1500);
        assertThat(outcome.nonEmpty).isGreaterThan(1000);
        assertThat(outcome.failures).isEmpty();
    }

    /** Query values built from the words of one full-text entry: words, phrases, prefixes, OR, misses. */
    private static List<String> fullTextValues(String[] words, Random random) {
        List<String> out = new ArrayList<>();
        String a = words[random.nextInt(words.length)];
        String b = words[random.nextInt(words.length)];
        int at = random.nextInt(words.length);
        out.add(random.nextBoolean() ? a : a.toUpperCase(Locale.ROOT));
        out.add(a + " " + b);
        out.add(a + " qzxv");
        out.add(a.substring(0, Math.min(3, a.length())) + "*");
        out.add(a.length() > 2 ? a.substring(0, a.length() - 1) : "qzxv " + a);
        if (at + 1 < words.length) {
            out.add("\"" + words[at] + " " + words[at + 1] + "\"");
            out.add("\"" + words[at + 1] + " " + words[at] + "\"");
            String last = words[at + 1];
            out.add("\"" + words[at] + " " + last.substring(0, Math.min(2, last.length())) + "\"*");
        }
        if (at + 2 < words.length) {
            out.add("\"" + words[at] + " " + words[at + 1] + " " + words[at + 2] + "\"");
        }
        out.add("qzxv OR " + b);
        out.add(a + " qzxv OR " + b);
        out.add("qzxv," + DifferentialQueries.esc(a));
        return out;
    }

    /** What one comparison run found. */
    private static final class Comparison {
        int compared;
        int nonEmpty;
        int undecidable;
        int terminology;
        int refused;
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new TreeMap<>();
    }

    /** The operands of and/or/not (and the criterion of a _filter), recursively; the criterion itself otherwise. */
    private static List<Criterion> leaves(Criterion criterion) {
        List<Criterion> out = new ArrayList<>();
        if (criterion instanceof Criterion.Filter f) {
            out.addAll(leaves(f.criterion()));
        } else if (criterion instanceof Criterion.And and) {
            and.criteria().forEach(c -> out.addAll(leaves(c)));
        } else if (criterion instanceof Criterion.Or or) {
            or.criteria().forEach(c -> out.addAll(leaves(c)));
        } else if (criterion instanceof Criterion.Not not) {
            out.addAll(leaves(not.criterion()));
        } else {
            out.add(criterion);
        }
        return out;
    }

    /** Runs every query on the store and the matcher and records where they disagree. */
    private Comparison compare(List<Query> queries) {
        Comparison result = new Comparison();
        SearchQueryResolver resolver = new SearchQueryResolver(SearchParameterRegistry.of(FhirVersion.R4));
        IndexMatcher matcher = IndexMatcher.standard();
        for (Query query : queries) {
            ResolvedSearch resolved;
            ResolvedSearch rewritten;
            try {
                resolved = resolver.resolve(query.toQuery());
                // the matcher sees the criteria the store hands to its engine
                rewritten = terminologyRewriter.rewrite(ctx.tenant(), resolved);
            } catch (FhirPersistenceException e) {
                result.refused++;
                continue;
            }
            if (rewritten != resolved) {
                result.terminology++;
                resolved = rewritten;
            }
            Set<String> expected = new TreeSet<>();
            boolean decidable = true;
            for (Map.Entry<String, List<IndexEntry>> r :
                    indexed.get(query.type()).entrySet()) {
                // every criterion must be decidable on its own: the engine refuses an undecidable one even when
                // another criterion would make the conjunction false
                boolean all = true;
                for (Criterion criterion : resolved.criteria()) {
                    MatchResult m = matcher.evaluate(query.type(), criterion, r.getValue());
                    if (m == MatchResult.UNDECIDABLE) {
                        decidable = false;
                    }
                    // likewise inside a _filter: "x or (code in vs)" is refused even where x decides the OR
                    for (Criterion leaf : leaves(criterion)) {
                        if (leaf != criterion
                                && matcher.evaluate(query.type(), leaf, r.getValue()) == MatchResult.UNDECIDABLE) {
                            decidable = false;
                        }
                    }
                    all &= m == MatchResult.MATCH;
                }
                if (!decidable) {
                    break;
                }
                if (all) {
                    expected.add(r.getKey());
                }
            }
            if (!decidable) {
                // what the matcher cannot decide, the engine must refuse, never ignore
                result.undecidable++;
                try {
                    store.search(ctx, query.toQuery(), null);
                    result.failures.add(query + " is undecidable for the matcher but the engine ran it");
                } catch (UnsupportedCapabilityException expectedRefusal) {
                    // refused, as it must be
                }
                continue;
            }
            Set<String> actual = new TreeSet<>();
            String cursor = null;
            do {
                SearchResult page = store.search(ctx, query.toQuery().count(1000), cursor);
                page.matches().forEach(m -> actual.add(m.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            result.compared++;
            for (Criterion criterion : resolved.criteria()) {
                String kind = criterion instanceof Criterion.Value v
                        ? v.parameter().type().name().toLowerCase(Locale.ROOT)
                                + (v.modifier() == null
                                        ? ""
                                        : ":" + v.modifier().code())
                        : criterion instanceof Criterion.Missing
                                ? ":missing"
                                : criterion instanceof Criterion.FullText f ? f.parameter() : "other";
                result.kinds.merge(kind, 1, Integer::sum);
            }
            if (!expected.isEmpty()) {
                result.nonEmpty++;
            }
            if (!expected.equals(actual)) {
                result.failures.add(query + " expected " + expected + " but the store gave " + actual);
            }
        }
        return result;
    }
}
