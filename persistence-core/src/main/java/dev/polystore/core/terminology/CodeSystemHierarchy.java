package dev.polystore.core.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The concepts of one stored CodeSystem and their is-a hierarchy (R4 codesystem.html): a concept nested in another's
 * {@code concept} is its child, and the concept properties {@code parent} and {@code subsumedBy} (a parent's code) and
 * {@code child} (a child's code) add edges, recognised by the property code or by the URIs {@code
 * http://hl7.org/fhir/concept-properties#parent|child|subsumedBy}. Walks are guarded against cycles (a cycle makes its
 * members each other's ancestors and descendants, and nothing loops).
 */
final class CodeSystemHierarchy {
    private static final String PROPERTY_URI = "http://hl7.org/fhir/concept-properties#";

    private final String url;
    private final boolean complete;
    private final Map<String, String> displays = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> properties = new LinkedHashMap<>();
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();
    private final Map<String, Set<String>> children = new LinkedHashMap<>();

    private CodeSystemHierarchy(String url, boolean complete) {
        this.url = url;
        this.complete = complete;
    }

    /** Reads a CodeSystem resource. */
    static CodeSystemHierarchy of(JsonNode codeSystem) {
        String content = codeSystem.path("content").asText("complete");
        CodeSystemHierarchy h = new CodeSystemHierarchy(codeSystem.path("url").asText(""), content.equals("complete"));
        Map<String, String> roles = propertyRoles(codeSystem.path("property"));
        h.read(codeSystem.path("concept"), null, roles);
        return h;
    }

    /** The property codes of the CodeSystem that mean parent, child or subsumedBy. */
    private static Map<String, String> propertyRoles(JsonNode declared) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String role : List.of("parent", "child", "subsumedBy")) {
            roles.put(role, role);
        }
        for (JsonNode p : declared) {
            String uri = p.path("uri").asText("");
            if (uri.startsWith(PROPERTY_URI) && p.hasNonNull("code")) {
                String role = uri.substring(PROPERTY_URI.length());
                if (roles.containsKey(role)) {
                    roles.put(p.get("code").asText(), role);
                }
            }
        }
        return roles;
    }

    private void read(JsonNode concepts, String parent, Map<String, String> roles) {
        for (JsonNode c : concepts) {
            String code = c.path("code").asText(null);
            if (code == null || code.isEmpty()) {
                continue;
            }
            displays.putIfAbsent(code, c.path("display").asText(null));
            properties.computeIfAbsent(code, k -> new LinkedHashMap<>());
            parents.computeIfAbsent(code, k -> new LinkedHashSet<>());
            children.computeIfAbsent(code, k -> new LinkedHashSet<>());
            if (parent != null) {
                edge(parent, code);
            }
            for (JsonNode p : c.path("property")) {
                String property = p.path("code").asText("");
                String value = propertyValue(p);
                if (value == null) {
                    continue;
                }
                properties
                        .get(code)
                        .computeIfAbsent(property, k -> new ArrayList<>())
                        .add(value);
                String role = roles.get(property);
                if ("parent".equals(role) || "subsumedBy".equals(role)) {
                    edge(value, code);
                } else if ("child".equals(role)) {
                    edge(code, value);
                }
            }
            read(c.path("concept"), code, roles);
        }
    }

    private void edge(String parent, String child) {
        parents.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
        children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(child);
    }

    /** A property value as text: valueCode, valueString, valueCoding.code, or a boolean, number or date as written. */
    private static String propertyValue(JsonNode p) {
        for (var e : p.properties()) {
            if (e.getKey().startsWith("value")) {
                JsonNode v = e.getValue();
                if (v.isObject()) {
                    return v.path("code").asText(null);
                }
                return v.isValueNode() ? v.asText() : null;
            }
        }
        return null;
    }

    /** The CodeSystem's canonical URL. */
    String url() {
        return url;
    }

    /** Whether the resource lists every concept ({@code content} is {@code complete} or absent). */
    boolean complete() {
        return complete;
    }

    /** Every concept defined (nested ones and codes only named by a {@code child}/{@code parent} property too). */
    Set<String> codes() {
        Set<String> all = new LinkedHashSet<>(displays.keySet());
        all.addAll(parents.keySet());
        return all;
    }

    /** Whether the code is defined. */
    boolean contains(String code) {
        return displays.containsKey(code) || parents.containsKey(code);
    }

    /** The concept's display, or null. */
    String display(String code) {
        return displays.get(code);
    }

    /** The values of one property of a concept (empty when none). */
    List<String> property(String code, String property) {
        return properties.getOrDefault(code, Map.of()).getOrDefault(property, List.of());
    }

    /** The direct children of a code. */
    Set<String> children(String code) {
        return children.getOrDefault(code, Set.of());
    }

    /** Every code below the given one (not the code itself, unless a cycle leads back to it). */
    Set<String> descendants(String code) {
        return walk(code, children);
    }

    /** Every code above the given one (not the code itself, unless a cycle leads back to it). */
    Set<String> ancestors(String code) {
        return walk(code, parents);
    }

    private static Set<String> walk(String start, Map<String, Set<String>> edges) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.poll();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }
}
