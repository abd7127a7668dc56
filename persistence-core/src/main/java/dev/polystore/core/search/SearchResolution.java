package dev.polystore.core.search;

import static dev.polystore.core.search.SearchValueParser.items;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one resolution by {@link SearchQueryResolver}: goes through the query's parameters in order, hands
 * control parameters to a {@link ControlParameterParser} and the others to a {@link CriterionParser} (once per
 * searched type), and assembles the {@link ResolvedSearch}.
 */
final class SearchResolution {
    /** The type a search across all types is resolved against. */
    static final String RESOURCE = "Resource";

    private final SearchParameterRegistry registry;
    private final SearchQuery query;
    private final String resourceType;
    private final List<String> types;
    private final List<String> resolutionTypes;
    private final Criterion.Compartment compartment;
    private final ControlParameterParser controls;
    private final CriterionParser criterionParser;
    private final FilterCriteria filters;
    private final List<Criterion> criteria = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<SearchQuery.Param> kept = new ArrayList<>();
    private final Set<String> repeated = new HashSet<>();

    SearchResolution(
            SearchParameterRegistry registry,
            SearchQuery query,
            String resourceType,
            List<String> types,
            Criterion.Compartment compartment) {
        this.registry = registry;
        this.query = query;
        this.resourceType = resourceType;
        this.types = types;
        this.resolutionTypes = types.isEmpty() ? List.of(RESOURCE) : types;
        this.compartment = compartment;
        this.controls = new ControlParameterParser(registry, types, resolutionTypes);
        this.criterionParser = new CriterionParser(registry);
        this.filters = new FilterCriteria(registry, criterionParser);
    }

    ResolvedSearch run() {
        for (SearchQuery.Param param : query.params()) {
            if (handle(param)) {
                kept.add(param);
            }
        }
        String selfUrl = new SearchQuery(
                        resourceType, query.compartmentType(), query.compartmentId(), kept, SearchQuery.Handling.STRICT)
                .toUrl();
        return new ResolvedSearch(
                resourceType,
                types,
                compartment,
                criteria,
                controls.includes(),
                controls.revincludes(),
                controls.sort(),
                controls.count(),
                controls.total(),
                controls.summary(),
                controls.elements(),
                ignored,
                selfUrl);
    }

    /** Handles one parameter; true if it belongs in the self URL. */
    private boolean handle(SearchQuery.Param param) {
        String name = param.name();
        String value = param.value();
        String base = name.startsWith("_has:") ? "_has" : CriterionParser.head(name);
        if (ControlParameterParser.isControl(base)) {
            return controls.control(name, base, value);
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
                Criterion.FullText fullText = new Criterion.FullText(base, unescapedItems(base, value));
                FullTextQuery.of(fullText); // refuses a malformed query here, whatever the backend
                criteria.add(fullText);
                return true;
            }
            case "_filter" -> {
                noModifier(name, base);
                if (value.isEmpty()) {
                    return false;
                }
                FilterParser.Node filter = FilterParser.parse(value);
                Map<String, Criterion> byType = new LinkedHashMap<>();
                for (String type : resolutionTypes) {
                    byType.put(type, filters.resolve(type, filter));
                }
                criteria.add(new Criterion.Filter(value, oneOrPerType(byType)));
                return true;
            }
            case "_list" -> {
                noModifier(name, base);
                if (value.isEmpty()) {
                    return false;
                }
                criteria.add(new Criterion.InList(unescapedItems(base, value)));
                return true;
            }
            default -> {
                Map<String, Criterion> byType = new LinkedHashMap<>();
                for (String type : resolutionTypes) {
                    Criterion c = criterionParser.criterion(type, name, value);
                    if (c == null) {
                        return false;
                    }
                    byType.put(type, c);
                }
                checkRepeat(name, byType.values().iterator().next());
                criteria.add(oneOrPerType(byType));
                return true;
            }
        }
    }

    /** The criterion when it resolved alike on every searched type, else the per-type criterion. */
    private static Criterion oneOrPerType(Map<String, Criterion> byType) {
        Set<Criterion> distinct = new HashSet<>(byType.values());
        return distinct.size() == 1 ? distinct.iterator().next() : new Criterion.PerType(byType);
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
        return describeTypes(types);
    }

    /** How a search of {@code types} is named in messages. */
    static String describeTypes(List<String> types) {
        return types.isEmpty() ? "a search across all resource types" : String.join(", ", types);
    }

    private void noModifier(String name, String base) {
        if (!name.equals(base)) {
            throw new InvalidSearchException("Parameter '" + base + "' takes no modifier or chain (in '" + name + "')");
        }
    }

    /** The unescaped items of the OR-list {@code value} of {@code parameter}. */
    private static List<String> unescapedItems(String parameter, String value) {
        List<String> unescaped = new ArrayList<>();
        for (String item : items(parameter, value)) {
            unescaped.add(SearchValues.unescape(item));
        }
        return unescaped;
    }
}
