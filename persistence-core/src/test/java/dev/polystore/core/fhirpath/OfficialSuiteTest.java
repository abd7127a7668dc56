package dev.polystore.core.fhirpath;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.polystore.api.FhirVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Runs the official FHIRPath test suite (fhir-test-cases) for R4 and R5, writes a report to
 * {@code target/fhirpath-report-<version>.md}, and checks the pass rate and the known-failures list.
 */
class OfficialSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    record Case(
            String group,
            String name,
            String expression,
            String invalid,
            boolean predicate,
            boolean ordered,
            String inputFile,
            List<String[]> outputs) {}

    record Outcome(Case test, boolean passed, String actual) {}

    @Test
    void r4SuitePassRateAndKnownFailures() throws Exception {
        Result r = run(FhirVersion.R4, "r4", FhirContext.forR4Cached());
        assertThat(r.passRate())
                .as("R4 pass rate, see target/fhirpath-report-r4.md")
                .isGreaterThanOrEqualTo(0.90);
        checkKnownFailures(r, "fhirpath-known-failures-r4.txt");
    }

    @Test
    void r5SuitePassRateAndKnownFailures() throws Exception {
        Result r = run(FhirVersion.R5, "r5", FhirContext.forR5Cached());
        assertThat(r.passRate())
                .as("R5 pass rate, see target/fhirpath-report-r5.md")
                .isGreaterThanOrEqualTo(0.80);
        checkKnownFailures(r, "fhirpath-known-failures-r5.txt");
    }

    private static void checkKnownFailures(Result r, String resource) throws IOException {
        Map<String, String> known = knownFailures(resource);
        List<String> unexpected = new ArrayList<>();
        List<String> nowPassing = new ArrayList<>();
        for (Outcome o : r.outcomes()) {
            String key = o.test().name();
            if (!o.passed() && !known.containsKey(key)) {
                unexpected.add(key + " [" + o.test().group() + "] " + o.test().expression() + " -> " + o.actual());
            }
            if (o.passed() && known.containsKey(key)) {
                nowPassing.add(key);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String k : known.keySet()) {
            if (r.outcomes().stream().noneMatch(o -> o.test().name().equals(k))) {
                missing.add(k);
            }
        }
        assertThat(unexpected).as("failing cases not in " + resource).isEmpty();
        assertThat(nowPassing)
                .as("cases in " + resource + " that pass now: remove them")
                .isEmpty();
        assertThat(missing).as("cases in " + resource + " that do not exist").isEmpty();
    }

    static Map<String, String> knownFailures(String resource) throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = OfficialSuiteTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                return known;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int hash = line.indexOf(" #");
                String name = hash < 0 ? line : line.substring(0, hash).strip();
                known.put(name, hash < 0 ? "" : line.substring(hash + 2).strip());
            }
        }
        return known;
    }

    record Result(List<Outcome> outcomes) {
        double passRate() {
            return outcomes.stream().filter(Outcome::passed).count() / (double) outcomes.size();
        }
    }

    static Result run(FhirVersion version, String dir, FhirContext hapi) throws Exception {
        String base = "org/hl7/fhir/testcases/" + dir + "/";
        List<Case> cases = parse(base + "fhirpath/tests-fhir-" + dir + ".xml");
        FhirPathEngine engine = FhirPathEngine.forVersion(version);
        Map<String, JsonNode> inputs = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            outcomes.add(runCase(engine, c, base, hapi, inputs));
        }
        Result result = new Result(outcomes);
        writeReport(result, version, dir);
        return result;
    }

    static Outcome runCase(FhirPathEngine engine, Case c, String base, FhirContext hapi, Map<String, JsonNode> inputs) {
        JsonNode input = null;
        if (c.inputFile() != null) {
            try {
                input = inputs.computeIfAbsent(c.inputFile(), f -> load(base + f, hapi));
            } catch (RuntimeException e) {
                return new Outcome(c, false, "input not loadable: " + e);
            }
        }
        List<FhirPathValue> result;
        try {
            FhirPathExpression e = engine.compile(c.expression());
            result = engine.evaluate(e, input);
        } catch (FhirPathException e) {
            if (c.invalid() != null) {
                return new Outcome(c, true, "error: " + e.getMessage());
            }
            return new Outcome(c, false, "error: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(c, false, "crash: " + e);
        }
        if (c.predicate()) {
            boolean b;
            if (result.isEmpty()) {
                b = false;
            } else if (result.size() == 1 && result.get(0).asBoolean() != null) {
                b = result.get(0).asBoolean();
            } else {
                b = true;
            }
            result = List.of(Values.fromJava(b));
        }
        String actual = show(result);
        if (c.invalid() != null && c.outputs().isEmpty()) {
            return new Outcome(c, false, "no error, got " + actual);
        }
        return new Outcome(c, matches(result, c.outputs(), c.ordered()), actual);
    }

    static String show(List<FhirPathValue> result) {
        List<String> parts = new ArrayList<>();
        for (FhirPathValue v : result) {
            parts.add(v.typeName() + ":" + v);
        }
        return "[" + String.join(", ", parts) + "]";
    }

    static boolean matches(List<FhirPathValue> result, List<String[]> outputs, boolean ordered) {
        if (result.size() != outputs.size()) {
            return false;
        }
        if (ordered) {
            for (int i = 0; i < result.size(); i++) {
                if (!matches(result.get(i), outputs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        List<FhirPathValue> remaining = new ArrayList<>(result);
        outer:
        for (String[] o : outputs) {
            for (int i = 0; i < remaining.size(); i++) {
                if (matches(remaining.get(i), o)) {
                    remaining.remove(i);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    static boolean matches(FhirPathValue v, String[] expected) {
        String type = expected[0];
        String text = expected[1];
        if (type == null) {
            if (text.startsWith("@")) {
                type = text.startsWith("@T") ? "time" : "dateTime";
            } else if (text.matches("[+-]?\\d+(\\.\\d+)?\\s+'.*'")) {
                type = "Quantity";
            } else if (text.matches("[+-]?\\d+(\\.\\d+)?")) {
                type = "decimal";
            }
        }
        Object o = v.systemValue();
        switch (type == null ? "" : type) {
            case "boolean":
                return o instanceof Boolean && o.toString().equals(text);
            case "integer":
            case "decimal":
            case "Long":
            case "long":
            case "integer64": {
                BigDecimal d = o instanceof FhirPathQuantity ? null : v.asDecimal();
                try {
                    return d != null && d.compareTo(new BigDecimal(text.replace("L", ""))) == 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            case "date":
            case "dateTime":
            case "time":
            case "instant": {
                FhirPathTemporal t = v.asTemporal();
                if (t == null) {
                    return false;
                }
                String want = text.startsWith("@") ? text.substring(1) : text;
                if (want.startsWith("T")) {
                    want = want.substring(1);
                }
                if (want.endsWith("T")) {
                    want = want.substring(0, want.length() - 1);
                }
                String got = v.isSystem() ? t.toString() : v.node().asText();
                return got.equals(want) || t.toString().equals(want);
            }
            case "Quantity": {
                FhirPathQuantity q = v.asQuantity();
                FhirPathQuantity e = Conversions.parseQuantity(text);
                return q != null
                        && e != null
                        && q.value().compareTo(e.value()) == 0
                        && q.unit().equals(e.unit());
            }
            default:
                if (o == null || o instanceof FhirPathQuantity) {
                    return false;
                }
                return Conversions.toStringValue(v).equals(text);
        }
    }

    static JsonNode load(String resource, FhirContext hapi) {
        try (InputStream in = OfficialSuiteTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (resource.endsWith(".xml")) {
                var parsed = hapi.newXmlParser().parseResource(text);
                text = hapi.newJsonParser().encodeResourceToString(parsed);
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> parse(String resource) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc;
        try (InputStream in = OfficialSuiteTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            doc = f.newDocumentBuilder().parse(in);
        }
        List<Case> cases = new ArrayList<>();
        NodeList groups = doc.getDocumentElement().getElementsByTagName("group");
        for (int g = 0; g < groups.getLength(); g++) {
            Element group = (Element) groups.item(g);
            String groupName = group.getAttribute("name");
            int index = 0;
            for (Node n = group.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element) || !((Element) n).getTagName().equals("test")) {
                    continue;
                }
                index++;
                Element t = (Element) n;
                Element expr = (Element) t.getElementsByTagName("expression").item(0);
                String invalid = expr.hasAttribute("invalid") ? expr.getAttribute("invalid") : null;
                List<String[]> outputs = new ArrayList<>();
                NodeList outs = t.getElementsByTagName("output");
                for (int i = 0; i < outs.getLength(); i++) {
                    Element o = (Element) outs.item(i);
                    outputs.add(
                            new String[] {o.hasAttribute("type") ? o.getAttribute("type") : null, o.getTextContent()});
                }
                String name = t.getAttribute("name");
                if (name.isEmpty()) {
                    name = groupName + "#" + index;
                }
                cases.add(new Case(
                        groupName,
                        name,
                        expr.getTextContent(),
                        invalid,
                        "true".equals(t.getAttribute("predicate")),
                        !"false".equals(t.getAttribute("ordered")),
                        t.hasAttribute("inputfile") ? t.getAttribute("inputfile") : null,
                        outputs));
            }
        }
        return cases;
    }

    static void writeReport(Result r, FhirVersion version, String dir) throws IOException {
        long passed = r.outcomes().stream().filter(Outcome::passed).count();
        StringBuilder sb = new StringBuilder();
        sb.append("# FHIRPath official suite, ").append(version).append("\n\n");
        sb.append(String.format(
                "Passed %d of %d (%.1f%%)%n%n", passed, r.outcomes().size(), 100.0 * r.passRate()));
        Map<String, int[]> byGroup = new TreeMap<>();
        for (Outcome o : r.outcomes()) {
            int[] c = byGroup.computeIfAbsent(o.test().group(), k -> new int[2]);
            c[0]++;
            if (!o.passed()) {
                c[1]++;
            }
        }
        sb.append("## Failures by group\n\n| group | tests | failing |\n|---|---|---|\n");
        byGroup.forEach((g, c) -> {
            if (c[1] > 0) {
                sb.append("| ")
                        .append(g)
                        .append(" | ")
                        .append(c[0])
                        .append(" | ")
                        .append(c[1])
                        .append(" |\n");
            }
        });
        sb.append("\n## Failing cases\n\n| group | name | expression | expected | actual |\n|---|---|---|---|---|\n");
        for (Outcome o : r.outcomes()) {
            if (o.passed()) {
                continue;
            }
            Case c = o.test();
            List<String> exp = new ArrayList<>();
            for (String[] out : c.outputs()) {
                exp.add(out[0] + ":" + out[1]);
            }
            String expected = (c.invalid() != null ? "invalid=" + c.invalid() + " " : "") + exp;
            sb.append("| ")
                    .append(c.group())
                    .append(" | ")
                    .append(c.name())
                    .append(" | `")
                    .append(cell(c.expression()))
                    .append("` | ")
                    .append(cell(expected))
                    .append(" | ")
                    .append(cell(o.actual()))
                    .append(" |\n");
        }
        Path out = Path.of("target", "fhirpath-report-" + dir + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.printf(
                "FHIRPath %s: %d/%d passed (%.1f%%), report %s%n",
                version, passed, r.outcomes().size(), 100.0 * r.passRate(), out.toAbsolutePath());
    }

    private static String cell(String s) {
        if (s.length() > 300) {
            s = s.substring(0, 300) + "...";
        }
        return s.replace("|", "\\|").replace("\n", " ").replace("\r", " ");
    }
}
