package dev.polystore.core.search.match;

import dev.polystore.api.search.SearchModifier;
import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.StringNormalizer;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UcumCanonicalizer;
import dev.polystore.core.index.UriEntry;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.SearchValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference implementation of FHIR search matching (R4 search.html): whether the index entries of one resource
 * satisfy one resolved {@link Criterion}. It is the executable specification every backend's native query is checked
 * against, and a post-filter where an engine lacks a feature. Pure and thread-safe.
 *
 * <p>The answer is three-valued ({@link MatchResult}). {@link Criterion.Value} and {@link Criterion.Missing} are decided
 * from the entries alone, except the modifiers that need a terminology server ({@code :above :below :in :not-in} on
 * tokens, {@code :code-text}, {@code :text-advanced}), a full-text engine ({@code :text} on strings) or a hierarchy
 * ({@code :above :below} on references), which give {@link MatchResult#UNDECIDABLE}, as do parameters of type special.
 * The terminology modifiers are decided after {@code core.terminology.TerminologyRewriter} has turned them into plain
 * token criteria (and {@link Criterion.Constant}s), the same criteria the store hands to its engine.
 * {@link Criterion.FullText} is decided from the full-text entries ({@code FullTextMatching}). {@link Criterion.Chain},
 * {@link Criterion.Has}, {@link Criterion.Compartment} and {@link Criterion.InList} need other resources or engines: {@link MatchResult#UNDECIDABLE}. {@link Criterion.And}, {@link
 * Criterion.Or} and {@link Criterion.Not} (the parts of a {@link Criterion.Filter}) combine their operands with the
 * three-valued {@link MatchResult#and}, {@link MatchResult#or} and {@link MatchResult#not}.
 *
 * <p>The matching rules, each resting on R4 search.html, are documented on the private methods that implement them and
 * summarized in the package documentation; the main ones:
 *
 * <ul>
 *   <li>the values of one criterion are ORed; a resource matches when <em>one</em> of its entries matches one value,
 *       except token {@code :not}, which matches when <em>no</em> entry matches any value (resources without the
 *       element included);
 *   <li>dates are ranges: the search value {@code [s, e)} and the entry {@code [ts, te)} (null = unbounded), compared
 *       with the R4 range rules ({@code eq}: contains; {@code gt}/{@code lt}: the range above/below overlaps; ...);
 *   <li>numbers and quantities: {@code eq}/{@code ne} use the search value's implicit precision range, {@code gt lt ge
 *       le} the exact value, {@code sa}/{@code eb} the precision range's far ends;
 *   <li>{@code ap}: 10% of the value (numbers, quantities) or of the gap between the value and now (dates), never less
 *       than the value's own precision range;
 *   <li>{@code _filter}'s own matches: {@link SearchValue.StringEnd} ({@code ew}, normalized like the default string
 *       match) and {@link SearchValue.DateOverlap} ({@code po}, the entry's range shares an instant with the value's).
 * </ul>
 *
 * @since 0.1
 */
public final class IndexMatcher {

    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");

    private final Clock clock;
    private final List<String> serverBases;

    /**
     * A matcher.
     *
     * @param clock "now", for the {@code ap} tolerance of dates
     * @param serverBases the base URLs of this server ({@code https://example.org/fhir}): absolute references below
     *     them are the same as the relative {@code Type/id}; may be empty
     */
    public IndexMatcher(Clock clock, List<String> serverBases) {
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> bases = new ArrayList<>();
        for (String base : serverBases) {
            bases.add(base.endsWith("/") ? base : base + "/");
        }
        this.serverBases = List.copyOf(bases);
    }

    /** A matcher on the system clock without server bases (every absolute reference is external). */
    public static IndexMatcher standard() {
        return new IndexMatcher(Clock.systemUTC(), List.of());
    }

    /**
     * Whether the entries satisfy the criterion: true only for {@link MatchResult#MATCH}. Callers that must tell a
     * non-match from an undecidable criterion use {@link #evaluate(Criterion, List)}.
     *
     * @param criterion the criterion
     * @param entries the index entries of one resource (of all its parameters, or only of the criterion's)
     */
    public boolean matches(Criterion criterion, List<IndexEntry> entries) {
        return evaluate(criterion, entries) == MatchResult.MATCH;
    }

    /** {@link #evaluate(String, Criterion, List)} without the resource type ({@link Criterion.PerType} then decides only when all its types agree). */
    public MatchResult evaluate(Criterion criterion, List<IndexEntry> entries) {
        return evaluate(null, criterion, entries);
    }

    /**
     * Evaluates one criterion on the index entries of one resource.
     *
     * @param resourceType the resource's type (picks the branch of a {@link Criterion.PerType}), or null
     * @param criterion the criterion
     * @param entries the index entries of the resource (entries of other parameters are ignored)
     */
    public MatchResult evaluate(String resourceType, Criterion criterion, List<IndexEntry> entries) {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(entries, "entries");
        if (criterion instanceof Criterion.Value value) {
            return value(value, of(value.parameter().code(), entries));
        }
        if (criterion instanceof Criterion.Missing missing) {
            // R4 3.1.1.5.1 :missing: "=true returns all resources that don't have a value for the field, =false
            // returns all resources that do".
            boolean absent = of(missing.parameter().code(), entries).isEmpty();
            return MatchResult.of(absent == missing.missing());
        }
        if (criterion instanceof Criterion.Constant constant) {
            return MatchResult.of(constant.matches());
        }
        if (criterion instanceof Criterion.PerType perType) {
            if (resourceType != null) {
                Criterion inner = perType.byType().get(resourceType);
                return inner == null ? MatchResult.UNDECIDABLE : evaluate(resourceType, inner, entries);
            }
            MatchResult agreed = null;
            for (Criterion inner : perType.byType().values()) {
                MatchResult r = evaluate(null, inner, entries);
                if (agreed != null && agreed != r) {
                    return MatchResult.UNDECIDABLE;
                }
                agreed = r;
            }
            return agreed == null ? MatchResult.UNDECIDABLE : agreed;
        }
        if (criterion instanceof Criterion.FullText fullText) {
            return FullTextMatching.evaluate(fullText, entries);
        }
        if (criterion instanceof Criterion.Filter filter) {
            return evaluate(resourceType, filter.criterion(), entries);
        }
        if (criterion instanceof Criterion.And and) {
            return evaluateAll(resourceType, and.criteria(), entries);
        }
        if (criterion instanceof Criterion.Or or) {
            MatchResult result = MatchResult.NO_MATCH;
            for (Criterion c : or.criteria()) {
                result = result.or(evaluate(resourceType, c, entries));
                if (result == MatchResult.MATCH) {
                    return result;
                }
            }
            return result;
        }
        if (criterion instanceof Criterion.Not not) {
            return evaluate(resourceType, not.criterion(), entries).not();
        }
        // Chain, Has, Compartment, InList: other resources or engines are needed.
        return MatchResult.UNDECIDABLE;
    }

    /** The criteria ANDed (R4 3.1.1.5: repeated parameters and distinct parameters are ANDed). */
    public MatchResult evaluateAll(String resourceType, List<Criterion> criteria, List<IndexEntry> entries) {
        MatchResult result = MatchResult.MATCH;
        for (Criterion c : criteria) {
            result = result.and(evaluate(resourceType, c, entries));
            if (result == MatchResult.NO_MATCH) {
                return result;
            }
        }
        return result;
    }

    private static List<IndexEntry> of(String code, List<IndexEntry> entries) {
        List<IndexEntry> result = new ArrayList<>();
        for (IndexEntry e : entries) {
            if (e.code().equals(code)) {
                result.add(e);
            }
        }
        return result;
    }

    private MatchResult value(Criterion.Value criterion, List<IndexEntry> entries) {
        SearchModifier modifier = criterion.modifier();
        if (modifier == SearchModifier.NOT) {
            // R4 token :not: "the search parameter returns resources that do not contain a match", which includes
            // resources without a value for the element. With an OR-list: no entry matches any of the values.
            MatchResult any = MatchResult.NO_MATCH;
            for (SearchValue v : criterion.values()) {
                any = any.or(anyEntry(v, null, criterion.typeHint(), entries));
            }
            return any.not();
        }
        MatchResult result = MatchResult.NO_MATCH;
        for (SearchValue v : criterion.values()) {
            result = result.or(anyEntry(v, modifier, criterion.typeHint(), entries));
            if (result == MatchResult.MATCH) {
                return result;
            }
        }
        return result;
    }

    private MatchResult anyEntry(
            SearchValue value, SearchModifier modifier, String typeHint, List<IndexEntry> entries) {
        if (undecidable(value, modifier)) {
            return MatchResult.UNDECIDABLE;
        }
        MatchResult result = MatchResult.NO_MATCH;
        for (IndexEntry e : entries) {
            result = result.or(entry(value, modifier, typeHint, e));
            if (result == MatchResult.MATCH) {
                return result;
            }
        }
        return result;
    }

    /** Modifiers and values that cannot be decided from the entries of the resource alone. */
    private static boolean undecidable(SearchValue value, SearchModifier modifier) {
        if (value instanceof SearchValue.Special) {
            return true;
        }
        if (modifier == null) {
            return false;
        }
        return switch (modifier) {
            case ABOVE, BELOW -> !(value instanceof SearchValue.Uri);
            case IN, NOT_IN, CODE_TEXT, TEXT_ADVANCED, MISSING -> true;
            case TEXT -> value instanceof SearchValue.StringValue;
            case EXACT, CONTAINS -> !(value instanceof SearchValue.StringValue);
            case NOT, OF_TYPE, IDENTIFIER -> false;
        };
    }

    /** One value against one entry. */
    MatchResult entry(SearchValue value, SearchModifier modifier, String typeHint, IndexEntry entry) {
        if (value instanceof SearchValue.StringValue s && entry instanceof StringEntry e) {
            return MatchResult.of(string(s.value(), modifier, e));
        }
        if (value instanceof SearchValue.StringEnd s && entry instanceof StringEntry e) {
            // _filter ew: "an item in the set ends with this value", normalized as the default string match
            return MatchResult.of(e.normalized().endsWith(StringNormalizer.normalize(s.value())));
        }
        if (value instanceof SearchValue.Token t && entry instanceof TokenEntry e) {
            return MatchResult.of(token(t.system(), t.code(), e.system(), e.value()));
        }
        if (value instanceof SearchValue.Token t && entry instanceof ReferenceEntry e) {
            // reference :identifier: "the search parameter applies to the identifier on the resource, not the
            // reference" (search-modifier-code identifier), matched as a token system|value.
            return MatchResult.of(modifier == SearchModifier.IDENTIFIER
                    && e.identifierValue() != null
                    && token(t.system(), t.code(), e.identifierSystem(), e.identifierValue()));
        }
        if (value instanceof SearchValue.OfType t && entry instanceof TokenEntry e) {
            return MatchResult.of(ofType(t, e));
        }
        if (value instanceof SearchValue.Text t && entry instanceof TokenEntry e) {
            return MatchResult.of(startsWith(e.normalizedText(), t.text()));
        }
        if (value instanceof SearchValue.Text t && entry instanceof ReferenceEntry e) {
            return MatchResult.of(startsWith(e.normalizedDisplay(), t.text()));
        }
        if (value instanceof SearchValue.Date d && entry instanceof DateEntry e) {
            return MatchResult.of(date(d, e.start(), e.end()));
        }
        if (value instanceof SearchValue.DateOverlap o && entry instanceof DateEntry e) {
            // _filter po: "a (implied) date period in the set overlaps with the implied period in the value"
            return MatchResult.of(
                    (e.start() == null || e.start().isBefore(o.period().end()))
                            && (e.end() == null || e.end().isAfter(o.period().start())));
        }
        if (value instanceof SearchValue.Number n && entry instanceof NumberEntry e) {
            return MatchResult.of(number(n, Target.of(e.value(), e.low(), e.high())));
        }
        if (value instanceof SearchValue.Quantity q && entry instanceof QuantityEntry e) {
            return MatchResult.of(quantity(q, e));
        }
        if (value instanceof SearchValue.Reference r && entry instanceof ReferenceEntry e) {
            return MatchResult.of(reference(r, typeHint, e));
        }
        if (value instanceof SearchValue.Uri u && entry instanceof UriEntry e) {
            return MatchResult.of(uri(u.uri(), modifier, e));
        }
        if (value instanceof SearchValue.Uri u && entry instanceof ReferenceEntry e) {
            // a uri value compared with a canonical/absolute reference entry: as a uri
            return MatchResult.of(
                    e.url() != null && uri(u.uri(), modifier, new UriEntry(e.code(), e.url(), e.version())));
        }
        if (value instanceof SearchValue.Composite c && entry instanceof CompositeEntry e) {
            return composite(c, e);
        }
        return MatchResult.NO_MATCH;
    }

    // ---------------------------------------------------------------- string

    /**
     * R4 string: "By default, a field matches a string query if the value of the field equals or starts with the
     * supplied parameter value, after both have been normalized by case and accent"; {@code :contains} "the supplied
     * parameter value anywhere within the field"; {@code :exact} "the search parameter value exactly matches ... the
     * whole string, including casing and accents".
     */
    private static boolean string(String value, SearchModifier modifier, StringEntry e) {
        if (modifier == SearchModifier.EXACT) {
            return e.exact().equals(value);
        }
        String normalized = StringNormalizer.normalize(value);
        if (modifier == SearchModifier.CONTAINS) {
            return e.normalized().contains(normalized);
        }
        return e.normalized().startsWith(normalized);
    }

    private static boolean startsWith(String normalizedField, String value) {
        return normalizedField != null && normalizedField.startsWith(StringNormalizer.normalize(value));
    }

    // ----------------------------------------------------------------- token

    /**
     * R4 token: {@code [code]} "the value of [code] matches a Coding.code or Identifier.value irrespective of the value
     * of the system property"; {@code [system]|[code]} both match; {@code |[code]} "the Coding/Identifier has no system
     * property"; {@code [system]|} "any element where the value of [system] matches the system property". Codes and
     * systems are compared case-sensitively. An entry without a system (including a {@code code} element, whose system
     * is implied by its binding and absent from the JSON) does not match {@code system|code} nor {@code system|}.
     */
    private static boolean token(String system, String code, String entrySystem, String entryValue) {
        if (system == null) {
            return entryValue != null && entryValue.equals(code);
        }
        if (system.isEmpty()) {
            return entrySystem == null && entryValue != null && entryValue.equals(code);
        }
        if (!system.equals(entrySystem)) {
            return false;
        }
        return code == null || code.equals(entryValue);
    }

    /**
     * R4 {@code :of-type}: "the format system|code|value, where the system and code refer to an
     * Identifier.type.coding.system and .code, and match if any of the type codes match. All 3 parts must be present".
     */
    private static boolean ofType(SearchValue.OfType t, TokenEntry e) {
        if (e.typeCode() == null || e.value() == null) {
            return false;
        }
        String typeSystem = t.typeSystem().isEmpty() ? null : t.typeSystem();
        return Objects.equals(typeSystem, e.typeSystem())
                && t.typeCode().equals(e.typeCode())
                && t.value().equals(e.value());
    }

    // ------------------------------------------------------------------ date

    /**
     * R4 date, search value range {@code [s, e)}, target {@code [ts, te)} (null = unbounded): eq "the range of the search
     * value fully contains the range of the target value"; ne "does not fully contain"; gt "the range above the search
     * value intersects (i.e. overlaps) with the range of the target value" ({@code te > e}); lt "the range below the
     * search value intersects" ({@code ts < s}); ge/le: gt/lt "or the range of the search value fully contains the
     * range of the target value"; sa "does not overlap ..., and the range above the search value contains the range of
     * the target value" ({@code ts >= e}); eb likewise below ({@code te <= s}); ap: the search range widened by 10% of
     * the gap between its start and now on each side overlaps the target.
     */
    private boolean date(SearchValue.Date d, Instant ts, Instant te) {
        Instant s = d.start();
        Instant e = d.end();
        boolean eq = ts != null && te != null && !ts.isBefore(s) && !te.isAfter(e);
        return switch (d.prefix()) {
            case EQ -> eq;
            case NE -> !eq;
            case GT -> te == null || te.isAfter(e);
            case LT -> ts == null || ts.isBefore(s);
            case GE -> te == null || te.isAfter(e) || eq;
            case LE -> ts == null || ts.isBefore(s) || eq;
            case SA -> ts != null && !ts.isBefore(e);
            case EB -> te != null && !te.isAfter(s);
            case AP -> {
                Duration gap = Duration.between(s, clock.instant()).abs();
                Duration tolerance = gap.dividedBy(10);
                Instant low = s.minus(tolerance);
                Instant high = e.plus(tolerance);
                yield (ts == null || ts.isBefore(high)) && (te == null || te.isAfter(low));
            }
        };
    }

    // ---------------------------------------------------------------- number

    /**
     * What an entry offers for numeric comparison: a point (a value with no comparator: its own precision is not used,
     * R4 "the implicit precision of the search value" is what counts) or a range {@code [low, high)} (a Range, or a
     * Quantity with a comparator), null sides unbounded.
     */
    record Target(BigDecimal point, BigDecimal low, BigDecimal high) {
        static Target of(BigDecimal value, BigDecimal low, BigDecimal high) {
            if (value != null && low != null && high != null) {
                return new Target(value, null, null);
            }
            return new Target(null, low, high);
        }
    }

    /**
     * R4 number: "[parameter]=100: values that equal 100, to 3 significant figures precision, so this is actually
     * searching for values in the range [99.5 ... 100.5)"; "lt100: values that are less than exactly 100" (likewise
     * le, gt, ge); "ne100: values that are not equal to 100 (actually, in the range 99.5 to 100.5)". A range target
     * follows the prefix table's range rules (eq: contained in the search range; gt: the part above the exact value
     * overlaps; ...). sa/eb: the target lies wholly at or above the search range's high / below its low. ap: the
     * search range widened to the value ± 10% of it.
     */
    private static boolean number(SearchValue.Number n, Target t) {
        BigDecimal v = n.value();
        BigDecimal low = n.low();
        BigDecimal high = n.high();
        if (t.point() != null) {
            BigDecimal x = t.point();
            boolean eq = x.compareTo(low) >= 0 && x.compareTo(high) < 0;
            return switch (n.prefix()) {
                case EQ -> eq;
                case NE -> !eq;
                case GT -> x.compareTo(v) > 0;
                case LT -> x.compareTo(v) < 0;
                case GE -> x.compareTo(v) >= 0;
                case LE -> x.compareTo(v) <= 0;
                case SA -> x.compareTo(high) >= 0;
                case EB -> x.compareTo(low) < 0;
                case AP -> {
                    BigDecimal[] ap = approximately(n);
                    yield x.compareTo(ap[0]) >= 0 && x.compareTo(ap[1]) <= 0;
                }
            };
        }
        BigDecimal tl = t.low();
        BigDecimal th = t.high();
        boolean eq = tl != null && th != null && tl.compareTo(low) >= 0 && th.compareTo(high) <= 0;
        return switch (n.prefix()) {
            case EQ -> eq;
            case NE -> !eq;
            case GT -> th == null || th.compareTo(v) > 0;
            case LT -> tl == null || tl.compareTo(v) < 0;
            case GE -> th == null || th.compareTo(v) > 0 || eq;
            case LE -> tl == null || tl.compareTo(v) <= 0 || eq;
            case SA -> tl != null && tl.compareTo(high) >= 0;
            case EB -> th != null && th.compareTo(low) <= 0;
            case AP -> {
                BigDecimal[] ap = approximately(n);
                yield (tl == null || tl.compareTo(ap[1]) <= 0) && (th == null || th.compareTo(ap[0]) > 0);
            }
        };
    }

    /** The closed interval {@code ap} accepts: value ± 10% of |value|, at least the precision range. */
    private static BigDecimal[] approximately(SearchValue.Number n) {
        BigDecimal tolerance = n.value().abs().multiply(TEN_PERCENT);
        BigDecimal low = n.value().subtract(tolerance).min(n.low());
        BigDecimal high = n.value().add(tolerance).max(n.high());
        return new BigDecimal[] {low, high};
    }

    // -------------------------------------------------------------- quantity

    /**
     * R4 quantity: {@code number|system|code} "the system and code ... match"; {@code number||code} "the unit ... no
     * system: matches any quantity whose code or unit matches"; {@code number} alone "any quantity regardless of
     * units". When the system is UCUM and both the search unit and the entry convert to the same canonical unit, the
     * canonical values are compared ("servers ... may ... perform unit conversion ... to canonical UCUM").
     */
    private static boolean quantity(SearchValue.Quantity q, QuantityEntry e) {
        String system = q.system() == null || q.system().isEmpty() ? null : q.system();
        String code = q.code() == null || q.code().isEmpty() ? null : q.code();
        SearchValue.Number n = q.number();
        if (system != null && code != null && UcumCanonicalizer.UCUM_SYSTEM.equals(system) && e.hasCanonical()) {
            Optional<SearchValue.Number> canonical = canonical(n, code, e.canonicalUnit());
            if (canonical.isPresent()) {
                return number(canonical.get(), Target.of(e.canonicalValue(), e.canonicalLow(), e.canonicalHigh()));
            }
        }
        if (system != null && !system.equals(e.system())) {
            return false;
        }
        if (code != null) {
            boolean unitOk =
                    system != null ? code.equals(e.unitCode()) : code.equals(e.unitCode()) || code.equals(e.unit());
            if (!unitOk) {
                return false;
            }
        }
        return number(n, Target.of(e.value(), e.low(), e.high()));
    }

    private static Optional<SearchValue.Number> canonical(SearchValue.Number n, String code, String unit) {
        UcumCanonicalizer ucum = UcumCanonicalizer.get();
        Optional<UcumCanonicalizer.Canonical> v = ucum.canonicalize(n.value(), code);
        if (v.isEmpty() || !v.get().unit().equals(unit)) {
            return Optional.empty();
        }
        Optional<UcumCanonicalizer.Canonical> low = ucum.canonicalize(n.low(), code);
        Optional<UcumCanonicalizer.Canonical> high = ucum.canonicalize(n.high(), code);
        if (low.isEmpty() || high.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SearchValue.Number(
                n.prefix(), v.get().value(), low.get().value(), high.get().value()));
    }

    // ------------------------------------------------------------- reference

    /**
     * R4 reference: {@code [type]/[id]} and {@code [id]} (with the type from the {@code :[type]} modifier, else any
     * type) match the logical id, the version being ignored; an absolute URL matches the same URL, or, when it is below
     * one of this server's bases, the relative {@code Type/id} it stands for; a canonical {@code url|version} matches
     * that version, {@code url} alone any version. References to contained resources ({@code #id}) never match: they
     * are local to the resource and have no identity to search for.
     */
    private boolean reference(SearchValue.Reference r, String typeHint, ReferenceEntry e) {
        if (e.contained()) {
            return false;
        }
        if (r.url() != null && r.canonicalVersion() != null) {
            return r.url().equals(e.url()) && r.canonicalVersion().equals(e.version());
        }
        boolean localQuery = r.url() == null || isLocal(r.url());
        if (!localQuery) {
            return e.url() != null && withoutHistory(r.url()).equals(withoutHistory(e.url()));
        }
        if (r.id() == null) {
            return false;
        }
        if (e.url() != null && !isLocal(e.url())) {
            return false;
        }
        if (!r.id().equals(e.id())) {
            return false;
        }
        String type = r.type() != null ? r.type() : typeHint;
        return type == null || type.equals(e.targetType());
    }

    private boolean isLocal(String url) {
        for (String base : serverBases) {
            if (url.startsWith(base)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutHistory(String url) {
        int h = url.indexOf("/_history/");
        return h < 0 ? url : url.substring(0, h);
    }

    // ------------------------------------------------------------------- uri

    /**
     * R4 uri: exact match ("the search parameter value must match the target value exactly"); {@code :below}: the
     * target starts with the value on a path boundary; {@code :above}: the value starts with the target on a path
     * boundary. "The :above and :below modifiers only apply to URLs, not URNs": for a {@code urn:} value they match
     * only the identical uri. A value {@code url|version} matches that canonical version; {@code url} any version.
     */
    private static boolean uri(String value, SearchModifier modifier, UriEntry e) {
        String url = value;
        String version = null;
        int bar = value.indexOf('|');
        if (bar >= 0) {
            url = value.substring(0, bar);
            version = value.substring(bar + 1);
        }
        if (version != null && !version.equals(e.version())) {
            return false;
        }
        boolean urn = url.toLowerCase(Locale.ROOT).startsWith("urn:");
        if (modifier == SearchModifier.BELOW && !urn) {
            return pathPrefix(url, e.uri());
        }
        if (modifier == SearchModifier.ABOVE && !urn) {
            return pathPrefix(e.uri(), url);
        }
        return e.uri().equals(url);
    }

    /** Whether {@code prefix} is {@code full} or a leading run of its path segments. */
    private static boolean pathPrefix(String prefix, String full) {
        if (!full.startsWith(prefix)) {
            return false;
        }
        return full.length() == prefix.length() || prefix.endsWith("/") || full.charAt(prefix.length()) == '/';
    }

    // ------------------------------------------------------------- composite

    /**
     * R4 composite: "the search parameter ... matches when all the components match the same item": every component of
     * the value against the component of the same position of one combination entry (default matching, no modifier).
     */
    private MatchResult composite(SearchValue.Composite c, CompositeEntry e) {
        if (c.components().size() != e.components().size()) {
            return MatchResult.NO_MATCH;
        }
        MatchResult result = MatchResult.MATCH;
        for (int i = 0; i < c.components().size(); i++) {
            SearchValue v = c.components().get(i);
            if (undecidable(v, null)) {
                result = result.and(MatchResult.UNDECIDABLE);
            } else {
                result = result.and(entry(v, null, null, e.components().get(i)));
            }
            if (result == MatchResult.NO_MATCH) {
                return result;
            }
        }
        return result;
    }
}
