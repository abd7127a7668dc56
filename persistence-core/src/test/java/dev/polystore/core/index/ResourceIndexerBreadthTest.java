package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every R4 specification example and every IBM complete-mock example indexes without an exception escaping and without
 * a warning outside a short allow-list. Prints the number of entries and an informal time per resource.
 */
class ResourceIndexerBreadthTest {

    /**
     * Warnings that the data or the official definitions cause, by "ResourceType code kind", with the reason. All are
     * values the parameter's own expression selects but its type cannot index.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "CarePlan activity-date UNSUPPORTED_VALUE",
                    "scheduledString is a choice of CarePlan.activity.detail.scheduled",
            "Immunization date UNSUPPORTED_VALUE", "occurrenceString is a choice of Immunization.occurrence",
            "Procedure date UNSUPPORTED_VALUE", "performedRange (of Age) is a choice of Procedure.performed",
            "Consent source-reference UNSUPPORTED_VALUE", "sourceAttachment is a choice of Consent.source",
            "Group characteristic-value UNSUPPORTED_VALUE",
                    "valueReference is a choice of Group.characteristic.value, the composite's token component",
            "DocumentReference relationship UNSUPPORTED_VALUE",
                    "R4 definition bug: the component for expression 'code' points at the reference parameter"
                            + " DocumentReference-relatesto");

    private static final String R5_EXAMPLES = "org/hl7/fhir/testcases/r5/examples/";

    /** The same for the R5 examples of {@code org.hl7.fhir.testcases:fhir-test-cases}. */
    private static final Map<String, String> ALLOWED_R5 = Map.of(
            "Composition section-code-text COMPILE_FAILED",
            "R5 definition: the component Composition-section-text is a special parameter (narrative search)",
            "DocumentReference relationship UNSUPPORTED_VALUE",
            "R5 definition bug: the component for expression 'code' points at the reference parameter"
                    + " DocumentReference-relatesto");

    @Test
    void specExamples() {
        run(FhirVersion.R4, Examples.all("json/spec/"), "json/spec/", 2000, ALLOWED);
    }

    @Test
    void completeMockExamples() {
        run(FhirVersion.R4, Examples.all("json/ibm/complete-mock/"), "json/ibm/complete-mock/", 500, ALLOWED);
    }

    @Test
    void r5Examples() {
        run(
                FhirVersion.R5,
                Examples.all(R5_EXAMPLES + "practitioner-example.json", R5_EXAMPLES),
                R5_EXAMPLES,
                50,
                ALLOWED_R5);
    }

    private static void run(
            FhirVersion version,
            List<Examples.Example> all,
            String folder,
            int minimumResources,
            Map<String, String> allowed) {
        ResourceIndexer indexer = ResourceIndexer.forVersion(version);
        List<Examples.Example> examples = new ArrayList<>();
        for (Examples.Example e : all) {
            if (e.resource().has("resourceType")) {
                examples.add(e);
            }
        }
        assertThat(examples).hasSizeGreaterThan(minimumResources);
        List<String> escaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> allowedSeen = new TreeMap<>();
        long entries = 0;
        for (Examples.Example e : examples) {
            IndexResult result;
            try {
                result = indexer.index(e.resource());
            } catch (RuntimeException ex) {
                escaped.add(e.path() + ": " + ex);
                continue;
            }
            entries += result.entries().size();
            String type = e.resource().get("resourceType").asText();
            for (IndexWarning w : result.warnings()) {
                String key = type + " " + w.code() + " " + w.kind();
                if (allowed.containsKey(key)) {
                    allowedSeen.merge(key, 1, Integer::sum);
                } else {
                    unexpected.add(e.path() + ": " + w);
                }
            }
        }
        assertThat(escaped).as("exceptions that escaped").isEmpty();
        assertThat(unexpected).as("warnings outside the allow-list").isEmpty();

        // informal timing: the best of a few passes over the same resources (the first pass warmed up)
        double micros = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (Examples.Example e : examples) {
                indexer.index(e.resource());
            }
            micros = Math.min(micros, (System.nanoTime() - start) / 1000.0 / examples.size());
        }
        System.out.printf(
                "[breadth] %s %s: %d resources, %d entries (%.1f per resource), %.1f us per resource (best of 5 passes); allowed warnings %s%n",
                version, folder, examples.size(), entries, entries / (double) examples.size(), micros, allowedSeen);
    }
}
