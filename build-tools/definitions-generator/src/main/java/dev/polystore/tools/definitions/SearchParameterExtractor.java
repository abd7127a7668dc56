package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the fields of the official SearchParameters that search needs. A definition is official when its
 * {@code version} is the release itself: the R5 core package also holds a few spec examples (version 1 or none),
 * which are left out.
 */
final class SearchParameterExtractor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SearchParameterExtractor() {}

    /** The official SearchParameters of {@code release}, sorted by url. */
    static ArrayNode extract(List<FhirNode> resources, String release, Set<String> resourceTypes, Report report) {
        TreeMap<String, ObjectNode> byUrl = new TreeMap<>();
        for (FhirNode sp : resources) {
            if (!"SearchParameter".equals(sp.resourceType())) {
                continue;
            }
            String url = require(sp, "url");
            if (!release.equals(sp.string("version"))) {
                report.excluded("SearchParameter", url + " (version " + sp.string("version") + ")");
                continue;
            }
            ObjectNode out = NODES.objectNode();
            out.put("url", url);
            out.put("code", require(sp, "code"));
            List<String> bases = sp.strings("base");
            if (bases.isEmpty()) {
                throw new IllegalStateException(url + " has no base");
            }
            for (String base : bases) {
                if (!resourceTypes.contains(base)) {
                    throw new IllegalStateException(url + " has base " + base + ", which is no resource type");
                }
            }
            strings(out, "base", bases);
            out.put("type", require(sp, "type"));
            String expression = sp.string("expression");
            if (expression != null) {
                out.put("expression", expression);
            }
            strings(out, "target", sp.strings("target"));
            strings(out, "modifier", sp.strings("modifier"));
            strings(out, "comparator", sp.strings("comparator"));
            List<FhirNode> components = sp.children("component");
            if (!components.isEmpty()) {
                ArrayNode array = out.putArray("component");
                for (FhirNode component : components) {
                    ObjectNode c = array.addObject();
                    c.put("definition", require(component, "definition"));
                    c.put("expression", require(component, "expression"));
                }
            }
            bool(out, "multipleOr", sp.string("multipleOr"));
            bool(out, "multipleAnd", sp.string("multipleAnd"));
            if (byUrl.put(url, out) != null) {
                throw new IllegalStateException("duplicate SearchParameter " + url);
            }
        }
        ArrayNode result = NODES.arrayNode();
        byUrl.values().forEach(result::add);
        return result;
    }

    static String require(FhirNode node, String name) {
        String value = node.string(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("missing " + name + " in " + node.resourceType());
        }
        return value;
    }

    private static void strings(ObjectNode out, String name, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = out.putArray(name);
            values.forEach(array::add);
        }
    }

    private static void bool(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, Boolean.parseBoolean(value));
        }
    }
}
