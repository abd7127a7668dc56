package dev.polystore.core.search;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.search.FilterParser.Comparison;
import dev.polystore.core.search.FilterParser.Node;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a parsed {@code _filter} ({@link FilterParser}) against the search parameters of one resource type into
 * criteria: {@code and}/{@code or}/{@code not} become {@link Criterion.And}/{@link Criterion.Or}/{@link Criterion.Not},
 * each comparison becomes the ordinary criterion with the same meaning, built by the {@link CriterionParser} from the
 * equivalent {@code name[:modifier]=[prefix]value}, so values are parsed and checked exactly as in ordinary search.
 *
 * <p>The operator mapping (docs/decisions.md has the table): {@code eq} is {@code :exact} on strings, the {@code eq}
 * prefix on numbers, dates and quantities, and plain equality elsewhere; {@code ne} is the {@code ne} prefix on
 * ordered types and {@code not (eq)} elsewhere; {@code co} is {@code :contains}, {@code sw} the default string
 * search; {@code gt lt ge le sa eb ap} are the prefixes; {@code pr} is {@code :missing} inverted; {@code ss}/{@code sb}
 * are {@code :below}/{@code :above}; {@code in}/{@code ni} are {@code :in}/{@code :not-in}; {@code re} is a reference
 * match; {@code ew} is a {@link SearchValue.StringEnd}, normalized like the default string search, and {@code po} a
 * {@link SearchValue.DateOverlap}. Operators on types they do not apply to are refused with {@link
 * UnsupportedCapabilityException}.
 */
final class FilterCriteria {

    private final SearchParameterRegistry registry;
    private final CriterionParser criterionParser;

    FilterCriteria(SearchParameterRegistry registry, CriterionParser criterionParser) {
        this.registry = registry;
        this.criterionParser = criterionParser;
    }

    /** The criterion {@code node} means on resources of {@code type}. */
    Criterion resolve(String type, Node node) {
        if (node instanceof FilterParser.AndNode and) {
            return new Criterion.And(all(type, and.operands()));
        }
        if (node instanceof FilterParser.OrNode or) {
            return new Criterion.Or(all(type, or.operands()));
        }
        if (node instanceof FilterParser.NotNode not) {
            return new Criterion.Not(resolve(type, not.operand()));
        }
        return comparison(type, (Comparison) node, 0);
    }

    private List<Criterion> all(String type, List<Node> nodes) {
        List<Criterion> criteria = new ArrayList<>();
        for (Node n : nodes) {
            criteria.add(resolve(type, n));
        }
        return criteria;
    }

    /** The comparison {@code c} from its path step {@code step} on, resolved against {@code type}. */
    private Criterion comparison(String type, Comparison c, int step) {
        FilterParser.Step s = c.path().get(step);
        SearchParameterDefinition def = registry.find(type, s.name())
                .orElseThrow(() -> invalid(c, "unknown search parameter '" + s.name() + "' for " + type));
        if (step == c.path().size() - 1) {
            return leaf(type, def, c);
        }
        if (def.type() == SearchParamType.COMPOSITE && s.subFilter() != null) {
            throw new UnsupportedCapabilityException("_filter sub-filters on composite parameters are not supported"
                    + " ('" + s.name() + "' in '" + c.text() + "')");
        }
        if (def.type() != SearchParamType.REFERENCE) {
            throw invalid(
                    c,
                    "cannot follow " + def.type().code() + " parameter '" + s.name() + "' of " + type
                            + " (only reference parameters take '.' or '[...]')");
        }
        String next = c.path().get(step + 1).name();
        List<String> targets = def.target().isEmpty() ? List.copyOf(registry.resourceTypes()) : def.target();
        Map<String, Criterion> byTarget = new LinkedHashMap<>();
        InvalidSearchException firstError = null;
        for (String target : targets) {
            if (registry.find(target, next).isEmpty()) {
                continue;
            }
            try {
                Criterion inner = comparison(target, c, step + 1);
                if (s.subFilter() != null) {
                    inner = new Criterion.And(List.of(resolve(target, s.subFilter()), inner));
                }
                byTarget.put(target, inner);
            } catch (InvalidSearchException e) {
                // resolvable on other targets, maybe; refused below if on none
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        if (byTarget.isEmpty()) {
            if (firstError != null) {
                throw firstError;
            }
            throw invalid(
                    c,
                    "parameter '" + next + "' is not defined on any target of reference parameter '" + s.name()
                            + "' of " + type + " (" + String.join(", ", targets) + ")");
        }
        return new Criterion.Chain(def, null, byTarget);
    }

    /** The operator applied to the last parameter of the path. */
    private Criterion leaf(String type, SearchParameterDefinition def, Comparison c) {
        String op = c.operator();
        String value = c.value();
        if (value.isEmpty()) {
            throw invalid(c, "empty value");
        }
        SearchParamType t = def.type();
        boolean ordered = t == SearchParamType.NUMBER || t == SearchParamType.DATE || t == SearchParamType.QUANTITY;
        String modifier = null;
        String prefix = "";
        boolean negate = false;
        switch (op) {
            case "pr" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw invalid(c, "operator 'pr' takes true or false");
                }
                return ordinary(type, def, c, "missing", String.valueOf(value.equals("false")));
            }
            case "eq" -> {
                if (ordered) {
                    prefix = "eq";
                } else if (t == SearchParamType.STRING) {
                    modifier = "exact";
                } else {
                    refuseOn(t, c, def, SearchParamType.SPECIAL);
                }
            }
            case "ne" -> {
                if (ordered) {
                    prefix = "ne";
                } else {
                    refuseOn(t, c, def, SearchParamType.SPECIAL);
                    negate = true;
                    modifier = t == SearchParamType.STRING ? "exact" : null;
                }
            }
            case "co" -> {
                requireType(c, def, SearchParamType.STRING);
                modifier = "contains";
            }
            case "sw" -> requireType(c, def, SearchParamType.STRING);
            case "gt", "lt", "ge", "le", "sa", "eb", "ap" -> {
                if (!ordered) {
                    throw unsupported(c, def, "it applies to number, date and quantity parameters");
                }
                prefix = op;
            }
            case "ss", "sb" -> {
                requireType(c, def, SearchParamType.TOKEN, SearchParamType.URI, SearchParamType.REFERENCE);
                modifier = op.equals("ss") ? "below" : "above";
            }
            case "in", "ni" -> {
                requireType(c, def, SearchParamType.TOKEN);
                modifier = op.equals("in") ? "in" : "not-in";
            }
            case "re" -> requireType(c, def, SearchParamType.REFERENCE);
            case "ew" -> {
                requireType(c, def, SearchParamType.STRING);
                // no ordinary modifier ends a string: the value says so itself
                return new Criterion.Value(def, null, null, List.of(new SearchValue.StringEnd(value)));
            }
            case "po" -> {
                requireType(c, def, SearchParamType.DATE);
                prefix = "eq";
            }
            default -> throw new IllegalStateException("operator " + op);
        }
        if (!prefix.isEmpty() && Character.isLetter(value.charAt(0))) {
            throw invalid(
                    c,
                    "value '" + value + "' is not a " + t.code() + " (in _filter the comparison is the operator; a"
                            + " prefix is not written in the value)");
        }
        Criterion criterion = ordinary(type, def, c, modifier, prefix + escape(value));
        if (op.equals("po")) {
            // the value parsed as an ordinary date, then asked to overlap rather than to contain
            SearchValue.Date period =
                    (SearchValue.Date) ((Criterion.Value) criterion).values().get(0);
            return new Criterion.Value(def, null, null, List.of(new SearchValue.DateOverlap(period)));
        }
        return negate ? new Criterion.Not(criterion) : criterion;
    }

    /** The ordinary criterion {@code code[:modifier]=value}, its errors reported as errors of the comparison. */
    private Criterion ordinary(
            String type, SearchParameterDefinition def, Comparison c, String modifier, String ordinaryValue) {
        String name = modifier == null ? def.code() : def.code() + ":" + modifier;
        try {
            return criterionParser.criterion(type, name, ordinaryValue);
        } catch (InvalidSearchException e) {
            throw new InvalidSearchException(prefix(c) + e.getMessage(), e);
        }
    }

    /** The filter value as an ordinary search value: a single item (commas and backslashes escaped). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static void requireType(Comparison c, SearchParameterDefinition def, SearchParamType... types) {
        List<String> names = new ArrayList<>();
        for (SearchParamType t : types) {
            if (def.type() == t) {
                return;
            }
            names.add(t.code());
        }
        throw unsupported(c, def, "it applies to " + String.join(", ", names) + " parameters");
    }

    private static void refuseOn(
            SearchParamType actual, Comparison c, SearchParameterDefinition def, SearchParamType t) {
        if (actual == t) {
            throw unsupported(c, def, "parameters of type " + t.code() + " are not offered in _filter");
        }
    }

    private static UnsupportedCapabilityException unsupported(
            Comparison c, SearchParameterDefinition def, String reason) {
        return new UnsupportedCapabilityException("_filter operator '" + c.operator() + "' is not supported on "
                + def.type().code() + " parameter '" + def.code() + "': " + reason + " (in '" + c.text()
                + "' at position " + c.position() + ")");
    }

    private static InvalidSearchException invalid(Comparison c, String message) {
        return new InvalidSearchException(prefix(c) + message);
    }

    private static String prefix(Comparison c) {
        return "Invalid _filter comparison '" + c.text() + "' at position " + c.position() + ": ";
    }
}
