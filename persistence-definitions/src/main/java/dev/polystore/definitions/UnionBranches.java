package dev.polystore.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Narrows the expression of a SearchParameter shared by several resource types to the branches for one type. Shared
 * definitions such as {@code clinical-code} have one union branch per type, for example {@code AllergyIntolerance.code
 * | Condition.code | (DeviceRequest.code as CodeableConcept) | ... | Observation.code}; for Observation only
 * {@code Observation.code} applies.
 */
final class UnionBranches {
    private UnionBranches() {}

    /**
     * {@code expression} without the union branches rooted at a resource type that is not in {@code types} (a
     * resource type and its base types). This keeps the meaning: evaluated on a resource of that type, a branch rooted
     * at another type is always empty. Branches without such a root are kept. {@code expression} itself when nothing
     * is dropped, or when every branch would be (the definition then has no branch for the type).
     */
    static String narrow(String expression, Set<String> types, Predicate<String> isResourceType) {
        if (expression == null || expression.indexOf('|') < 0) {
            return expression;
        }
        List<String> branches = split(expression);
        List<String> kept = new ArrayList<>();
        for (String branch : branches) {
            String root = root(branch);
            if (root == null || !isResourceType.test(root) || types.contains(root)) {
                kept.add(branch);
            }
        }
        if (kept.isEmpty() || kept.size() == branches.size()) {
            return expression;
        }
        return String.join(" | ", kept);
    }

    /** The top-level {@code |} branches, trimmed; string literals, quoted identifiers and brackets are respected. */
    static List<String> split(String expression) {
        List<String> branches = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            switch (c) {
                case '\'', '`' -> i = skipQuoted(expression, i, c);
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case '|' -> {
                    if (depth == 0) {
                        branches.add(expression.substring(start, i).strip());
                        start = i + 1;
                    }
                }
                default -> {
                    // part of a branch
                }
            }
        }
        branches.add(expression.substring(start).strip());
        return branches;
    }

    private static int skipQuoted(String s, int open, char quote) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return s.length();
    }

    /** The identifier a branch starts with, after opening parentheses: {@code (DeviceRequest.code as X)} → DeviceRequest. */
    private static String root(String branch) {
        int i = 0;
        while (i < branch.length() && (branch.charAt(i) == '(' || Character.isWhitespace(branch.charAt(i)))) {
            i++;
        }
        int start = i;
        while (i < branch.length() && Character.isLetterOrDigit(branch.charAt(i))) {
            i++;
        }
        if (i == start || (i < branch.length() && branch.charAt(i) != '.')) {
            return null;
        }
        return branch.substring(start, i);
    }
}
