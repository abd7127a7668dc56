package dev.polystore.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.StorageLimits;
import dev.polystore.core.json.FhirJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceRewriteTest {
    private final FhirJson json = new FhirJson(StorageLimits.DEFAULT);

    @Test
    void rewritesExactStringsEverywhereAndUrnsInNarrative() {
        JsonNode node = json.parse(
                """
                {"resourceType":"Observation",
                 "text":{"div":"<div>see <a href=\\"urn:uuid:1\\">patient</a></div>"},
                 "subject":{"reference":"urn:uuid:1"},
                 "performer":[{"reference":"urn:uuid:2"},{"reference":"urn:uuid:1x"}],
                 "focus":["urn:uuid:1"],
                 "note":[{"text":"urn:uuid:1 is mentioned in prose"}]}""",
                "r");
        BundleProcessor.rewriteReferences(node, Map.of("urn:uuid:1", "Patient/a", "urn:uuid:2", "Practitioner/b"));
        assertThat(node.at("/subject/reference").asText()).isEqualTo("Patient/a");
        assertThat(node.at("/performer/0/reference").asText()).isEqualTo("Practitioner/b");
        assertThat(node.at("/performer/1/reference").asText()).isEqualTo("urn:uuid:1x");
        assertThat(node.at("/focus/0").asText()).isEqualTo("Patient/a");
        assertThat(node.at("/note/0/text").asText()).isEqualTo("urn:uuid:1 is mentioned in prose");
        assertThat(node.at("/text/div").asText()).contains("href=\"Patient/a\"");
    }

    @Test
    void statusLines() {
        assertThat(BundleProcessor.status(412)).isEqualTo("412 Precondition Failed");
        assertThat(BundleProcessor.status(201)).isEqualTo("201 Created");
    }
}
