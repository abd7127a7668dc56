package dev.polystore.core.search;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one search value (an item of an OR-list) into the {@link SearchValue} of its parameter's type: numbers, dates
 * and quantities with their prefixes, tokens, references, composites. A malformed value is an {@link
 * IllegalArgumentException} whose message says what is wrong with it.
 */
final class SearchValueParser {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");
    private static final Pattern URL_TAIL =
            Pattern.compile("(?:^|.*/)([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");

    private final SearchParameterRegistry registry;

    SearchValueParser(SearchParameterRegistry registry) {
        this.registry = registry;
    }

    /** The items of the OR-list {@code value} of {@code parameter}, still escaped; an empty item is an error. */
    static List<String> items(String parameter, String value) {
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

    SearchValue value(SearchParameterDefinition def, SearchModifier modifier, String hint, String raw) {
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
            throw new IllegalArgumentException(
                    type + " is not a target type of the parameter (targets: " + String.join(", ", def.target()) + ")");
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

    private static void checkId(String id, String what) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a valid " + what);
        }
    }

    static boolean isTarget(SearchParameterDefinition def, String type) {
        return def.target().isEmpty() || def.target().contains(type);
    }
}
