package dev.polystore.core.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.error.UnsupportedCapabilityException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The {@code compose.include.filter}s the in-tenant terminology evaluates on a stored CodeSystem (R4 filter-operator). */
final class ValueSetFilters {
    private ValueSetFilters() {}

    /** The codes of {@code cs} that pass one filter {@code {property, op, value}}. */
    static Set<String> apply(CodeSystemHierarchy cs, JsonNode filter) {
        String property = filter.path("property").asText("");
        String op = filter.path("op").asText("");
        String value = filter.path("value").asText("");
        boolean onConcept = property.equals("concept") || property.equals("code");
        switch (op) {
            case "is-a" -> {
                requireConcept(onConcept, op, property);
                Set<String> codes = new LinkedHashSet<>();
                if (cs.contains(value)) {
                    codes.add(value);
                }
                codes.addAll(cs.descendants(value));
                return codes;
            }
            case "descendent-of" -> {
                requireConcept(onConcept, op, property);
                return cs.descendants(value);
            }
            case "is-not-a" -> {
                requireConcept(onConcept, op, property);
                Set<String> below = cs.descendants(value);
                return only(cs, c -> !c.equals(value) && !below.contains(c));
            }
            case "generalizes" -> {
                requireConcept(onConcept, op, property);
                Set<String> codes = new LinkedHashSet<>();
                if (cs.contains(value)) {
                    codes.add(value);
                }
                codes.addAll(cs.ancestors(value));
                return codes;
            }
            case "child-of" -> {
                requireConcept(onConcept, op, property);
                return cs.children(value);
            }
            case "in", "not-in" -> {
                requireConcept(onConcept, op, property);
                Set<String> listed = Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
                boolean in = op.equals("in");
                return only(cs, c -> listed.contains(c) == in);
            }
            case "=" -> {
                if (onConcept) {
                    return cs.contains(value) ? Set.of(value) : Set.of();
                }
                if (property.equals("display")) {
                    return only(cs, c -> value.equals(cs.display(c)));
                }
                return only(cs, c -> cs.property(c, property).contains(value));
            }
            case "exists" -> {
                boolean exists = Boolean.parseBoolean(value);
                return only(cs, c -> !cs.property(c, property).isEmpty() == exists);
            }
            default ->
                throw new UnsupportedCapabilityException(
                        "The ValueSet filter operator '" + op + "' (on " + cs.url() + ") is not supported");
        }
    }

    private static void requireConcept(boolean onConcept, String op, String property) {
        if (!onConcept) {
            throw new UnsupportedCapabilityException(
                    "The ValueSet filter '" + property + " " + op + "' is supported only on the property 'concept'");
        }
    }

    private static Set<String> only(CodeSystemHierarchy cs, Predicate<String> keep) {
        Set<String> codes = new LinkedHashSet<>();
        for (String c : cs.codes()) {
            if (keep.test(c)) {
                codes.add(c);
            }
        }
        return codes;
    }
}
