package dev.polystore.core.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Runs the FHIRPath Patch cases of the official FHIR test cases (fhir-test-cases, {@code r4/patch/fhir-patch-tests.xml}):
 * each case gives an input resource, a patch and either the expected output or an error. The XML resources are
 * converted to JSON with HAPI, in test code only.
 */
class FhirPathPatchOfficialTest {

    private static final String CASES = "org/hl7/fhir/testcases/r4/patch/fhir-patch-tests.xml";
    private static final FhirContext HAPI = FhirContext.forR4();
    private static final FhirPathEngine ENGINE = FhirPathEngine.forVersion(FhirVersion.R4);

    private record Case(String name, String input, String diff, String output, String error) {}

    @TestFactory
    List<DynamicTest> officialCases() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThan(30);
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> run(c)));
        }
        return tests;
    }

    private static void run(Case c) {
        JsonNode input = toJson(c.input());
        JsonNode before = input.deepCopy();
        FhirPathPatch patch = FhirPathPatch.parse(toJson(c.diff()), ENGINE);
        if (c.error() != null) {
            assertThatThrownBy(() -> patch.apply(input)).isInstanceOf(InvalidResourceException.class);
        } else {
            assertThat(normalized(patch.apply(input))).isEqualTo(normalized(toJson(c.output())));
        }
        assertThat(input).isEqualTo(before);
    }

    /**
     * The resource with {@code &quot;} in its narrative written as a plain quote: HAPI escapes quotes of narrative
     * read from XML, while a narrative given as a valueString keeps them as they are.
     */
    private static JsonNode normalized(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        if (copy.path("text").path("div").isTextual()) {
            ObjectNode text = (ObjectNode) copy.get("text");
            text.put("div", text.get("div").textValue().replace("&quot;", "\""));
        }
        return copy;
    }

    private static JsonNode toJson(String xml) {
        var parsed = HAPI.newXmlParser().parseResource(xml);
        return FhirPathPatchTest.json(HAPI.newJsonParser().encodeResourceToString(parsed));
    }

    private static List<Case> cases() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc;
        try (InputStream in = FhirPathPatchOfficialTest.class.getClassLoader().getResourceAsStream(CASES)) {
            if (in == null) {
                throw new IllegalStateException("missing " + CASES);
            }
            doc = f.newDocumentBuilder().parse(in);
        }
        List<Case> cases = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("case")) {
                Element error = child(e, "error");
                cases.add(new Case(
                        e.getAttribute("name"),
                        resource(child(e, "input")),
                        resource(child(e, "diff")),
                        error == null ? resource(child(e, "output")) : null,
                        error == null ? null : error.getAttribute("msg")));
            }
        }
        return cases;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The XML text of the single resource element inside {@code wrapper}. */
    private static String resource(Element wrapper) throws Exception {
        if (wrapper == null) {
            return null;
        }
        for (Node n = wrapper.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                Transformer t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter w = new StringWriter();
                t.transform(new DOMSource(e), new StreamResult(w));
                return w.toString();
            }
        }
        return null;
    }
}
