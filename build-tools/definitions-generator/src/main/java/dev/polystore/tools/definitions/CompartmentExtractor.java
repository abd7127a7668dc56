package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The official CompartmentDefinitions as {@code {compartment code: {resource type: [param, ...]}}}. Resource types
 * listed without any param (not in the compartment) are left out. Official means {@code version} = the release (the
 * R5 package also holds a CompartmentDefinition example).
 */
final class CompartmentExtractor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CompartmentExtractor() {}

    static ObjectNode extract(List<FhirNode> resources, String release, Set<String> resourceTypes, Report report) {
        TreeMap<String, ObjectNode> byCode = new TreeMap<>();
        for (FhirNode cd : resources) {
            if (!"CompartmentDefinition".equals(cd.resourceType())) {
                continue;
            }
            String url = SearchParameterExtractor.require(cd, "url");
            if (!release.equals(cd.string("version"))) {
                report.excluded("CompartmentDefinition", url + " (version " + cd.string("version") + ")");
                continue;
            }
            String code = SearchParameterExtractor.require(cd, "code");
            TreeMap<String, List<String>> params = new TreeMap<>();
            for (FhirNode resource : cd.children("resource")) {
                String type = SearchParameterExtractor.require(resource, "code");
                if (!resourceTypes.contains(type)) {
                    throw new IllegalStateException(url + " lists " + type + ", which is no resource type");
                }
                List<String> list = resource.strings("param");
                if (!list.isEmpty() && params.put(type, list) != null) {
                    throw new IllegalStateException(url + " lists " + type + " twice");
                }
            }
            ObjectNode out = NODES.objectNode();
            params.forEach((type, list) -> {
                ArrayNode array = out.putArray(type);
                list.forEach(array::add);
            });
            if (byCode.put(code, out) != null) {
                throw new IllegalStateException("duplicate CompartmentDefinition " + code);
            }
        }
        ObjectNode result = NODES.objectNode();
        byCode.forEach(result::set);
        return result;
    }
}
