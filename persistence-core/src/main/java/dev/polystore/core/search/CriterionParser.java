package dev.polystore.core.search;

import static dev.polystore.core.search.SearchValueParser.isTarget;
import static dev.polystore.core.search.SearchValueParser.items;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves one search parameter name with its value against one resource type into a {@link Criterion}: the
 * parameter's definition, its modifier, a chain through reference parameters or a reverse chain ({@code _has}), and
 * the values, parsed by a {@link SearchValueParser}.
 */
final class CriterionParser {

    private final SearchParameterRegistry registry;
    private final SearchValueParser valueParser;

    CriterionParser(SearchParameterRegistry registry) {
        this.registry = registry;
        this.valueParser = new SearchValueParser(registry);
    }

    /** The criterion {@code name=value} resolved against {@code type}; null when the value is empty. */
    Criterion criterion(String type, String name, String value) {
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
            checkTypeModifier(type, def, modifier, name);
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
        if (!type.equals(SearchResolution.RESOURCE) && !isTarget(ref, type)) {
            throw new InvalidSearchException("Parameter '" + name + "': reference parameter '" + parts[2] + "' of "
                    + source + " does not point to " + type);
        }
        Criterion inner = criterion(source, parts[3], value);
        return inner == null ? null : new Criterion.Has(source, ref, inner);
    }

    private Criterion leaf(String type, SearchParameterDefinition def, String modifierCode, String name, String value) {
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
                checkTypeModifier(type, def, modifierCode, name);
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
                throw new InvalidSearchException(
                        "Invalid value '" + value + "' for parameter '" + name + "': ':missing' takes true or false");
            }
            if (def.code().equals("_text") || def.code().equals("_content")) {
                // full text is kept as words, not as values of a parameter: "has no text" is not indexed
                throw new UnsupportedCapabilityException(
                        "':missing' (and _filter's 'pr') is not supported on the full-text parameter '" + def.code()
                                + "'");
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
                values.add(valueParser.value(def, modifier, hint, item));
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

    /** Refuses a {@code :[type]} modifier that names no target of the reference parameter {@code def}. */
    private static void checkTypeModifier(
            String type, SearchParameterDefinition def, String typeModifier, String name) {
        if (!isTarget(def, typeModifier)) {
            throw new InvalidSearchException("Parameter '" + name + "': type '" + typeModifier
                    + "' is not a target of reference parameter '" + def.code() + "' of " + type
                    + " (targets: " + String.join(", ", def.target()) + ")");
        }
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

    private List<String> targets(SearchParameterDefinition def) {
        return def.target().isEmpty() ? List.copyOf(registry.resourceTypes()) : def.target();
    }

    /** The code of a parameter name: up to the first ':' or '.'. */
    static String head(String name) {
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
}
