package dev.polystore.core.search;

import static dev.polystore.core.search.SearchValueParser.isTarget;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.search.TotalMode;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control parameters of one search ({@code _sort}, {@code _include}, {@code _revinclude}, {@code _count}, {@code
 * _total}, {@code _summary}, {@code _elements}, {@code _contained}, ...): checks each one and collects what it asks
 * for. {@code _type} itself is resolved up front by {@link SearchQueryResolver}.
 */
final class ControlParameterParser {
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

    private final SearchParameterRegistry registry;
    private final List<String> types;
    private final List<String> resolutionTypes;
    private final List<ResolvedSearch.Include> includes = new ArrayList<>();
    private final List<ResolvedSearch.Include> revincludes = new ArrayList<>();
    private final List<ResolvedSearch.SortKey> sort = new ArrayList<>();
    private final List<String> elements = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private Integer count;
    private TotalMode total = TotalMode.NONE;
    private ResolvedSearch.SummaryMode summary;

    /** Control parameters of a search of {@code types}, resolved against {@code resolutionTypes}. */
    ControlParameterParser(SearchParameterRegistry registry, List<String> types, List<String> resolutionTypes) {
        this.registry = registry;
        this.types = types;
        this.resolutionTypes = resolutionTypes;
    }

    /** Whether the parameter code {@code base} is a control parameter. */
    static boolean isControl(String base) {
        return CONTROL.contains(base);
    }

    List<ResolvedSearch.Include> includes() {
        return includes;
    }

    List<ResolvedSearch.Include> revincludes() {
        return revincludes;
    }

    List<ResolvedSearch.SortKey> sort() {
        return sort;
    }

    List<String> elements() {
        return elements;
    }

    Integer count() {
        return count;
    }

    TotalMode total() {
        return total;
    }

    ResolvedSearch.SummaryMode summary() {
        return summary;
    }

    /** Handles the control parameter {@code name} (of code {@code base}); true if it belongs in the self URL. */
    boolean control(String name, String base, String value) {
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
                throw new InvalidSearchException("Parameter '" + name + "': modifier not allowed on '" + base + "'");
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
                    throw new InvalidSearchException(
                            "Invalid value '" + value + "' for parameter '_contained' (expected false, true or both)");
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
                throw new InvalidSearchException(
                        "Invalid value '" + value + "' for parameter '_total' (expected none, estimate or accurate)");
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
            int dot = element.indexOf('.');
            if (dot > 0) { // R5: Type.element, for the resources of that type (matches and includes)
                String type = element.substring(0, dot);
                if (!registry.elements().resourceTypes().contains(type)
                        || !isElement(type, element.substring(dot + 1))) {
                    throw new InvalidSearchException("Parameter '_elements': '" + element
                            + "' is not a resource type followed by one of its top-level elements");
                }
                elements.add(element);
                continue;
            }
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
            checkStartsFromSearchedType(name, value, source, constrained && !reverse);
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
        checkStartsFromSearchedType(name, value, source, constrained && !reverse);
        if (constrained && reverse) {
            boolean points = false;
            for (String type : types) {
                points |= target == null ? isTarget(def, type) : target.equals(type);
            }
            if (!points) {
                throw new InvalidSearchException("Parameter '" + name + "': reference parameter '" + parts[1] + "' of "
                        + source + " cannot point to " + SearchResolution.describeTypes(types) + " (in '" + value
                        + "')");
            }
        }
        return new ResolvedSearch.Include(source, def, target, iterate);
    }

    /** When {@code constrained}, refuses an include whose source type is not one of the searched types. */
    private void checkStartsFromSearchedType(String name, String value, String source, boolean constrained) {
        if (constrained && !types.contains(source)) {
            throw new InvalidSearchException("Parameter '" + name + "': '" + value
                    + "' does not start from a searched type (" + SearchResolution.describeTypes(types) + ")");
        }
    }
}
