package dev.polystore.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.ElementModel;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The views of a resource that {@code _summary} and {@code _elements} ask for (R4 search.html 3.1.1.5.8/9): a pure
 * function from a resource tree to a new tree; the input is never changed.
 *
 * <ul>
 *   <li>{@link ResolvedSearch.SummaryMode#TRUE}: the elements the StructureDefinitions mark {@code isSummary}, and the
 *       mandatory ones (minimum cardinality above 0), at the top level and, recursively, inside backbone elements
 *       kept; values of datatypes (HumanName, CodeableConcept, Extension, ...) and contained resources are kept
 *       whole;
 *   <li>{@link ResolvedSearch.SummaryMode#TEXT}: {@code text}, {@code id}, {@code meta} and the top-level mandatory
 *       elements;
 *   <li>{@link ResolvedSearch.SummaryMode#DATA}: everything but {@code text};
 *   <li>{@code _elements}: the named top-level elements ({@code value} names every {@code value[x]} form, {@code
 *       valueQuantity} only that one), plus {@code id}, {@code meta} and the mandatory elements.
 * </ul>
 *
 * {@code resourceType} is always kept, and a primitive's extension property ({@code _birthDate}) goes with its
 * element. Properties the element model does not know are dropped, except under {@code DATA}. Every view carries the
 * tag {@value #SUBSETTED_CODE} ({@value #SUBSETTED_SYSTEM}) in {@code meta.tag}, added once, as search.html requires
 * of subsetted resources, so that nobody writes one back over the whole resource. When both {@code _summary} and
 * {@code _elements} are given, an element is kept only when both views keep it.
 *
 * @since 0.1
 */
public final class ResourceSubsetter {

    /** The code system of the subsetting tag. */
    public static final String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /** The code of the subsetting tag. */
    public static final String SUBSETTED_CODE = "SUBSETTED";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ALWAYS = Set.of("id", "meta");

    private final ElementModel model;
    /** Per type or backbone path: JSON property name (choice forms spelled out) to element. */
    private final Map<String, Map<String, ElementInfo>> propertiesByPath = new ConcurrentHashMap<>();

    public ResourceSubsetter(ElementModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Whether {@code summary} asks for a view other than the whole resource ({@code count} has no resources). */
    public static boolean subsets(ResolvedSearch.SummaryMode summary) {
        return summary == ResolvedSearch.SummaryMode.TRUE
                || summary == ResolvedSearch.SummaryMode.TEXT
                || summary == ResolvedSearch.SummaryMode.DATA;
    }

    /**
     * The {@code _elements} names that apply to a resource of {@code resourceType}: the unqualified names when the
     * resource is a match, and the {@code Type.element} names (R5) whose type is {@code resourceType}, for matches
     * and included resources alike. Empty when none applies (the resource is then not subsetted by {@code
     * _elements}).
     */
    public static Set<String> elementsFor(String resourceType, List<String> elements, boolean match) {
        Set<String> names = new LinkedHashSet<>();
        for (String element : elements) {
            int dot = element.indexOf('.');
            if (dot < 0) {
                if (match) {
                    names.add(element);
                }
            } else if (element.substring(0, dot).equals(resourceType)) {
                names.add(element.substring(dot + 1));
            }
        }
        return names;
    }

    /**
     * The view of {@code resource}: {@code summary} (null or {@code FALSE}/{@code COUNT}: no summary view) combined
     * with {@code elements} (the top-level names that apply to this resource, see {@link #elementsFor}; empty: no
     * {@code _elements} view). Returns {@code resource} itself when neither asks for a subset.
     */
    public ObjectNode subset(ObjectNode resource, ResolvedSearch.SummaryMode summary, Set<String> elements) {
        boolean bySummary = subsets(summary);
        boolean byElements = !elements.isEmpty();
        if (!bySummary && !byElements) {
            return resource;
        }
        String type = resource.path("resourceType").asText();
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : resource.properties()) {
            String key = property.getKey();
            if (key.equals("resourceType")) {
                out.set(key, property.getValue());
                continue;
            }
            String name = key.startsWith("_") ? key.substring(1) : key;
            ElementInfo info = properties(type).get(name);
            boolean keep = (!bySummary || keptBySummary(summary, name, info))
                    && (!byElements || keptByElements(elements, name, info));
            if (!keep) {
                continue;
            }
            JsonNode value = property.getValue();
            if (summary == ResolvedSearch.SummaryMode.TRUE && info != null && isBackbone(info)) {
                value = summarize(value, info.childPath());
            }
            out.set(key, key.equals("meta") ? value.deepCopy() : value);
        }
        return tagged(out);
    }

    private static boolean keptBySummary(ResolvedSearch.SummaryMode summary, String name, ElementInfo info) {
        return switch (summary) {
            case TRUE -> ALWAYS.contains(name) || (info != null && (info.summary() || info.mandatory()));
            case TEXT -> ALWAYS.contains(name) || name.equals("text") || (info != null && info.mandatory());
            case DATA -> !name.equals("text");
            default -> true;
        };
    }

    private static boolean keptByElements(Set<String> elements, String name, ElementInfo info) {
        if (ALWAYS.contains(name) || elements.contains(name)) {
            return true;
        }
        return info != null && (info.mandatory() || (info.choice() && elements.contains(info.name())));
    }

    /** {@code _summary=true} inside a backbone element (or an array of them) at {@code path}. */
    private JsonNode summarize(JsonNode value, String path) {
        if (value.isArray()) {
            ArrayNode array = NODES.arrayNode();
            value.forEach(item -> array.add(summarize(item, path)));
            return array;
        }
        if (!value.isObject()) {
            return value;
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            String key = property.getKey();
            String name = key.startsWith("_") ? key.substring(1) : key;
            ElementInfo info = properties(path).get(name);
            if (info == null || !(info.summary() || info.mandatory())) {
                continue;
            }
            JsonNode child = property.getValue();
            out.set(key, isBackbone(info) ? summarize(child, info.childPath()) : child);
        }
        return out;
    }

    /** A backbone element (declared in place or by content reference): its own elements carry summary flags. */
    private static boolean isBackbone(ElementInfo info) {
        return info.childPath() != null && info.childPath().indexOf('.') > 0;
    }

    private Map<String, ElementInfo> properties(String path) {
        return propertiesByPath.computeIfAbsent(path, p -> {
            Map<String, ElementInfo> byProperty = new HashMap<>();
            for (ElementInfo info : model.children(p)) {
                byProperty.put(info.name(), info);
                if (info.choice()) {
                    for (String t : info.types()) {
                        byProperty.put(info.name() + Character.toUpperCase(t.charAt(0)) + t.substring(1), info);
                    }
                }
            }
            return Map.copyOf(byProperty);
        });
    }

    /** {@code resource} with the subsetting tag in {@code meta.tag} (meta placed after id when it was absent). */
    private static ObjectNode tagged(ObjectNode resource) {
        ObjectNode result = resource;
        if (!(resource.get("meta") instanceof ObjectNode)) {
            result = NODES.objectNode();
            for (Map.Entry<String, JsonNode> property : resource.properties()) {
                if (!property.getKey().equals("meta")) {
                    result.set(property.getKey(), property.getValue());
                }
                if (property.getKey().equals("id")) {
                    result.putObject("meta");
                }
            }
            if (!result.has("meta")) {
                result.putObject("meta");
            }
        }
        ObjectNode meta = (ObjectNode) result.get("meta");
        JsonNode tags = meta.get("tag");
        ArrayNode tagArray = tags instanceof ArrayNode array ? array : meta.putArray("tag");
        for (JsonNode tag : tagArray) {
            if (SUBSETTED_SYSTEM.equals(tag.path("system").asText(null))
                    && SUBSETTED_CODE.equals(tag.path("code").asText(null))) {
                return result;
            }
        }
        tagArray.addObject()
                .put("system", SUBSETTED_SYSTEM)
                .put("code", SUBSETTED_CODE)
                .put("display", "Resource encoded in summary mode");
        return result;
    }
}
