package dev.polystore.core.terminology;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rewrites the terminology modifiers of token parameters into plain token criteria every engine executes, before a
 * search reaches the engine (and, for the reference matcher, before matching), wherever they occur: at the top level,
 * in chains, in {@code _has} and in per-type criteria.
 *
 * <ul>
 *   <li>{@code code:in=vs1,vs2} becomes {@code code=s|c,...}: every code of the ValueSets' expansions (R4 search.html:
 *       "tests whether the coding is in the specified value set"). A whole-system expansion entry becomes {@code
 *       system|}.
 *   <li>{@code code:not-in=vs} becomes {@code code:not=s|c,...}, so it follows this project's {@code :not}: resources
 *       with no coding in the value set, including resources without the element.
 *   <li>{@code code:below=s|c} becomes {@code code=s|c,s|d,...}: the code and every code it subsumes; {@code
 *       code:above=s|c} the code and every code subsuming it ("this includes the coding itself"). Both need a system
 *       and a code.
 *   <li>An empty expansion becomes {@link Criterion.Constant}: {@code :in} matches nothing, {@code :not-in} everything.
 * </ul>
 *
 * <p>The configured service is asked first; what it answers unknown the in-tenant one is asked (see {@link
 * TerminologyService}). A ValueSet neither knows is an {@link InvalidSearchException}, as is a rewritten criterion of
 * more than {@link ValueSetExpander#MAX_CODES} codes (an {@code UnsupportedCapabilityException}).
 */
public final class TerminologyRewriter {
    private final TerminologyService configured;
    private final TerminologyService inTenant;

    /**
     * @param configured the service configured on the store, or null for none
     * @param inTenant the service answering from the tenant's own resources
     */
    public TerminologyRewriter(TerminologyService configured, TerminologyService inTenant) {
        this.configured = configured;
        this.inTenant = Objects.requireNonNull(inTenant, "inTenant");
    }

    /** The search with its terminology criteria rewritten; the same instance when it has none. */
    public ResolvedSearch rewrite(TenantId tenant, ResolvedSearch search) {
        if (search.criteria().stream().noneMatch(TerminologyRewriter::needsRewrite)) {
            return search;
        }
        Run run = new Run(tenant);
        List<Criterion> criteria = new ArrayList<>();
        for (Criterion c : search.criteria()) {
            Criterion rewritten = run.rewrite(c);
            if (!(rewritten instanceof Criterion.Constant k && k.matches())) {
                criteria.add(rewritten);
            }
        }
        return search.withCriteria(criteria);
    }

    /** Whether the criterion holds a terminology modifier on a token parameter, at any depth. */
    public static boolean needsRewrite(Criterion c) {
        return Criterion.anyMatch(c, x -> x instanceof Criterion.Value v && isTerminology(v));
    }

    private static boolean isTerminology(Criterion.Value v) {
        if (v.parameter().type() != SearchParamType.TOKEN || v.modifier() == null) {
            return false;
        }
        return switch (v.modifier()) {
            case IN, NOT_IN, ABOVE, BELOW -> true;
            default -> false;
        };
    }

    /** One search's rewriting: answers are memoised for its duration. */
    private final class Run {
        private final TenantId tenant;
        private final Map<String, Set<Coding>> expansions = new HashMap<>();
        private final Map<Coding, Subsumption> subsumptions = new HashMap<>();

        Run(TenantId tenant) {
            this.tenant = tenant;
        }

        Criterion rewrite(Criterion c) {
            if (c instanceof Criterion.Value v && isTerminology(v)) {
                return value(v);
            }
            if (c instanceof Criterion.Chain chain && needsRewrite(chain)) {
                Map<String, Criterion> byTarget = new LinkedHashMap<>();
                chain.byTargetType().forEach((type, inner) -> byTarget.put(type, rewrite(inner)));
                return new Criterion.Chain(chain.parameter(), chain.typeHint(), byTarget);
            }
            if (c instanceof Criterion.Has has && needsRewrite(has)) {
                return new Criterion.Has(has.sourceType(), has.referenceParameter(), rewrite(has.inner()));
            }
            if (c instanceof Criterion.PerType perType && needsRewrite(perType)) {
                Map<String, Criterion> byType = new LinkedHashMap<>();
                perType.byType().forEach((type, inner) -> byType.put(type, rewrite(inner)));
                return new Criterion.PerType(byType);
            }
            if (c instanceof Criterion.Filter filter && needsRewrite(filter)) {
                return new Criterion.Filter(filter.expression(), rewrite(filter.criterion()));
            }
            if (c instanceof Criterion.And and && needsRewrite(and)) {
                return new Criterion.And(
                        and.criteria().stream().map(this::rewrite).toList());
            }
            if (c instanceof Criterion.Or or && needsRewrite(or)) {
                return new Criterion.Or(
                        or.criteria().stream().map(this::rewrite).toList());
            }
            if (c instanceof Criterion.Not not && needsRewrite(not)) {
                return new Criterion.Not(rewrite(not.criterion()));
            }
            return c;
        }

        private Criterion value(Criterion.Value v) {
            String name = v.parameter().code() + ":" + v.modifier().code();
            Set<Coding> codes = new LinkedHashSet<>();
            for (SearchValue value : v.values()) {
                switch (v.modifier()) {
                    case IN, NOT_IN -> codes.addAll(expansion(name, ((SearchValue.Uri) value).uri()));
                    case BELOW -> codes.addAll(subsumption(name, value).subsumed());
                    case ABOVE -> codes.addAll(subsumption(name, value).subsumers());
                    default -> throw new IllegalStateException(name);
                }
                ValueSetExpander.limit(codes.size());
            }
            boolean not = v.modifier() == SearchModifier.NOT_IN;
            if (codes.isEmpty()) {
                return new Criterion.Constant(not);
            }
            List<SearchValue> tokens = new ArrayList<>(codes.size());
            for (Coding coding : codes) {
                tokens.add(new SearchValue.Token(coding.system(), coding.code()));
            }
            return new Criterion.Value(v.parameter(), not ? SearchModifier.NOT : null, null, tokens);
        }

        private Set<Coding> expansion(String name, String canonical) {
            Set<Coding> known = expansions.get(canonical);
            if (known != null) {
                return known;
            }
            ValueSetExpansion e = configured == null ? null : configured.expand(tenant, canonical);
            if (e == null || !e.known()) {
                e = inTenant.expand(tenant, canonical);
            }
            if (!e.known()) {
                throw new InvalidSearchException("Parameter '" + name + "': unknown ValueSet '" + canonical
                        + "' (not stored in this tenant and not known to the terminology service)");
            }
            expansions.put(canonical, e.codes());
            return e.codes();
        }

        private Subsumption subsumption(String name, SearchValue value) {
            if (!(value instanceof SearchValue.Token t)
                    || t.system() == null
                    || t.system().isEmpty()
                    || t.code() == null) {
                throw new InvalidSearchException("Parameter '" + name + "' needs values of the form system|code");
            }
            Coding concept = Coding.of(t.system(), t.code());
            Subsumption known = subsumptions.get(concept);
            if (known != null) {
                return known;
            }
            Subsumption s = configured == null ? null : configured.subsumption(tenant, concept);
            if (s == null || !s.known()) {
                s = inTenant.subsumption(tenant, concept);
            }
            if (!s.known()) {
                // a code system nobody knows has no hierarchy: the code subsumes and is subsumed by itself only
                s = Subsumption.of(concept, Set.of(), Set.of());
            }
            subsumptions.put(concept, s);
            return s;
        }
    }
}
