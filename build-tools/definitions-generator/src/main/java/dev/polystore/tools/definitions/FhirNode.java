package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A read-only view of one FHIR element, the same for the JSON and the XML format, so that the extractors read both
 * formats with one code path. Only what the extractors need: primitive values, repeated children and the resource
 * type.
 */
abstract class FhirNode {

    /** The resource type when this node is a resource ({@code resourceType} in JSON, the element name in XML). */
    abstract String resourceType();

    /** The children called {@code name}, in document order; empty when absent. */
    abstract List<FhirNode> children(String name);

    /** The primitive value of child {@code name} (in XML also an attribute such as {@code url}); null when absent. */
    abstract String string(String name);

    /** The first child called {@code name}, or null. */
    final FhirNode child(String name) {
        List<FhirNode> all = children(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The primitive values of the repeated child {@code name}, in document order. */
    abstract List<String> strings(String name);

    static FhirNode json(JsonNode node) {
        return new JsonFhirNode(node);
    }

    static FhirNode xml(Element element) {
        return new XmlFhirNode(element);
    }

    private static final class JsonFhirNode extends FhirNode {
        private final JsonNode node;

        JsonFhirNode(JsonNode node) {
            this.node = node;
        }

        @Override
        String resourceType() {
            return string("resourceType");
        }

        @Override
        List<FhirNode> children(String name) {
            JsonNode value = node.get(name);
            List<FhirNode> result = new ArrayList<>();
            if (value == null || value.isNull()) {
                return result;
            }
            if (value.isArray()) {
                value.forEach(item -> result.add(new JsonFhirNode(item)));
            } else {
                result.add(new JsonFhirNode(value));
            }
            return result;
        }

        @Override
        String string(String name) {
            JsonNode value = node.get(name);
            return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
        }

        @Override
        List<String> strings(String name) {
            JsonNode value = node.get(name);
            List<String> result = new ArrayList<>();
            if (value == null || value.isNull()) {
                return result;
            }
            if (value.isArray()) {
                value.forEach(item -> {
                    if (item.isValueNode() && !item.isNull()) {
                        result.add(item.asText());
                    }
                });
            } else if (value.isValueNode()) {
                result.add(value.asText());
            }
            return result;
        }
    }

    private static final class XmlFhirNode extends FhirNode {
        private final Element element;

        XmlFhirNode(Element element) {
            this.element = element;
        }

        @Override
        String resourceType() {
            return element.getLocalName();
        }

        private List<Element> childElements(String name) {
            List<Element> result = new ArrayList<>();
            for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && name.equals(e.getLocalName())) {
                    result.add(e);
                }
            }
            return result;
        }

        @Override
        List<FhirNode> children(String name) {
            List<FhirNode> result = new ArrayList<>();
            for (Element e : childElements(name)) {
                result.add(new XmlFhirNode(e));
            }
            return result;
        }

        @Override
        String string(String name) {
            for (Element e : childElements(name)) {
                if (e.hasAttribute("value")) {
                    return e.getAttribute("value");
                }
                return null;
            }
            return element.hasAttribute(name) ? element.getAttribute(name) : null;
        }

        @Override
        List<String> strings(String name) {
            List<String> result = new ArrayList<>();
            for (Element e : childElements(name)) {
                if (e.hasAttribute("value")) {
                    result.add(e.getAttribute("value"));
                }
            }
            return result;
        }
    }
}
