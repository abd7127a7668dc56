package dev.polystore.sqlite;

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
import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import dev.polystore.core.search.match.IndexMatcher;
import dev.polystore.core.search.match.MatchResult;
import dev.polystore.core.terminology.TerminologyRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test: for many queries generated from values present in ~400 R4 specification examples, the SQL result
 * set equals the set of resources the reference {@link IndexMatcher} says MATCH; the same for generated {@code
 * _filter} expressions ({@link FilterExpressions}). Queries the matcher cannot decide must be refused by the engine.
 */
class SqliteSearchDifferentialTest {
    private static final TenantContext CTX = TenantContext.of("diff");
    private static final FixtureTerminology TERMINOLOGY = new FixtureTerminology();
    /** What the store does with terminology modifiers, with a fallback that knows nothing (the service knows all). */
    private static final TerminologyRewriter TERMINOLOGY_REWRITER =
            new TerminologyRewriter(TERMINOLOGY, new TerminologyService() {
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
     * Stands for an external terminology server over the fixture's codings: the ValueSet {@link #VALUE_SET} holds every
     * third coding seen and every LOINC code, {@link #FEW_SYSTEMS} every second LOINC and every SNOMED CT coding seen;
     * a code subsumes the codes of its system that extend it.
     */
    private static final class FixtureTerminology implements TerminologyService {
        static final String VALUE_SET = "http://example.org/ValueSet/x";
        static final String FEW_SYSTEMS = "http://example.org/ValueSet/loinc-snomed";
        private final Set<Coding> codings = new TreeSet<>(java.util.Comparator.comparing(Coding::toString));

        void learn(List<IndexEntry> entries) {
            for (IndexEntry e : entries) {
                if (e instanceof TokenEntry t
                        && t.system() != null
                        && !t.system().isEmpty()
                        && t.value() != null
                        && !t.value().isEmpty()) {
                    codings.add(Coding.of(t.system(), t.value()));
                }
            }
        }

        @Override
        public ValueSetExpansion expand(TenantId tenant, String valueSetCanonical) {
            if (valueSetCanonical.equals(FEW_SYSTEMS)) {
                Set<Coding> codes = new LinkedHashSet<>();
                int i = 0;
                for (Coding c : codings) {
                    if (c.system().equals("http://snomed.info/sct")
                            || (c.system().equals("http://loinc.org") && i++ % 2 == 0)) {
                        codes.add(c);
                    }
                }
                return ValueSetExpansion.of(valueSetCanonical, codes);
            }
            if (!valueSetCanonical.equals(VALUE_SET)) {
                return ValueSetExpansion.unknown(valueSetCanonical);
            }
            Set<Coding> codes = new LinkedHashSet<>();
            codes.add(Coding.anyCodeOf("http://loinc.org"));
            int i = 0;
            for (Coding c : codings) {
                if (i++ % 3 == 0) {
                    codes.add(c);
                }
            }
            return ValueSetExpansion.of(valueSetCanonical, codes);
        }

        @Override
        public Subsumption subsumption(TenantId tenant, Coding concept) {
            Set<Coding> below = new LinkedHashSet<>();
            Set<Coding> above = new LinkedHashSet<>();
            for (Coding c : codings) {
                if (c.system().equals(concept.system()) && !c.code().equals(concept.code())) {
                    if (c.code().startsWith(concept.code())) {
                        below.add(c);
                    } else if (concept.code().startsWith(c.code())) {
                        above.add(c);
                    }
                }
            }
            return Subsumption.of(concept, below, above);
        }
    }

    private static final int FIXTURE = 420;
    private static final String[] PREFIXES = {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"};

    private static FhirStore store;
    /** type → id → entries of the stored current version. */
    private static final Map<String, Map<String, List<IndexEntry>>> ENTRIES = new LinkedHashMap<>();

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
    static void load() throws IOException {
        store = SqliteBackend.builder().inMemory().terminology(TERMINOLOGY).build();
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        URL probe = SqliteSearchDifferentialTest.class.getClassLoader().getResource("json/spec/patient-example.json");
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
                if (ENTRIES.containsKey(type) && ENTRIES.get(type).containsKey(id)) {
                    continue;
                }
                StoredResource stored;
                try {
                    stored = store.update(CTX, type, id, json);
                } catch (FhirPersistenceException e) {
                    continue;
                }
                List<IndexEntry> entries = indexer.index(type, FhirJson.TRUSTED.readTree(stored.json()))
                        .entries();
                ENTRIES.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, entries);
                TERMINOLOGY.learn(entries);
            }
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void sqlAgreesWithTheReferenceMatcher() {
        Random random = new Random(42);
        int orLists = 0;
        List<Query> singles = new ArrayList<>();
        ENTRIES.forEach((type, byId) -> {
            Set<String> codes = new TreeSet<>();
            Set<String> seen = new LinkedHashSet<>();
            byId.values().forEach(entries -> {
                for (IndexEntry e : entries) {
                    codes.add(e.code());
                    for (String[] p : params(e, random)) {
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
        java.util.Collections.shuffle(singles, random);
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
        int resources = ENTRIES.values().stream().mapToInt(Map::size).sum();
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
    void filterAgreesWithTheReferenceMatcher() {
        List<Query> queries = new ArrayList<>();
        FilterExpressions generator = new FilterExpressions(new Random(7));
        ENTRIES.forEach((type, byId) -> {
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

    /** What one comparison run found. */
    @Test
    void fullTextAgreesWithTheReferenceMatcher() {
        Random random = new Random(7);
        List<Query> queries = new ArrayList<>();
        ENTRIES.forEach((type, byId) -> {
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
                List<String[]> plain =
                        other.isEmpty() ? List.of() : params(other.get(random.nextInt(other.size())), random);
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
        out.add(random.nextBoolean() ? a : a.toUpperCase(java.util.Locale.ROOT));
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
        out.add("qzxv," + esc(a));
        return out;
    }

    private static final class Comparison {
        int compared;
        int nonEmpty;
        int undecidable;
        int terminology;
        int refused;
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new java.util.TreeMap<>();
    }

    /** The operands of and/or/not (and the criterion of a _filter), recursively; the criterion itself otherwise. */
    private static List<dev.polystore.core.search.Criterion> leaves(dev.polystore.core.search.Criterion criterion) {
        List<dev.polystore.core.search.Criterion> out = new ArrayList<>();
        if (criterion instanceof dev.polystore.core.search.Criterion.Filter f) {
            out.addAll(leaves(f.criterion()));
        } else if (criterion instanceof dev.polystore.core.search.Criterion.And and) {
            and.criteria().forEach(c -> out.addAll(leaves(c)));
        } else if (criterion instanceof dev.polystore.core.search.Criterion.Or or) {
            or.criteria().forEach(c -> out.addAll(leaves(c)));
        } else if (criterion instanceof dev.polystore.core.search.Criterion.Not not) {
            out.addAll(leaves(not.criterion()));
        } else {
            out.add(criterion);
        }
        return out;
    }

    /** Runs every query on SQLite and the matcher and records where they disagree. */
    private static Comparison compare(List<Query> queries) {
        Comparison result = new Comparison();
        SearchQueryResolver resolver = new SearchQueryResolver(SearchParameterRegistry.of(FhirVersion.R4));
        IndexMatcher matcher = IndexMatcher.standard();
        for (Query query : queries) {
            ResolvedSearch resolved;
            ResolvedSearch rewritten;
            try {
                resolved = resolver.resolve(query.toQuery());
                // the matcher sees the criteria the store hands to its engine
                rewritten = TERMINOLOGY_REWRITER.rewrite(CTX.tenant(), resolved);
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
                    ENTRIES.get(query.type()).entrySet()) {
                // every criterion must be decidable on its own: the engine refuses an undecidable one even when
                // another criterion would make the conjunction false
                boolean all = true;
                for (dev.polystore.core.search.Criterion criterion : resolved.criteria()) {
                    MatchResult m = matcher.evaluate(query.type(), criterion, r.getValue());
                    if (m == MatchResult.UNDECIDABLE) {
                        decidable = false;
                    }
                    // likewise inside a _filter: "x or (code in vs)" is refused even where x decides the OR
                    for (dev.polystore.core.search.Criterion leaf : leaves(criterion)) {
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
                    store.search(CTX, query.toQuery(), null);
                    result.failures.add(query + " is undecidable for the matcher but the engine ran it");
                } catch (UnsupportedCapabilityException expectedRefusal) {
                    // refused, as it must be
                }
                continue;
            }
            Set<String> actual = new TreeSet<>();
            String cursor = null;
            do {
                SearchResult page = store.search(CTX, query.toQuery().count(1000), cursor);
                page.matches().forEach(m -> actual.add(m.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            result.compared++;
            for (dev.polystore.core.search.Criterion criterion : resolved.criteria()) {
                String kind = criterion instanceof dev.polystore.core.search.Criterion.Value v
                        ? v.parameter().type().name().toLowerCase(java.util.Locale.ROOT)
                                + (v.modifier() == null
                                        ? ""
                                        : ":" + v.modifier().code())
                        : criterion instanceof dev.polystore.core.search.Criterion.Missing
                                ? ":missing"
                                : criterion instanceof dev.polystore.core.search.Criterion.FullText f
                                        ? f.parameter()
                                        : "other";
                result.kinds.merge(kind, 1, Integer::sum);
            }
            if (!expected.isEmpty()) {
                result.nonEmpty++;
            }
            if (!expected.equals(actual)) {
                result.failures.add(query + " expected " + expected + " but SQL gave " + actual);
            }
        }
        return result;
    }

    // ------------------------------------------------------------ generation

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|").replace("$", "\\$");
    }

    private static final DateTimeFormatter YEAR =
            DateTimeFormatter.ofPattern("yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static List<String[]> params(IndexEntry entry, Random random) {
        List<String[]> out = new ArrayList<>();
        String code = entry.code();
        if (entry instanceof CompositeEntry c) {
            List<String> parts = new ArrayList<>();
            for (IndexEntry component : c.components()) {
                List<String> values = values(component, random);
                if (values.isEmpty()) {
                    return out;
                }
                parts.add(values.get(0));
            }
            out.add(new String[] {code, String.join("$", parts)});
            return out;
        }
        if (entry instanceof StringEntry s) {
            String exact = s.exact();
            out.add(new String[] {code, esc(exact.substring(0, Math.min(3, exact.length())))});
            out.add(new String[] {code, esc(exact)});
            out.add(new String[] {code + ":exact", esc(exact)});
            if (random.nextInt(10) == 0) {
                out.add(new String[] {code + ":text", esc(exact)});
            }
            out.add(new String[] {code + ":exact", esc(exact.toUpperCase(java.util.Locale.ROOT))});
            if (s.normalized().length() > 4) {
                out.add(new String[] {code + ":contains", esc(s.normalized().substring(2, 5))});
            }
        } else if (entry instanceof TokenEntry t) {
            if (t.value() != null) {
                out.add(new String[] {code, esc(t.value())});
                out.add(new String[] {code + ":not", esc(t.value())});
                if (random.nextInt(10) == 0) {
                    out.add(new String[] {code + ":in", FixtureTerminology.VALUE_SET});
                    out.add(new String[] {code + ":not-in", FixtureTerminology.VALUE_SET});
                    out.add(new String[] {code + ":in", FixtureTerminology.FEW_SYSTEMS});
                    if (t.system() != null && !t.system().isEmpty()) {
                        out.add(new String[] {code + ":below", esc(t.system()) + "|" + esc(t.value())});
                        out.add(new String[] {code + ":above", esc(t.system()) + "|" + esc(t.value())});
                    }
                }
                out.add(new String[] {code, (t.system() == null ? "" : esc(t.system())) + "|" + esc(t.value())});
            }
            if (t.system() != null) {
                out.add(new String[] {code, esc(t.system()) + "|"});
            }
            if (t.normalizedText() != null && !t.normalizedText().isEmpty()) {
                out.add(new String[] {
                    code + ":text",
                    esc(t.text().substring(0, Math.min(4, t.text().length())))
                });
            }
            if (t.typeCode() != null && t.value() != null) {
                out.add(new String[] {
                    code + ":of-type",
                    (t.typeSystem() == null ? "" : esc(t.typeSystem())) + "|" + esc(t.typeCode()) + "|" + esc(t.value())
                });
            }
        } else if (entry instanceof DateEntry d) {
            Instant at = d.start() != null ? d.start() : d.end().minusMillis(1);
            DateTimeFormatter[] formats = {YEAR, MONTH, DAY, SECOND};
            for (DateTimeFormatter f : formats) {
                String text = f.format(at);
                for (String prefix : PREFIXES) {
                    if (random.nextInt(3) == 0 || prefix.equals("eq")) {
                        out.add(new String[] {code, prefix + text});
                    }
                }
            }
        } else if (entry instanceof NumberEntry n) {
            BigDecimal v = n.value() != null ? n.value() : n.low() != null ? n.low() : n.high();
            for (String prefix : PREFIXES) {
                out.add(new String[] {code, prefix + v.toPlainString()});
            }
            out.add(new String[] {code, v.setScale(Math.max(0, v.scale() + 1)).toPlainString()});
        } else if (entry instanceof QuantityEntry q) {
            BigDecimal v = q.value() != null ? q.value() : q.low() != null ? q.low() : q.high();
            String unit =
                    (q.system() == null ? "" : esc(q.system())) + "|" + (q.unitCode() == null ? "" : esc(q.unitCode()));
            for (String prefix : PREFIXES) {
                if (random.nextInt(2) == 0 || prefix.equals("eq")) {
                    out.add(new String[] {code, prefix + v.toPlainString() + "|" + unit});
                }
            }
            out.add(new String[] {code, v.toPlainString()});
            if (q.unitCode() != null) {
                out.add(new String[] {code, "gt" + v.toPlainString() + "||" + esc(q.unitCode())});
            }
            if ("http://unitsofmeasure.org".equals(q.system()) && "kg".equals(q.unitCode())) {
                out.add(new String[] {
                    code, "ge" + v.multiply(BigDecimal.valueOf(1000)).toPlainString() + "|http://unitsofmeasure.org|g"
                });
            }
            if ("http://unitsofmeasure.org".equals(q.system()) && "mg".equals(q.unitCode())) {
                out.add(new String[] {code, v.movePointLeft(3).toPlainString() + "|http://unitsofmeasure.org|g"});
            }
        } else if (entry instanceof ReferenceEntry r) {
            if (r.targetType() != null && r.id() != null && !r.contained()) {
                out.add(new String[] {code, esc(r.targetType() + "/" + r.id())});
                out.add(new String[] {code, esc(r.id())});
                out.add(new String[] {code + ":" + r.targetType(), esc(r.id())});
            }
            if (r.url() != null) {
                out.add(new String[] {code, esc(r.url())});
            }
            if (r.identifierValue() != null) {
                out.add(new String[] {
                    code + ":identifier",
                    (r.identifierSystem() == null ? "" : esc(r.identifierSystem())) + "|" + esc(r.identifierValue())
                });
            }
        } else if (entry instanceof UriEntry u) {
            out.add(new String[] {code, esc(u.uri())});
            int slash = u.uri().lastIndexOf('/');
            if (slash > 8) {
                out.add(new String[] {code + ":below", esc(u.uri().substring(0, slash))});
                out.add(new String[] {code + ":below", esc(u.uri().substring(0, slash - 1))});
            }
            out.add(new String[] {code + ":above", esc(u.uri() + "/child/x")});
        }
        return out;
    }

    /** Plain values of a composite component. */
    private static List<String> values(IndexEntry component, Random random) {
        if (component instanceof TokenEntry t && t.value() != null) {
            return List.of((t.system() == null ? "" : esc(t.system()) + "|") + esc(t.value()));
        }
        if (component instanceof QuantityEntry q && q.value() != null) {
            String[] prefixes = {"", "gt", "lt", "ge"};
            return List.of(prefixes[random.nextInt(prefixes.length)] + q.value().toPlainString());
        }
        if (component instanceof DateEntry d && d.start() != null) {
            return List.of((random.nextBoolean() ? "" : "ge") + DAY.format(d.start()));
        }
        if (component instanceof StringEntry s) {
            return List.of(esc(s.exact()));
        }
        if (component instanceof ReferenceEntry r && r.targetType() != null && r.id() != null) {
            return List.of(esc(r.targetType() + "/" + r.id()));
        }
        return List.of();
    }
}
