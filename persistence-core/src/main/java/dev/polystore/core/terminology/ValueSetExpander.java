package dev.polystore.core.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.terminology.Coding;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Expands ValueSets the way a FHIR terminology server does (R4 valueset.html, "Value Set Composition"), from the
 * resources a {@link TerminologySource} finds:
 *
 * <ul>
 *   <li>{@code compose.include}s are united, then every {@code compose.exclude} is removed.
 *   <li>An include (or exclude) with a {@code system} selects: its {@code concept} list as written (the CodeSystem need
 *       not be stored); else the codes passing all its {@code filter}s; else the whole system. It is intersected with
 *       every ValueSet it names in {@code valueSet} ("the intersection of the codes in the system that are also in all
 *       the value sets"); an include with only {@code valueSet}s is their intersection.
 *   <li>A whole system whose CodeSystem is stored with {@code content} complete (or absent) gives its codes; one that
 *       is not stored, or stored as {@code not-present}, {@code example}, {@code fragment} or {@code supplement},
 *       gives the wildcard {@link Coding#anyCodeOf(String)}: every coding with that system. Excluding single codes
 *       from such a wildcard cannot be expressed and is refused ({@link UnsupportedCapabilityException}).
 *   <li>Filters need the stored CodeSystem (else {@link UnsupportedCapabilityException}): {@code is-a}, {@code
 *       descendent-of}, {@code is-not-a}, {@code generalizes}, {@code child-of} on {@code concept} (or {@code code});
 *       {@code =} on {@code concept}/{@code code}, {@code display} or any concept property; {@code in} and {@code
 *       not-in} (comma-separated codes) on {@code concept}; {@code exists} on a property. Other operators are refused.
 *   <li>A ValueSet without {@code compose} gives the codes of its {@code expansion.contains} (nested, abstract entries
 *       left out); without either it is empty.
 *   <li>An imported ValueSet that is not stored is an {@link InvalidSearchException}, as is an import cycle.
 *   <li>More than {@link #MAX_CODES} codes at any step is refused with {@link UnsupportedCapabilityException}.
 * </ul>
 */
final class ValueSetExpander {
    /** The largest expansion (and intermediate code set) computed, in codes. */
    static final int MAX_CODES = 20_000;

    private final TerminologySource source;
    private final Map<String, Optional<CodeSystemHierarchy>> codeSystems = new HashMap<>();
    private final Deque<String> importing = new ArrayDeque<>();

    ValueSetExpander(TerminologySource source) {
        this.source = source;
    }

    /** The expansion of a ValueSet canonical {@code url[|version]}, empty when the ValueSet is not stored. */
    Optional<Set<Coding>> expand(String canonical) {
        String[] parts = splitCanonical(canonical);
        Optional<JsonNode> valueSet = source.valueSet(parts[0], parts[1]);
        if (valueSet.isEmpty()) {
            return Optional.empty();
        }
        if (importing.contains(canonical)) {
            throw new InvalidSearchException(
                    "ValueSet import cycle: " + String.join(" -> ", importing) + " -> " + canonical);
        }
        importing.addLast(canonical);
        try {
            return Optional.of(expand(valueSet.get()));
        } finally {
            importing.removeLast();
        }
    }

    /** The CodeSystem hierarchy of a url (the most recent version), if stored. */
    Optional<CodeSystemHierarchy> codeSystem(String url, String version) {
        return codeSystems.computeIfAbsent(
                url + "|" + (version == null ? "" : version), k -> source.codeSystem(url, version));
    }

    static String[] splitCanonical(String canonical) {
        int bar = canonical.lastIndexOf('|');
        if (bar < 0) {
            return new String[] {canonical, null};
        }
        String version = canonical.substring(bar + 1);
        return new String[] {canonical.substring(0, bar), version.isEmpty() ? null : version};
    }

    private Set<Coding> expand(JsonNode valueSet) {
        JsonNode compose = valueSet.path("compose");
        if (!compose.isObject()) {
            Set<Coding> codes = new LinkedHashSet<>();
            contains(valueSet.path("expansion").path("contains"), codes);
            return codes;
        }
        Set<Coding> codes = new LinkedHashSet<>();
        for (JsonNode include : compose.path("include")) {
            codes.addAll(selection(include));
            limit(codes.size());
        }
        for (JsonNode exclude : compose.path("exclude")) {
            remove(codes, selection(exclude));
        }
        return codes;
    }

    private void contains(JsonNode contains, Set<Coding> into) {
        for (JsonNode c : contains) {
            String system = c.path("system").asText("");
            String code = c.path("code").asText("");
            if (!system.isEmpty() && !code.isEmpty() && !c.path("abstract").asBoolean(false)) {
                into.add(Coding.of(system, code));
                limit(into.size());
            }
            contains(c.path("contains"), into);
        }
    }

    /** The codes one include or exclude selects. */
    private Set<Coding> selection(JsonNode part) {
        String system = part.path("system").asText("");
        Set<Coding> selected = null;
        if (!system.isEmpty()) {
            selected = systemSelection(system, part.path("version").asText(null), part);
        }
        for (JsonNode imported : part.path("valueSet")) {
            String canonical = imported.asText();
            Set<Coding> other = expand(canonical)
                    .orElseThrow(() -> new InvalidSearchException(
                            "ValueSet '" + canonical + "' is imported but is not stored in this tenant"));
            selected = selected == null ? other : intersect(selected, other);
        }
        return selected == null ? Set.of() : selected;
    }

    private Set<Coding> systemSelection(String system, String version, JsonNode part) {
        Set<Coding> codes = new LinkedHashSet<>();
        if (part.has("concept")) {
            for (JsonNode c : part.path("concept")) {
                String code = c.path("code").asText("");
                if (!code.isEmpty()) {
                    codes.add(Coding.of(system, code));
                }
            }
            limit(codes.size());
            return codes;
        }
        Optional<CodeSystemHierarchy> stored = codeSystem(system, version);
        if (!part.has("filter")) {
            if (stored.isEmpty() || !stored.get().complete()) {
                return Set.of(Coding.anyCodeOf(system));
            }
            limit(stored.get().codes().size());
            stored.get().codes().forEach(code -> codes.add(Coding.of(system, code)));
            return codes;
        }
        CodeSystemHierarchy cs = stored.orElseThrow(() -> new UnsupportedCapabilityException(
                "ValueSet filters on " + system + " need its CodeSystem, which is not stored in this tenant"));
        Set<String> passing = null;
        for (JsonNode filter : part.path("filter")) {
            Set<String> these = ValueSetFilters.apply(cs, filter);
            passing = passing == null ? these : retain(passing, these::contains);
        }
        limit(passing.size());
        passing.forEach(code -> codes.add(Coding.of(system, code)));
        return codes;
    }

    private static Set<String> retain(Set<String> codes, Predicate<String> keep) {
        Set<String> kept = new LinkedHashSet<>();
        for (String c : codes) {
            if (keep.test(c)) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Codes in both sets; a wildcard on one side admits the other side's codes of its system. */
    static Set<Coding> intersect(Set<Coding> a, Set<Coding> b) {
        Set<Coding> result = new LinkedHashSet<>();
        for (Coding c : a) {
            if (covers(b, c)) {
                result.add(c);
            }
        }
        for (Coding c : b) {
            if (covers(a, c)) {
                result.add(c);
            }
        }
        // a specific code admitted by a wildcard makes the wildcard itself too broad: keep it only when both have it
        result.removeIf(c -> c.wholeSystem() && !(a.contains(c) && b.contains(c)));
        return result;
    }

    private static boolean covers(Set<Coding> set, Coding c) {
        return set.contains(c) || set.contains(Coding.anyCodeOf(c.system()));
    }

    /** Removes the excluded codes; excluding single codes from a wildcard is refused. */
    static void remove(Set<Coding> codes, Set<Coding> excluded) {
        for (Coding x : excluded) {
            if (x.wholeSystem()) {
                codes.removeIf(c -> c.system().equals(x.system()));
            } else if (codes.contains(Coding.anyCodeOf(x.system()))) {
                throw new UnsupportedCapabilityException("Cannot exclude " + x + " from every code of " + x.system()
                        + ": its CodeSystem is not stored in this tenant with its complete content");
            } else {
                codes.remove(x);
            }
        }
    }

    static void limit(int size) {
        if (size > MAX_CODES) {
            throw new UnsupportedCapabilityException(
                    "ValueSet expansions of more than " + MAX_CODES + " codes are not supported");
        }
    }
}
