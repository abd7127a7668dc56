package dev.polystore.core.search;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.TotalMode;
import dev.polystore.definitions.CompartmentDefinition;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a caller's {@link SearchQuery} into a {@link ResolvedSearch}: every parameter resolved against the {@link
 * SearchParameterRegistry}, every modifier, prefix and value checked and typed. Thread-safe.
 *
 * <p>Decisions where the specification leaves room:
 *
 * <ul>
 *   <li>A parameter with an empty value ({@code name=}) is treated as absent, as FHIR search asks of empty
 *       parameters; its name is still checked (an unknown name is an error in strict handling) and it is left out of
 *       the self URL. An empty item in an OR-list ({@code a,,b}) is an error.
 *   <li>A date, or a dateTime without a zone, is taken as UTC.
 *   <li>{@code ap} is accepted and kept as a prefix; its tolerance is left to execution.
 *   <li>A number's range follows its significant digits, also in exponent form ({@code 1e2} is {@code [50, 150)}).
 *   <li>A plain reference id ({@code subject=123}) keeps a null type unless a {@code :[type]} modifier gives it;
 *       {@code Type/id} must name one of the parameter's targets.
 *   <li>In a search across several types, a parameter must be defined for every searched type; when its resolution
 *       differs between types it becomes a {@link Criterion.PerType}. A search across all types (no {@code _type})
 *       resolves against {@code Resource}.
 *   <li>A non-iterating {@code _include} must start from a searched type; a non-iterating {@code _revinclude} must
 *       be able to point at one. {@code :recurse} is R4's (and R4B's) alias of {@code :iterate}; R5 refuses it.
 *   <li>Unknown parameters are ignored under lenient handling only at the top level; an unknown parameter inside a
 *       chain or {@code _has} is always an error. Ignored parameters are listed as {@code name=value}.
 *   <li>A chain without type hint is resolved against every target of the reference on which the chained parameter
 *       is defined; the others are left out.
 *   <li>{@code _elements} names must be top-level elements of the searched type (of at least one of them across
 *       types; a choice element by its base name or a typed name such as {@code valueQuantity}).
 *   <li>{@code _sort} keys must be parameters of every searched type, of any type but composite and special.
 *   <li>A definition's {@code multipleOr = false} refuses comma lists, its {@code multipleAnd = false} refuses
 *       repetition.
 * </ul>
 *
 * @since 0.1
 */
public final class SearchQueryResolver {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");
    private static final Pattern URL_TAIL =
            Pattern.compile("(?:^|.*/)([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");
    private static final Set<String> SINGLE =
            Set.of("_sort", "_count", "_total", "_summary", "_elements", "_type", "_contained", "_containedType");
    private static final Set<String> CONTROL = Set.of(
            "_sort",
            "_count",
            "_total",
            "_summary",
            "_elements",
            "_type",
            "_contained",
            "_containedType",
            "_include",
            "_revinclude",
            "_format",
            "_pretty",
            "_query");
    private static final int MAX_COUNT = 1000;
    private static final String RESOURCE = "Resource";

    private final SearchParameterRegistry registry;

    /** A resolver validating against {@code registry}. */
    public SearchQueryResolver(SearchParameterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The registry queries are validated against. */
    public SearchParameterRegistry registry() {
        return registry;
    }

    /**
     * Resolves and validates {@code query}.
     *
     * @throws InvalidSearchException if the query is invalid; the message names the parameter and value
     * @throws UnsupportedCapabilityException for valid features this library does not offer ({@code _query}, {@code
     *     _contained} other than false)
     */
    public ResolvedSearch resolve(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        String resourceType = query.resourceType();
        if (resourceType != null && !registry.isResourceType(resourceType)) {
            throw new InvalidSearchException("Unknown resource type '" + resourceType + "'");
        }
        List<String> types = types(query);
        Criterion.Compartment compartment = compartment(query, types);
        if (compartment != null && types.isEmpty()) {
            types = List.copyOf(compartment.paramsByType().keySet());
        }
        return new Resolution(query, resourceType, types, compartment).run();
    }

    private List<String> types(SearchQuery query) {
        List<String> typeValues = query.values("_type");
        boolean given = typeValues.stream().anyMatch(v -> !v.isEmpty());
        if (typeValues.size() > 1) {
            throw new InvalidSearchException("Parameter '_type' may be given only once");
        }
        if (query.resourceType() != null) {
            if (given) {
                throw new InvalidSearchException("Parameter '_type' is only allowed in a search across types, not in"
                        + " a search of " + query.resourceType());
            }
            return List.of(query.resourceType());
        }
        if (typeValues.isEmpty() || typeValues.get(0).isEmpty()) {
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : typeValues.get(0).split(",", -1)) {
            if (!registry.isResourceType(type)) {
                throw new InvalidSearchException("Parameter '_type': unknown resource type '" + type + "'");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    private Criterion.Compartment compartment(SearchQuery query, List<String> types) {
        if (query.compartmentType() == null) {
            return null;
        }
        String code = query.compartmentType();
        CompartmentDefinition definition = registry.compartment(code)
                .orElseThrow(() -> new InvalidSearchException("Unknown compartment type '" + code
                        + "' (expected Patient, Encounter, RelatedPerson, Practitioner or Device)"));
        if (!ID.matcher(query.compartmentId()).matches()) {
            throw new InvalidSearchException(
                    "Invalid id '" + query.compartmentId() + "' of the " + code + " compartment");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (types.isEmpty()) {
            params.putAll(definition.paramsByResourceType());
            params.values().removeIf(List::isEmpty);
        } else {
            for (String type : types) {
                List<String> p = definition.params(type);
                if (p.isEmpty()) {
                    throw new InvalidSearchException(
                            "Resource type " + type + " is not in the " + code + " compartment");
                }
                params.put(type, p);
            }
        }
        return new Criterion.Compartment(code, query.compartmentId(), params);
    }

    /** The state of one resolution. */
    private final class Resolution {
        private final SearchQuery query;
        private final String resourceType;
        private final List<String> types;
        private final List<String> resolutionTypes;
        private final Criterion.Compartment compartment;
        private final List<Criterion> criteria = new ArrayList<>();
        private final List<ResolvedSearch.Include> includes = new ArrayList<>();
        private final List<ResolvedSearch.Include> revincludes = new ArrayList<>();
        private final List<ResolvedSearch.SortKey> sort = new ArrayList<>();
        private final List<String> elements = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();
        private final List<SearchQuery.Param> kept = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final Set<String> repeated = new HashSet<>();
        private Integer count;
        private TotalMode total = TotalMode.NONE;
        private ResolvedSearch.SummaryMode summary;

        Resolution(SearchQuery query, String resourceType, List<String> types, Criterion.Compartment compartment) {
            this.query = query;
            this.resourceType = resourceType;
            this.types = types;
            this.resolutionTypes = types.isEmpty() ? List.of(RESOURCE) : types;
            this.compartment = compartment;
        }

        ResolvedSearch run() {
            for (SearchQuery.Param param : query.params()) {
                if (handle(param)) {
                    kept.add(param);
                }
            }
            String selfUrl = new SearchQuery(
                            resourceType,
                            query.compartmentType(),
                            query.compartmentId(),
                            kept,
                            SearchQuery.Handling.STRICT)
                    .toUrl();
            return new ResolvedSearch(
                    resourceType,
                    types,
                    compartment,
                    criteria,
                    includes,
                    revincludes,
                    sort,
                    count,
                    total,
                    summary,
                    elements,
                    ignored,
                    selfUrl);
        }

        /** Handles one parameter; true if it belongs in the self URL. */
        private boolean handle(SearchQuery.Param param) {
            String name = param.name();
            String value = param.value();
            String base = name.startsWith("_has:") ? "_has" : head(name);
            if (CONTROL.contains(base)) {
                return control(name, base, value);
            }
            if (!known(base)) {
                if (query.handling() == SearchQuery.Handling.LENIENT) {
                    ignored.add(param.toString());
                    return false;
                }
                throw new InvalidSearchException(
                        "Unknown search parameter '" + base + "' for " + describeTypes() + " (in '" + param + "')");
            }
            switch (base) {
                case "_text", "_content" -> {
                    noModifier(name, base);
                    if (value.isEmpty()) {
                        return false;
                    }
                    List<String> texts = new ArrayList<>();
                    for (String item : items(base, value)) {
                        texts.add(SearchValues.unescape(item));
                    }
                    criteria.add(new Criterion.FullText(base, texts));
                    return true;
                }
                case "_filter" -> {
                    noModifier(name, base);
                    if (value.isEmpty()) {
                        return false;
                    }
                    criteria.add(new Criterion.Filter(value));
                    return true;
                }
                case "_list" -> {
                    noModifier(name, base);
                    if (value.isEmpty()) {
                        return false;
                    }
                    List<String> ids = new ArrayList<>();
                    for (String item : items(base, value)) {
                        ids.add(SearchValues.unescape(item));
                    }
                    criteria.add(new Criterion.InList(ids));
                    return true;
                }
                default -> {
                    Map<String, Criterion> byType = new LinkedHashMap<>();
                    for (String type : resolutionTypes) {
                        Criterion c = criterion(type, name, value);
                        if (c == null) {
                            return false;
                        }
                        byType.put(type, c);
                    }
                    checkRepeat(name, byType.values().iterator().next());
                    Set<Criterion> distinct = new HashSet<>(byType.values());
                    criteria.add(distinct.size() == 1 ? distinct.iterator().next() : new Criterion.PerType(byType));
                    return true;
                }
            }
        }

        /** Refuses a second top-level use of a parameter whose definition says multipleAnd = false. */
        private void checkRepeat(String name, Criterion criterion) {
            SearchParameterDefinition def = null;
            if (criterion instanceof Criterion.Value v) {
                def = v.parameter();
            } else if (criterion instanceof Criterion.Missing m) {
                def = m.parameter();
            }
            if (def != null && !def.multipleAnd() && !repeated.add(def.code())) {
                throw new InvalidSearchException("Parameter '" + name + "': parameter '" + def.code()
                        + "' may not be repeated (its definition does not allow AND)");
            }
        }

        private boolean known(String code) {
            if (code.equals("_has") || code.equals("_filter")) {
                return true;
            }
            for (String type : resolutionTypes) {
                if (registry.find(type, code).isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        private String describeTypes() {
            return types.isEmpty() ? "a search across all resource types" : String.join(", ", types);
        }

        private void noModifier(String name, String base) {
            if (!name.equals(base)) {
                throw new InvalidSearchException(
                        "Parameter '" + base + "' takes no modifier or chain (in '" + name + "')");
            }
        }

        private List<String> items(String parameter, String value) {
            List<String> items;
            try {
                items = SearchValues.split(value, ',');
            } catch (IllegalArgumentException e) {
                throw new InvalidSearchException(
                        "Invalid value '" + value + "' for parameter '" + parameter + "': " + e.getMessage(), e);
            }
            for (String item : items) {
                if (item.isEmpty()) {
                    throw new InvalidSearchException(
                            "Invalid value '" + value + "' for parameter '" + parameter + "': empty item in list");
                }
            }
            return items;
        }

        // ---------------------------------------------------------------- control parameters

        private boolean control(String name, String base, String value) {
            boolean include = base.equals("_include") || base.equals("_revinclude");
            boolean iterate = false;
            if (!name.equals(base)) {
                String modifier = name.substring(base.length() + 1);
                boolean recurseAllowed = registry.version() != FhirVersion.R5;
                if (include
                        && name.charAt(base.length()) == ':'
                        && (modifier.equals("iterate") || (modifier.equals("recurse") && recurseAllowed))) {
                    iterate = true;
                } else {
                    throw new InvalidSearchException(
                            "Parameter '" + name + "': modifier not allowed on '" + base + "'");
                }
            }
            if (SINGLE.contains(base) && !seen.add(base)) {
                throw new InvalidSearchException("Parameter '" + base + "' may be given only once");
            }
            if (base.equals("_query")) {
                throw new UnsupportedCapabilityException("Named queries (_query=" + value + ") are not supported");
            }
            if (value.isEmpty() || base.equals("_format") || base.equals("_pretty")) {
                return false;
            }
            switch (base) {
                case "_type" -> {
                    // resolved up front
                }
                case "_count" -> count = count(value);
                case "_total" -> total = total(value);
                case "_summary" -> summary = summary(value);
                case "_elements" -> elements(value);
                case "_sort" -> sort(value);
                case "_include" -> includes.add(include(name, value, iterate, false));
                case "_revinclude" -> revincludes.add(include(name, value, iterate, true));
                case "_contained" -> {
                    if (value.equals("true") || value.equals("both")) {
                        throw new UnsupportedCapabilityException(
                                "Searching contained resources (_contained=" + value + ") is not supported");
                    }
                    if (!value.equals("false")) {
                        throw new InvalidSearchException("Invalid value '" + value
                                + "' for parameter '_contained' (expected false, true or both)");
                    }
                }
                case "_containedType" -> {
                    if (value.equals("contained")) {
                        throw new UnsupportedCapabilityException(
                                "Returning contained resources (_containedType=contained) is not supported");
                    }
                    if (!value.equals("container")) {
                        throw new InvalidSearchException("Invalid value '" + value
                                + "' for parameter '_containedType' (expected container or contained)");
                    }
                }
                default -> throw new IllegalStateException(base);
            }
            return true;
        }

        private Integer count(String value) {
            if (!value.matches("\\d{1,7}") || Integer.parseInt(value) > MAX_COUNT) {
                throw new InvalidSearchException("Invalid value '" + value
                        + "' for parameter '_count' (expected an integer from 0 to " + MAX_COUNT + ")");
            }
            return Integer.parseInt(value);
        }

        private TotalMode total(String value) {
            return switch (value) {
                case "none" -> TotalMode.NONE;
                case "estimate" -> TotalMode.ESTIMATE;
                case "accurate" -> TotalMode.ACCURATE;
                default ->
                    throw new InvalidSearchException("Invalid value '" + value
                            + "' for parameter '_total' (expected none, estimate or accurate)");
            };
        }

        private ResolvedSearch.SummaryMode summary(String value) {
            return switch (value) {
                case "true" -> ResolvedSearch.SummaryMode.TRUE;
                case "text" -> ResolvedSearch.SummaryMode.TEXT;
                case "data" -> ResolvedSearch.SummaryMode.DATA;
                case "count" -> ResolvedSearch.SummaryMode.COUNT;
                case "false" -> ResolvedSearch.SummaryMode.FALSE;
                default ->
                    throw new InvalidSearchException("Invalid value '" + value
                            + "' for parameter '_summary' (expected true, text, data, count or false)");
            };
        }

        private void elements(String value) {
            for (String element : value.split(",", -1)) {
                boolean found = false;
                for (String type : resolutionTypes) {
                    found |= isElement(type, element);
                }
                if (!found) {
                    throw new InvalidSearchException("Parameter '_elements': '" + element
                            + "' is not a top-level element of " + String.join(", ", resolutionTypes));
                }
                elements.add(element);
            }
        }

        private boolean isElement(String type, String name) {
            if (name.isEmpty()) {
                return false;
            }
            for (ElementInfo info : registry.elements().children(type)) {
                if (info.name().equals(name)) {
                    return true;
                }
                if (info.choice()) {
                    for (String t : info.types()) {
                        String typed = info.name() + Character.toUpperCase(t.charAt(0)) + t.substring(1);
                        if (typed.equals(name)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private void sort(String value) {
            for (String key : value.split(",", -1)) {
                boolean descending = key.startsWith("-");
                String code = descending ? key.substring(1) : key;
                if (code.isEmpty()) {
                    throw new InvalidSearchException("Invalid value '" + value + "' for parameter '_sort': empty key");
                }
                Map<String, SearchParameterDefinition> byType = new LinkedHashMap<>();
                for (String type : resolutionTypes) {
                    SearchParameterDefinition def = registry.find(type, code)
                            .orElseThrow(() -> new InvalidSearchException(
                                    "Parameter '_sort': '" + code + "' is not a search parameter of " + type));
                    if (def.type() == SearchParamType.COMPOSITE || def.type() == SearchParamType.SPECIAL) {
                        throw new InvalidSearchException("Parameter '_sort': cannot sort by "
                                + def.type().code() + " parameter '" + code + "' of " + type);
                    }
                    byType.put(type, def);
                }
                sort.add(new ResolvedSearch.SortKey(code, descending, byType));
            }
        }

        private ResolvedSearch.Include include(String name, String value, boolean iterate, boolean reverse) {
            if (value.equals("*")) {
                return new ResolvedSearch.Include(null, null, null, iterate);
            }
            String[] parts = value.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new InvalidSearchException("Invalid value '" + value + "' for parameter '" + name
                        + "' (expected Type:parameter[:targetType] or *)");
            }
            String source = parts[0];
            if (!registry.isResourceType(source)) {
                throw new InvalidSearchException(
                        "Parameter '" + name + "': unknown resource type '" + source + "' in '" + value + "'");
            }
            boolean constrained = !iterate && !types.isEmpty();
            if (parts[1].equals("*") && parts.length == 2) {
                if (constrained && !reverse && !types.contains(source)) {
                    throw new InvalidSearchException("Parameter '" + name + "': '" + value
                            + "' does not start from a searched type (" + describeTypes() + ")");
                }
                return new ResolvedSearch.Include(source, null, null, iterate);
            }
            SearchParameterDefinition def = registry.find(source, parts[1])
                    .orElseThrow(() -> new InvalidSearchException("Parameter '" + name + "': '" + parts[1]
                            + "' is not a search parameter of " + source + " (in '" + value + "')"));
            if (def.type() != SearchParamType.REFERENCE) {
                throw new InvalidSearchException("Parameter '" + name + "': '" + parts[1] + "' of " + source
                        + " is a " + def.type().code() + " parameter, not a reference parameter (in '" + value
                        + "')");
            }
            String target = parts.length == 3 ? parts[2] : null;
            if (target != null && (!registry.isResourceType(target) || !isTarget(def, target))) {
                throw new InvalidSearchException("Parameter '" + name + "': '" + target
                        + "' is not a target type of reference parameter '" + parts[1] + "' of " + source
                        + " (in '" + value + "')");
            }
            if (constrained && !reverse && !types.contains(source)) {
                throw new InvalidSearchException("Parameter '" + name + "': '" + value
                        + "' does not start from a searched type (" + describeTypes() + ")");
            }
            if (constrained && reverse) {
                boolean points = false;
                for (String type : types) {
                    points |= target == null ? isTarget(def, type) : target.equals(type);
                }
                if (!points) {
                    throw new InvalidSearchException("Parameter '" + name + "': reference parameter '" + parts[1]
                            + "' of " + source + " cannot point to " + describeTypes() + " (in '" + value + "')");
                }
            }
            return new ResolvedSearch.Include(source, def, target, iterate);
        }

        // ---------------------------------------------------------------- criteria

        /** The criterion {@code name=value} resolved against {@code type}; null when the value is empty. */
        private Criterion criterion(String type, String name, String value) {
            if (name.startsWith("_has:")) {
                return has(type, name, value);
            }
            int dot = name.indexOf('.');
            String headPart = dot < 0 ? name : name.substring(0, dot);
            String code = headPart;
            String modifier = null;
            int colon = headPart.indexOf(':');
            if (colon >= 0) {
                code = headPart.substring(0, colon);
                modifier = headPart.substring(colon + 1);
                if (modifier.isEmpty()) {
                    throw new InvalidSearchException("Parameter '" + name + "': empty modifier");
                }
            }
            SearchParameterDefinition def = definition(type, code, name);
            if (dot < 0) {
                return leaf(type, def, modifier, name, value);
            }
            return chain(type, def, modifier, name, name.substring(dot + 1), value);
        }

        private SearchParameterDefinition definition(String type, String code, String name) {
            String c = code;
            return registry.find(type, c)
                    .orElseThrow(() -> new InvalidSearchException("Unknown search parameter '" + c + "' for " + type
                            + (c.equals(name) ? "" : " (in '" + name + "')")));
        }

        private Criterion chain(
                String type, SearchParameterDefinition def, String modifier, String name, String tail, String value) {
            String code = def.code();
            if (def.type() != SearchParamType.REFERENCE) {
                throw new InvalidSearchException("Parameter '" + name + "': cannot chain through "
                        + def.type().code() + " parameter '" + code + "' of " + type
                        + " (only reference parameters can be chained)");
            }
            String hint = null;
            if (modifier != null) {
                if (!registry.isResourceType(modifier)) {
                    throw new InvalidSearchException("Parameter '" + name + "': modifier ':" + modifier
                            + "' is not allowed before a chain on reference parameter '" + code + "' of " + type
                            + " (only a :[type] modifier is)");
                }
                if (!isTarget(def, modifier)) {
                    throw new InvalidSearchException("Parameter '" + name + "': type '" + modifier
                            + "' is not a target of reference parameter '" + code + "' of " + type
                            + " (targets: " + String.join(", ", def.target()) + ")");
                }
                hint = modifier;
            }
            if (tail.isEmpty()) {
                throw new InvalidSearchException("Parameter '" + name + "': empty chained parameter");
            }
            List<String> candidates = hint != null ? List.of(hint) : targets(def);
            String innerCode = tail.startsWith("_has:") ? "_has" : head(tail);
            Map<String, Criterion> byTarget = new LinkedHashMap<>();
            boolean empty = false;
            for (String candidate : candidates) {
                if (!appliesTo(candidate, innerCode, tail)) {
                    continue;
                }
                Criterion inner = criterion(candidate, tail, value);
                if (inner == null) {
                    empty = true;
                } else {
                    byTarget.put(candidate, inner);
                }
            }
            if (byTarget.isEmpty() && !empty) {
                throw new InvalidSearchException("Parameter '" + name + "': chained parameter '" + innerCode
                        + "' is not defined on " + (hint != null ? hint : "any target of '" + code + "' of " + type)
                        + (hint != null ? "" : " (" + String.join(", ", candidates) + ")"));
            }
            return empty ? null : new Criterion.Chain(def, hint, byTarget);
        }

        /** Whether the chained part {@code tail} can be resolved against {@code candidate}. */
        private boolean appliesTo(String candidate, String innerCode, String tail) {
            if (!innerCode.equals("_has")) {
                return registry.find(candidate, innerCode).isPresent();
            }
            String[] parts = tail.split(":", 4);
            if (parts.length < 4) {
                return true; // malformed: let has() say so
            }
            return registry.find(parts[1], parts[2])
                    .map(ref -> ref.type() != SearchParamType.REFERENCE || isTarget(ref, candidate))
                    .orElse(true);
        }

        private Criterion has(String type, String name, String value) {
            String[] parts = name.split(":", 4);
            if (parts.length < 4 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
                throw new InvalidSearchException(
                        "Malformed '" + name + "' (expected _has:Type:referenceParameter:parameter)");
            }
            String source = parts[1];
            if (!registry.isResourceType(source)) {
                throw new InvalidSearchException(
                        "Parameter '" + name + "': unknown resource type '" + source + "' in _has");
            }
            SearchParameterDefinition ref = registry.find(source, parts[2])
                    .orElseThrow(() -> new InvalidSearchException(
                            "Parameter '" + name + "': '" + parts[2] + "' is not a search parameter of " + source));
            if (ref.type() != SearchParamType.REFERENCE) {
                throw new InvalidSearchException("Parameter '" + name + "': '" + parts[2] + "' of " + source + " is a "
                        + ref.type().code() + " parameter, not a reference parameter");
            }
            if (!type.equals(RESOURCE) && !isTarget(ref, type)) {
                throw new InvalidSearchException("Parameter '" + name + "': reference parameter '" + parts[2] + "' of "
                        + source + " does not point to " + type);
            }
            Criterion inner = criterion(source, parts[3], value);
            return inner == null ? null : new Criterion.Has(source, ref, inner);
        }

        private Criterion leaf(
                String type, SearchParameterDefinition def, String modifierCode, String name, String value) {
            SearchModifier modifier = null;
            String hint = null;
            if (modifierCode != null) {
                var known = SearchModifier.of(modifierCode);
                if (known.isPresent()) {
                    modifier = known.get();
                    if (!allowed(def.type(), modifier)) {
                        throw new InvalidSearchException("Parameter '" + name + "': modifier ':" + modifierCode
                                + "' is not allowed on " + def.type().code() + " parameter '" + def.code() + "' of "
                                + type);
                    }
                } else if (registry.isResourceType(modifierCode)) {
                    if (def.type() != SearchParamType.REFERENCE) {
                        throw new InvalidSearchException("Parameter '" + name + "': modifier ':" + modifierCode
                                + "' is not allowed on " + def.type().code() + " parameter '" + def.code()
                                + "' of " + type);
                    }
                    if (!isTarget(def, modifierCode)) {
                        throw new InvalidSearchException("Parameter '" + name + "': type '" + modifierCode
                                + "' is not a target of reference parameter '" + def.code() + "' of " + type
                                + " (targets: " + String.join(", ", def.target()) + ")");
                    }
                    hint = modifierCode;
                } else {
                    throw new InvalidSearchException("Parameter '" + name + "': unknown modifier ':" + modifierCode
                            + "' on parameter '" + def.code() + "' of " + type);
                }
            }
            if (value.isEmpty()) {
                return null;
            }
            if (modifier == SearchModifier.MISSING) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new InvalidSearchException("Invalid value '" + value + "' for parameter '" + name
                            + "': ':missing' takes true or false");
                }
                return new Criterion.Missing(def, Boolean.parseBoolean(value));
            }
            List<String> items = items(name, value);
            if (!def.multipleOr() && items.size() > 1) {
                throw new InvalidSearchException("Invalid value '" + value + "' for parameter '" + name
                        + "': the parameter does not allow several values");
            }
            List<SearchValue> values = new ArrayList<>();
            for (String item : items) {
                try {
                    values.add(value(def, modifier, hint, item));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSearchException(
                            "Invalid value '" + SearchValues.unescape(item) + "' for "
                                    + def.type().code() + " parameter '" + name + "' of " + type + ": "
                                    + e.getMessage(),
                            e);
                }
            }
            return new Criterion.Value(def, modifier, hint, values);
        }

        private boolean allowed(SearchParamType type, SearchModifier modifier) {
            if (modifier == SearchModifier.MISSING) {
                return true;
            }
            boolean r5 = registry.version() == FhirVersion.R5;
            Set<SearchModifier> allowed = EnumSet.noneOf(SearchModifier.class);
            switch (type) {
                case STRING -> {
                    allowed.add(SearchModifier.EXACT);
                    allowed.add(SearchModifier.CONTAINS);
                    if (r5) {
                        allowed.add(SearchModifier.TEXT);
                    }
                }
                case TOKEN -> {
                    allowed.addAll(EnumSet.of(
                            SearchModifier.TEXT,
                            SearchModifier.NOT,
                            SearchModifier.ABOVE,
                            SearchModifier.BELOW,
                            SearchModifier.IN,
                            SearchModifier.NOT_IN,
                            SearchModifier.OF_TYPE));
                    if (r5) {
                        allowed.add(SearchModifier.CODE_TEXT);
                        allowed.add(SearchModifier.TEXT_ADVANCED);
                    }
                }
                case REFERENCE -> {
                    allowed.addAll(EnumSet.of(SearchModifier.IDENTIFIER, SearchModifier.ABOVE, SearchModifier.BELOW));
                    if (r5) {
                        allowed.add(SearchModifier.TEXT); // R5: matches Reference.display
                    }
                }
                case URI -> {
                    allowed.add(SearchModifier.ABOVE);
                    allowed.add(SearchModifier.BELOW);
                    if (r5) {
                        allowed.add(SearchModifier.CONTAINS);
                    }
                }
                default -> {
                    // number, date, quantity, composite, special: only :missing
                }
            }
            return allowed.contains(modifier);
        }

        // ---------------------------------------------------------------- values

        private SearchValue value(SearchParameterDefinition def, SearchModifier modifier, String hint, String raw) {
            switch (def.type()) {
                case NUMBER -> {
                    SearchValues.Prefixed p = SearchValues.prefix(SearchValues.unescape(raw));
                    return SearchValues.number(p.prefix(), p.rest());
                }
                case DATE -> {
                    SearchValues.Prefixed p = SearchValues.prefix(SearchValues.unescape(raw));
                    return SearchValues.date(p.prefix(), p.rest());
                }
                case QUANTITY -> {
                    return quantity(raw);
                }
                case STRING -> {
                    return new SearchValue.StringValue(SearchValues.unescape(raw));
                }
                case URI -> {
                    return new SearchValue.Uri(SearchValues.unescape(raw));
                }
                case TOKEN -> {
                    if (modifier == SearchModifier.TEXT
                            || modifier == SearchModifier.CODE_TEXT
                            || modifier == SearchModifier.TEXT_ADVANCED) {
                        return new SearchValue.Text(SearchValues.unescape(raw));
                    }
                    if (modifier == SearchModifier.IN || modifier == SearchModifier.NOT_IN) {
                        return new SearchValue.Uri(SearchValues.unescape(raw));
                    }
                    if (modifier == SearchModifier.OF_TYPE) {
                        return ofType(raw);
                    }
                    return token(raw);
                }
                case REFERENCE -> {
                    if (modifier == SearchModifier.IDENTIFIER) {
                        return token(raw);
                    }
                    if (modifier == SearchModifier.TEXT) {
                        return new SearchValue.Text(SearchValues.unescape(raw));
                    }
                    return reference(def, hint, raw);
                }
                case COMPOSITE -> {
                    return composite(def, raw);
                }
                default -> {
                    return new SearchValue.Special(SearchValues.unescape(raw));
                }
            }
        }

        private SearchValue.Quantity quantity(String raw) {
            List<String> parts = SearchValues.split(raw, '|');
            if (parts.size() != 1 && parts.size() != 3) {
                throw new IllegalArgumentException("expected [prefix]number or [prefix]number|system|code");
            }
            SearchValues.Prefixed p = SearchValues.prefix(SearchValues.unescape(parts.get(0)));
            SearchValue.Number number = SearchValues.number(p.prefix(), p.rest());
            if (parts.size() == 1) {
                return new SearchValue.Quantity(number, null, null);
            }
            String system = SearchValues.unescape(parts.get(1));
            String code = SearchValues.unescape(parts.get(2));
            return new SearchValue.Quantity(number, system.isEmpty() ? null : system, code.isEmpty() ? null : code);
        }

        private SearchValue.Token token(String raw) {
            List<String> parts = SearchValues.split(raw, '|');
            if (parts.size() == 1) {
                return new SearchValue.Token(null, SearchValues.unescape(parts.get(0)));
            }
            if (parts.size() > 2) {
                throw new IllegalArgumentException("expected [system|]code (more than one unescaped '|')");
            }
            String system = SearchValues.unescape(parts.get(0));
            String code = SearchValues.unescape(parts.get(1));
            if (system.isEmpty() && code.isEmpty()) {
                throw new IllegalArgumentException("neither system nor code");
            }
            return new SearchValue.Token(system, code.isEmpty() ? null : code);
        }

        private SearchValue.OfType ofType(String raw) {
            List<String> parts = SearchValues.split(raw, '|');
            if (parts.size() != 3 || parts.get(1).isEmpty() || parts.get(2).isEmpty()) {
                throw new IllegalArgumentException(":of-type expects typeSystem|typeCode|value");
            }
            return new SearchValue.OfType(
                    SearchValues.unescape(parts.get(0)),
                    SearchValues.unescape(parts.get(1)),
                    SearchValues.unescape(parts.get(2)));
        }

        private SearchValue.Reference reference(SearchParameterDefinition def, String hint, String raw) {
            List<String> parts = SearchValues.split(raw, '|');
            if (parts.size() > 2) {
                throw new IllegalArgumentException("expected a reference or url|version (more than one '|')");
            }
            String text = SearchValues.unescape(parts.get(0));
            String canonicalVersion = parts.size() == 2 ? SearchValues.unescape(parts.get(1)) : null;
            if (canonicalVersion != null && (text.isEmpty() || canonicalVersion.isEmpty())) {
                throw new IllegalArgumentException("a canonical url|version needs both parts");
            }
            if (canonicalVersion != null || SCHEME.matcher(text).matches()) {
                String type = hint;
                String id = null;
                String version = null;
                Matcher m = URL_TAIL.matcher(text);
                if (m.matches() && registry.isResourceType(m.group(1))) {
                    if (hint != null && !hint.equals(m.group(1))) {
                        throw new IllegalArgumentException(
                                "the url names type " + m.group(1) + ", not the modifier's " + hint);
                    }
                    type = m.group(1);
                    id = m.group(2);
                    version = m.group(3);
                }
                return new SearchValue.Reference(type, id, version, text, canonicalVersion);
            }
            String[] segments = text.split("/", -1);
            if (segments.length == 1) {
                checkId(text, "id");
                return new SearchValue.Reference(hint, text, null, null, null);
            }
            if (segments.length != 2 && !(segments.length == 4 && segments[2].equals("_history"))) {
                throw new IllegalArgumentException("expected id, Type/id, Type/id/_history/version or an absolute url");
            }
            String type = segments[0];
            if (!registry.isResourceType(type)) {
                throw new IllegalArgumentException("unknown resource type '" + type + "'");
            }
            if (hint != null && !hint.equals(type)) {
                throw new IllegalArgumentException("type " + type + " contradicts the modifier ':" + hint + "'");
            }
            if (!isTarget(def, type)) {
                throw new IllegalArgumentException(type + " is not a target type of the parameter (targets: "
                        + String.join(", ", def.target()) + ")");
            }
            checkId(segments[1], "id");
            String version = null;
            if (segments.length == 4) {
                checkId(segments[3], "version");
                version = segments[3];
            }
            return new SearchValue.Reference(type, segments[1], version, null, null);
        }

        private SearchValue.Composite composite(SearchParameterDefinition def, String raw) {
            List<String> parts = SearchValues.split(raw, '$');
            if (parts.size() != def.components().size()) {
                throw new IllegalArgumentException(
                        "expected " + def.components().size() + " components separated by '$', got " + parts.size());
            }
            List<SearchValue> values = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                String url = def.components().get(i).definitionUrl();
                SearchParameterDefinition component = registry.findByUrl(url)
                        .orElseThrow(() -> new IllegalArgumentException("unknown component definition " + url));
                if (component.type() == SearchParamType.COMPOSITE) {
                    throw new IllegalArgumentException("nested composite component " + url);
                }
                if (parts.get(i).isEmpty()) {
                    throw new IllegalArgumentException("empty component " + (i + 1));
                }
                values.add(value(component, null, null, parts.get(i)));
            }
            return new SearchValue.Composite(values);
        }

        private void checkId(String id, String what) {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + id + "' is not a valid " + what);
            }
        }

        private boolean isTarget(SearchParameterDefinition def, String type) {
            return def.target().isEmpty() || def.target().contains(type);
        }

        private List<String> targets(SearchParameterDefinition def) {
            return def.target().isEmpty() ? List.copyOf(registry.resourceTypes()) : def.target();
        }
    }

    /** The code of a parameter name: up to the first ':' or '.'. */
    private static String head(String name) {
        int end = name.length();
        int colon = name.indexOf(':');
        int dot = name.indexOf('.');
        if (colon >= 0) {
            end = colon;
        }
        if (dot >= 0 && dot < end) {
            end = dot;
        }
        return name.substring(0, end);
    }

    @Override
    public String toString() {
        return "SearchQueryResolver[" + registry.version().name().toLowerCase(Locale.ROOT) + "]";
    }
}
