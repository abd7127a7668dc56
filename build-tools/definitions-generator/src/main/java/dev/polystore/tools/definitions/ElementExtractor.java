package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The type model of a release, from the StructureDefinitions of its types and resources:
 *
 * <pre>{@code
 * {"types":    {"Age": {"kind": "complex-type", "base": "Quantity"}, "Resource": {"kind": "resource", "abstract": true}, ...},
 *  "elements": {"Observation": [{"name": "value", "types": ["Quantity", ...], "choice": true}, ...],
 *               "Observation.component": [...], ...}}
 * }</pre>
 *
 * An element carries {@code "summary": true} when its definition says {@code isSummary} and {@code "mandatory": true}
 * when its minimum cardinality is above 0 (for {@code _summary} and {@code _elements}); both are left out when false
 * to keep the shipped model small.
 *
 * Only the elements a type or backbone element declares itself are written; inherited ones (Patient.id from Resource,
 * Observation.component.extension from Element) are found at runtime through the base type. The {@code value} of
 * primitive types is left out: in JSON a primitive is the property itself.
 */
final class ElementExtractor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";
    private static final String FHIR_TYPE_EXTENSION = CORE + "structuredefinition-fhir-type";
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private final Map<String, ObjectNode> types = new TreeMap<>();
    private final Map<String, List<ObjectNode>> elements = new TreeMap<>();

    private ElementExtractor() {}

    /** The result: the JSON document and the names of the resource types (abstract ones included). */
    record Result(ObjectNode json, Set<String> resourceTypes) {}

    static Result extract(List<FhirNode> resources, Report report) {
        ElementExtractor extractor = new ElementExtractor();
        List<FhirNode> specializations = new ArrayList<>();
        for (FhirNode sd : resources) {
            if ("StructureDefinition".equals(sd.resourceType()) && extractor.addType(sd, report)) {
                if (!"constraint".equals(sd.string("derivation"))) {
                    specializations.add(sd);
                }
            }
        }
        Map<String, FhirNode> allElements = new HashMap<>();
        for (FhirNode sd : specializations) {
            for (FhirNode element : snapshot(sd)) {
                allElements.putIfAbsent(SearchParameterExtractor.require(element, "path"), element);
            }
        }
        for (FhirNode sd : specializations) {
            extractor.addElements(sd, allElements);
        }
        extractor.checkTypeCodes();
        return extractor.result();
    }

    /** Records the type an SD defines; false when the SD is no core type (profiles, logical models, examples). */
    private boolean addType(FhirNode sd, Report report) {
        String kind = sd.string("kind");
        String derivation = sd.string("derivation");
        String id = sd.string("id");
        boolean typeKind = "primitive-type".equals(kind) || "complex-type".equals(kind) || "resource".equals(kind);
        String name;
        if (typeKind && !"constraint".equals(derivation)) {
            name = sd.string("type");
        } else if ("complex-type".equals(kind)
                && id != null
                && TYPE_NAME.matcher(id).matches()) {
            name = id; // named datatype profiles such as SimpleQuantity and MoneyQuantity
        } else {
            report.excluded("StructureDefinition", id + " (" + kind + ", " + derivation + ")");
            return false;
        }
        if (!(CORE + name).equals(sd.string("url"))) {
            report.excluded("StructureDefinition", id + " (url " + sd.string("url") + ")");
            return false;
        }
        ObjectNode type = NODES.objectNode();
        type.put("kind", kind);
        String baseDefinition = sd.string("baseDefinition");
        if (baseDefinition != null) {
            if (!baseDefinition.startsWith(CORE)) {
                throw new IllegalStateException(name + " derives from " + baseDefinition);
            }
            type.put("base", baseDefinition.substring(CORE.length()));
        }
        if ("true".equals(sd.string("abstract"))) {
            type.put("abstract", true);
        }
        if (types.put(name, type) != null) {
            throw new IllegalStateException("two StructureDefinitions for type " + name);
        }
        return true;
    }

    private static List<FhirNode> snapshot(FhirNode sd) {
        FhirNode snapshot = sd.child("snapshot");
        if (snapshot == null) {
            throw new IllegalStateException("StructureDefinition " + sd.string("url") + " has no snapshot");
        }
        return snapshot.children("element");
    }

    private void addElements(FhirNode sd, Map<String, FhirNode> allElements) {
        if ("primitive-type".equals(sd.string("kind"))) {
            return;
        }
        List<FhirNode> snapshot = snapshot(sd);
        Set<String> parents = new HashSet<>();
        for (FhirNode element : snapshot) {
            String path = SearchParameterExtractor.require(element, "path");
            int dot = path.lastIndexOf('.');
            if (dot > 0) {
                parents.add(path.substring(0, dot));
            }
        }
        for (FhirNode element : snapshot) {
            String path = SearchParameterExtractor.require(element, "path");
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                continue; // the type itself
            }
            FhirNode base = element.child("base");
            if (base == null || !path.equals(base.string("path"))) {
                continue; // inherited: served by the base type at runtime
            }
            String parent = path.substring(0, dot);
            String name = path.substring(dot + 1);
            boolean choice = name.endsWith("[x]");
            if (choice) {
                name = name.substring(0, name.length() - 3);
            }
            List<String> typeCodes;
            String childPath;
            String contentReference = element.string("contentReference");
            if (contentReference != null) {
                String target = contentReference.substring(contentReference.indexOf('#') + 1);
                FhirNode referenced = allElements.get(target);
                if (referenced == null) {
                    throw new IllegalStateException(path + " refers to unknown " + contentReference);
                }
                typeCodes = typeCodes(referenced);
                childPath = target;
            } else {
                typeCodes = typeCodes(element);
                if (parents.contains(path)) {
                    childPath = path;
                } else if (typeCodes.size() == 1) {
                    childPath = typeCodes.get(0);
                } else {
                    childPath = null;
                }
            }
            if (typeCodes.isEmpty()) {
                throw new IllegalStateException(path + " has no type");
            }
            ObjectNode out = NODES.objectNode();
            out.put("name", name);
            ArrayNode typeArray = out.putArray("types");
            typeCodes.forEach(typeArray::add);
            if (choice) {
                out.put("choice", true);
            }
            String max = SearchParameterExtractor.require(element, "max");
            if (!"1".equals(max)) {
                out.put("repeating", true);
            }
            if (childPath != null) {
                out.put("childPath", childPath);
            }
            if ("true".equals(element.string("isSummary"))) {
                out.put("summary", true);
            }
            String min = element.string("min");
            if (min != null && !"0".equals(min)) {
                out.put("mandatory", true);
            }
            List<ObjectNode> siblings = elements.computeIfAbsent(parent, p -> new ArrayList<>());
            for (ObjectNode sibling : siblings) {
                if (sibling.get("name").asText().equals(name)) {
                    throw new IllegalStateException("two elements " + path);
                }
            }
            siblings.add(out);
        }
    }

    /** The FHIR type codes of an element; a FHIRPath system type is replaced by the FHIR type its extension names. */
    private static List<String> typeCodes(FhirNode element) {
        Set<String> codes = new LinkedHashSet<>();
        for (FhirNode type : element.children("type")) {
            String code = SearchParameterExtractor.require(type, "code");
            if (code.startsWith("http://hl7.org/fhirpath/System.")) {
                for (FhirNode extension : type.children("extension")) {
                    if (FHIR_TYPE_EXTENSION.equals(extension.string("url"))) {
                        String fhirType = extension.string("valueUrl");
                        code = fhirType != null ? fhirType : extension.string("valueUri");
                    }
                }
            }
            if (code == null) {
                throw new IllegalStateException("bad fhir-type extension in " + element.string("path"));
            }
            codes.add(code);
        }
        return new ArrayList<>(codes);
    }

    private void checkTypeCodes() {
        Set<String> unknown = new TreeSet<>();
        for (List<ObjectNode> list : elements.values()) {
            for (ObjectNode element : list) {
                element.get("types").forEach(t -> {
                    if (!types.containsKey(t.asText())) {
                        unknown.add(t.asText());
                    }
                });
            }
        }
        types.forEach((name, type) -> {
            if (type.has("base") && !types.containsKey(type.get("base").asText())) {
                unknown.add(type.get("base").asText());
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("element types without a StructureDefinition: " + unknown);
        }
    }

    private Result result() {
        ObjectNode json = NODES.objectNode();
        ObjectNode typesOut = json.putObject("types");
        Set<String> resourceTypes = new TreeSet<>();
        types.forEach((name, type) -> {
            typesOut.set(name, type);
            if ("resource".equals(type.get("kind").asText())) {
                resourceTypes.add(name);
            }
        });
        ObjectNode elementsOut = json.putObject("elements");
        elements.forEach((parent, list) -> {
            ArrayNode array = elementsOut.putArray(parent);
            list.forEach(array::add);
        });
        return new Result(json, Set.copyOf(resourceTypes));
    }
}
