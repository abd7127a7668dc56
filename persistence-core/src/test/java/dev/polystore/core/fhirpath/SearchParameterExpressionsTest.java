package dev.polystore.core.fhirpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.polystore.api.FhirVersion;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every official SearchParameter expression compiles (R4 and R5), and every R4 expression (with its composite
 * components) evaluates without error on every R4 specification example of its base types.
 */
class SearchParameterExpressionsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /**
     * R4 spec examples by resourceType, plus IBM's complete-mock examples (one per type with every element filled, so
     * every choice type and backbone path is navigated).
     */
    private static Map<String, List<JsonNode>> examples;

    private static int exampleCount;

    @BeforeAll
    static void loadExamples() throws Exception {
        examples = new HashMap<>();
        URL url = SearchParameterExpressionsTest.class.getClassLoader().getResource("json/spec/patient-example.json");
        assertThat(url).as("fhir-examples jar on the test classpath").isNotNull();
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                boolean spec = name.startsWith("json/spec/") && name.indexOf('/', 10) < 0;
                boolean mock = name.startsWith("json/ibm/complete-mock/") && name.indexOf('/', 23) < 0;
                if (!(spec || mock) || !name.endsWith(".json")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    JsonNode node = JSON.readTree(in);
                    String type = node.path("resourceType").asText(null);
                    if (type != null) {
                        examples.computeIfAbsent(type, t -> new ArrayList<>()).add(node);
                        exampleCount++;
                    }
                }
            }
        }
        assertThat(exampleCount).as("R4 spec examples found").isGreaterThan(2000);
    }

    /** The indexing workload: every parameter that applies to a resource's type, per example resource. */
    @Test
    void perResourceIndexingCost() {
        FhirPathEngine engine = FhirPathEngine.forVersion(FhirVersion.R4);
        FhirDefinitions defs = FhirDefinitions.of(FhirVersion.R4);
        long compileStart = System.nanoTime();
        Map<String, List<FhirPathExpression>> byType = new HashMap<>();
        int compiled = 0;
        for (String type : examples.keySet()) {
            List<FhirPathExpression> list = new ArrayList<>();
            for (SearchParameterDefinition sp : defs.searchParametersFor(type)) {
                if (sp.expression() != null) {
                    list.add(engine.compile(sp.expression()));
                    compiled++;
                }
            }
            byType.put(type, list);
        }
        long compileNanos = System.nanoTime() - compileStart;
        long best = Long.MAX_VALUE;
        long evaluations = 0;
        long values = 0;
        for (int pass = 0; pass < 4; pass++) {
            long start = System.nanoTime();
            evaluations = 0;
            values = 0;
            for (Map.Entry<String, List<JsonNode>> e : examples.entrySet()) {
                List<FhirPathExpression> expressions = byType.get(e.getKey());
                for (JsonNode resource : e.getValue()) {
                    for (FhirPathExpression x : expressions) {
                        values += engine.evaluate(x, resource).size();
                        evaluations++;
                    }
                }
            }
            if (pass > 0) {
                best = Math.min(best, System.nanoTime() - start);
            }
        }
        System.out.printf(
                "R4 indexing workload: compiled %d expressions in %.1f ms; %d resources x their parameters"
                        + " = %d evaluations, %d values, best pass %.1f ms, %.2f us per evaluation, %.1f us per resource%n",
                compiled,
                compileNanos / 1e6,
                exampleCount,
                evaluations,
                values,
                best / 1e6,
                best / 1e3 / evaluations,
                best / 1e3 / exampleCount);
        assertThat(values).isGreaterThan(10_000);
    }

    @Test
    void everyR4ExpressionCompiles() {
        assertThat(compileAll(FhirVersion.R4)).isEmpty();
    }

    @Test
    void everyR5ExpressionCompiles() {
        assertThat(compileAll(FhirVersion.R5)).isEmpty();
    }

    @Test
    void everyR4bExpressionCompiles() {
        assertThat(compileAll(FhirVersion.R4B)).isEmpty();
    }

    private static List<String> compileAll(FhirVersion version) {
        FhirPathEngine engine = FhirPathEngine.forVersion(version);
        List<String> errors = new ArrayList<>();
        int compiled = 0;
        for (SearchParameterDefinition sp : FhirDefinitions.of(version).searchParameters()) {
            List<String> expressions = new ArrayList<>();
            if (sp.expression() != null) {
                expressions.add(sp.expression());
            }
            sp.components().forEach(c -> expressions.add(c.expression()));
            for (String expression : expressions) {
                try {
                    engine.compile(expression);
                    compiled++;
                } catch (FhirPathException e) {
                    errors.add(sp.url() + ": " + expression + " -> " + e.getMessage());
                }
            }
        }
        assertThat(compiled).isGreaterThan(1000);
        return errors;
    }

    @Test
    void everyR4ExpressionEvaluatesOnTheSpecExamples() {
        FhirPathEngine engine = FhirPathEngine.forVersion(FhirVersion.R4);
        FhirDefinitions defs = FhirDefinitions.of(FhirVersion.R4);
        record Job(
                SearchParameterDefinition sp,
                FhirPathExpression expression,
                List<FhirPathExpression> components,
                List<JsonNode> inputs) {}
        List<Job> jobs = new ArrayList<>();
        for (SearchParameterDefinition sp : defs.searchParameters()) {
            if (sp.expression() == null) {
                continue;
            }
            List<FhirPathExpression> components = new ArrayList<>();
            sp.components().forEach(c -> components.add(engine.compile(c.expression())));
            List<JsonNode> inputs = new ArrayList<>();
            for (String base : sp.base()) {
                if (base.equals("Resource") || base.equals("DomainResource")) {
                    examples.values().forEach(inputs::addAll);
                } else {
                    inputs.addAll(examples.getOrDefault(base, List.of()));
                }
            }
            jobs.add(new Job(sp, engine.compile(sp.expression()), components, inputs));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        long evaluations = 0;
        long values = 0;
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 4; pass++) {
            // pass 0 warms up the JIT; the best of the others is reported
            long start = System.nanoTime();
            evaluations = 0;
            values = 0;
            for (Job job : jobs) {
                for (JsonNode input : job.inputs()) {
                    try {
                        List<FhirPathValue> result = engine.evaluate(job.expression(), input);
                        evaluations++;
                        values += result.size();
                        if (!job.components().isEmpty()) {
                            EvaluationContext ctx =
                                    EvaluationContext.builder().resource(input).build();
                            for (FhirPathValue item : result) {
                                for (FhirPathExpression c : job.components()) {
                                    values += engine.evaluate(c, item, ctx).size();
                                    evaluations++;
                                }
                            }
                        }
                    } catch (FhirPathException e) {
                        errors.putIfAbsent(
                                job.sp().url() + " on "
                                        + input.path("resourceType").asText() + "/"
                                        + input.path("id").asText(),
                                job.sp().expression() + " -> " + e.getMessage());
                    }
                }
            }
            if (pass > 0) {
                best = Math.min(best, System.nanoTime() - start);
            }
        }
        System.out.printf(
                "R4 search expressions: %d evaluations over %d examples, %d values, best pass %.1f ms,"
                        + " %.2f us per evaluation%n",
                evaluations, exampleCount, values, best / 1e6, best / 1e3 / Math.max(1, evaluations));
        assertThat(errors).as("evaluation errors").isEmpty();
        assertThat(values).as("the expressions find values").isGreaterThan(10_000);
    }
}
