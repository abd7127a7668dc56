package dev.polystore.core.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import dev.polystore.core.search.SearchValue;
import dev.polystore.core.search.match.IndexMatcher;
import dev.polystore.core.search.match.MatchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rewriting of :in :not-in :above :below into plain token criteria, and what the reference matcher makes of them. */
class TerminologyRewriterTest {
    static final TenantId TENANT = TenantId.of("t1");
    static final SearchQueryResolver RESOLVER = new SearchQueryResolver(SearchParameterRegistry.of(FhirVersion.R4));
    static final ResourceIndexer INDEXER = ResourceIndexer.forVersion(FhirVersion.R4);
    static final IndexMatcher MATCHER = new IndexMatcher(Clock.systemUTC(), List.of());
    static final String CS = ValueSetExpanderTest.CS;

    /** Answers from in-memory resources with the in-tenant logic, standing for the tenant's stored resources. */
    static final class LocalService implements TerminologyService {
        final MapSource source;

        LocalService(MapSource source) {
            this.source = source;
        }

        @Override
        public ValueSetExpansion expand(TenantId tenant, String canonical) {
            return new ValueSetExpander(source)
                    .expand(canonical)
                    .map(codes -> ValueSetExpansion.of(canonical, codes))
                    .orElseGet(() -> ValueSetExpansion.unknown(canonical));
        }

        @Override
        public Subsumption subsumption(TenantId tenant, Coding concept) {
            return TenantTerminology.subsumption(new ValueSetExpander(source), concept);
        }
    }

    static final MapSource SOURCE = new MapSource()
            .add(ValueSetExpanderTest.CODE_SYSTEM)
            .add(ValueSetExpanderTest.valueSet(
                    "http://x/infections", ValueSetExpanderTest.filter("concept", "is-a", "infection")))
            .add(ValueSetExpanderTest.valueSet(
                    "http://x/empty",
                    "{\"include\":[{\"system\":\"" + CS + "\",\"concept\":[{\"code\":\"a\"}]}],\"exclude\":"
                            + "[{\"system\":\"" + CS + "\",\"concept\":[{\"code\":\"a\"}]}]}"));
    static final TerminologyRewriter LOCAL = new TerminologyRewriter(null, new LocalService(SOURCE));

    static ResolvedSearch resolve(String query) {
        return RESOLVER.resolve(SearchQuery.parse(query));
    }

    static Criterion only(ResolvedSearch search) {
        assertThat(search.criteria()).hasSize(1);
        return search.criteria().get(0);
    }

    static JsonNode condition(String id, String system, String code) {
        String coding = code == null
                ? ""
                : ",\"code\":{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\"}]}";
        try {
            return FhirJson.TRUSTED.readTree("{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"subject\":"
                    + "{\"reference\":\"Patient/p\"}" + coding + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<JsonNode> CONDITIONS = List.of(
            condition("viral", CS, "viral"),
            condition("infection", CS, "infection"),
            condition("disorder", CS, "disorder"),
            condition("fracture", CS, "fracture"),
            condition("other-system", "http://other", "viral"),
            condition("no-code", null, null));

    /** The ids of CONDITIONS the reference matcher finds for the rewritten query. */
    static Set<String> matching(TerminologyRewriter rewriter, String query) {
        ResolvedSearch rewritten = rewriter.rewrite(TENANT, resolve(query));
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode c : CONDITIONS) {
            MatchResult r = MATCHER.evaluateAll(
                    "Condition", rewritten.criteria(), INDEXER.index(c).entries());
            assertThat(r).as(query).isNotEqualTo(MatchResult.UNDECIDABLE);
            if (r == MatchResult.MATCH) {
                ids.add(c.path("id").asText());
            }
        }
        return ids;
    }

    @Test
    void searchesWithoutTerminologyModifiersAreLeftAsTheyAre() {
        ResolvedSearch search = resolve("Condition?code=http://x/cs|uti&code:not=a");
        assertThat(LOCAL.rewrite(TENANT, search)).isSameAs(search);
    }

    @Test
    void inBecomesAnOrListOfTokensTheMatcherDecides() {
        Criterion.Value v =
                (Criterion.Value) only(LOCAL.rewrite(TENANT, resolve("Condition?code:in=http://x/infections")));
        assertThat(v.modifier()).isNull();
        assertThat(v.values())
                .containsExactlyInAnyOrder(
                        new SearchValue.Token(CS, "infection"),
                        new SearchValue.Token(CS, "pneumonia"),
                        new SearchValue.Token(CS, "viral"),
                        new SearchValue.Token(CS, "uti"));
        assertThat(matching(LOCAL, "Condition?code:in=http://x/infections")).containsExactly("viral", "infection");
    }

    @Test
    void notInBecomesNotAndMatchesResourcesWithoutTheElement() {
        Criterion.Value v =
                (Criterion.Value) only(LOCAL.rewrite(TENANT, resolve("Condition?code:not-in=http://x/infections")));
        assertThat(v.modifier()).isEqualTo(SearchModifier.NOT);
        assertThat(matching(LOCAL, "Condition?code:not-in=http://x/infections"))
                .containsExactly("disorder", "fracture", "other-system", "no-code");
    }

    @Test
    void emptyExpansionsBecomeConstants() {
        assertThat(only(LOCAL.rewrite(TENANT, resolve("Condition?code:in=http://x/empty"))))
                .isEqualTo(new Criterion.Constant(false));
        assertThat(matching(LOCAL, "Condition?code:in=http://x/empty")).isEmpty();
        // :not-in an empty value set holds for every resource: dropped at the top level
        assertThat(LOCAL.rewrite(TENANT, resolve("Condition?code:not-in=http://x/empty"))
                        .criteria())
                .isEmpty();
        ResolvedSearch chained =
                LOCAL.rewrite(TENANT, resolve("Encounter?diagnosis:Condition.code:not-in=http://x/empty"));
        Criterion.Chain chain = (Criterion.Chain) only(chained);
        assertThat(chain.byTargetType().get("Condition")).isEqualTo(new Criterion.Constant(true));
    }

    @Test
    void belowAndAboveIncludeTheCodeItself() {
        assertThat(matching(LOCAL, "Condition?code:below=http://x/cs|infection"))
                .containsExactly("viral", "infection");
        assertThat(matching(LOCAL, "Condition?code:above=http://x/cs|viral"))
                .containsExactly("viral", "infection", "disorder");
        // unknown code system: the code only
        assertThat(matching(LOCAL, "Condition?code:below=http://other|viral")).containsExactly("other-system");
    }

    @Test
    void belowAndAboveNeedSystemAndCode() {
        for (String value : List.of("viral", "|viral", "http://x/cs|")) {
            assertThatThrownBy(() -> LOCAL.rewrite(TENANT, resolve("Condition?code:below=" + value)))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("code:below");
        }
    }

    @Test
    void criteriaInsideChainsHasAndPerTypeAreRewritten() {
        for (String query : List.of(
                "Encounter?diagnosis:Condition.code:in=http://x/infections",
                "Patient?_has:Condition:subject:code:below=http://x/cs|infection",
                "Patient?_has:Observation:subject:_has:Condition:evidence-detail:code:not-in=http://x/infections",
                "?_type=Condition,Observation&code:in=http://x/infections")) {
            ResolvedSearch rewritten = LOCAL.rewrite(TENANT, resolve(query));
            assertThat(rewritten.criteria()).as(query).noneMatch(TerminologyRewriter::needsRewrite);
            assertThat(rewritten.selfUrl()).isEqualTo(resolve(query).selfUrl());
        }
        assertThat(TerminologyRewriter.needsRewrite(
                        only(resolve("?_type=Condition,Observation&code:in=http://x/infections"))))
                .isTrue();
    }

    @Test
    void unknownValueSetsAreInvalidSearches() {
        assertThatThrownBy(() -> LOCAL.rewrite(TENANT, resolve("Condition?code:in=http://x/nowhere")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("code:in")
                .hasMessageContaining("http://x/nowhere");
    }

    /** Stands for a remote server that knows one value set and one hierarchy. */
    static final class Remote implements TerminologyService {
        final List<String> asked = new ArrayList<>();

        @Override
        public ValueSetExpansion expand(TenantId tenant, String canonical) {
            asked.add(canonical);
            return canonical.equals("http://remote/vs")
                    ? ValueSetExpansion.of(
                            canonical, Set.of(Coding.of(CS, "fracture"), Coding.anyCodeOf("http://other")))
                    : ValueSetExpansion.unknown(canonical);
        }

        @Override
        public Subsumption subsumption(TenantId tenant, Coding concept) {
            asked.add(concept.toString());
            return concept.equals(Coding.of(CS, "fracture"))
                    ? Subsumption.of(concept, Set.of(Coding.of(CS, "viral")), Set.of())
                    : Subsumption.unknown(concept);
        }
    }

    @Test
    void theConfiguredServiceIsAskedFirstAndTheTenantForWhatItDoesNotKnow() {
        Remote remote = new Remote();
        TerminologyRewriter layered = new TerminologyRewriter(remote, new LocalService(SOURCE));
        assertThat(matching(layered, "Condition?code:in=http://remote/vs")).containsExactly("fracture", "other-system");
        assertThat(matching(layered, "Condition?code:in=http://x/infections")).containsExactly("viral", "infection");
        assertThat(matching(layered, "Condition?code:below=http://x/cs|fracture"))
                .containsExactly("viral", "fracture");
        assertThat(matching(layered, "Condition?code:below=http://x/cs|infection"))
                .containsExactly("viral", "infection");
        assertThat(remote.asked)
                .containsExactly("http://remote/vs", "http://x/infections", CS + "|fracture", CS + "|infection");
    }

    @Test
    void anOrListPastTheLimitIsRefused() {
        TerminologyService big = new TerminologyService() {
            @Override
            public ValueSetExpansion expand(TenantId tenant, String canonical) {
                Set<Coding> codes = new LinkedHashSet<>();
                for (int i = 0; i < 15_000; i++) {
                    codes.add(Coding.of(canonical, "c" + i));
                }
                return ValueSetExpansion.of(canonical, codes);
            }

            @Override
            public Subsumption subsumption(TenantId tenant, Coding concept) {
                return Subsumption.unknown(concept);
            }
        };
        TerminologyRewriter rewriter = new TerminologyRewriter(big, new LocalService(SOURCE));
        assertThat(only(rewriter.rewrite(TENANT, resolve("Condition?code:in=http://a"))))
                .isInstanceOf(Criterion.Value.class);
        assertThatThrownBy(() -> rewriter.rewrite(TENANT, resolve("Condition?code:in=http://a,http://b")))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("20000");
    }
}
