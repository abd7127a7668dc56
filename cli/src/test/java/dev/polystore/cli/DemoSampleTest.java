package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.sqlite.SqliteBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} end to end, and the loaded sample checked against counts computed independently from the sample files
 * (by reading their JSON here, not through the store).
 */
class DemoSampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOINC = "http://loinc.org";

    @TempDir
    Path dir;

    @Test
    void demoLoadsTheSampleAndItsCountsMatchTheFiles() throws IOException {
        Path db = dir.resolve("demo.db");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PolystoreCli.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--database", db.toString());
        assertThat(status).as("demo exit status; stderr %s", err).isZero();
        assertThat(out.toString())
                .contains("loaded 8294 resources (8 patients) from 10 Synthea Bundles")
                .contains("_has: patients with a lab code")
                .contains("Patient?_has:Observation:patient:code=http://loinc.org|4548-4")
                .contains("Condition?_content=hypertension")
                .contains("median ms");

        // independently: what the files hold
        Map<String, Long> perType = new TreeMap<>();
        long heartRates = 0;
        String somePatientUuid = null;
        long conditionsOfThatPatient = 0;
        for (String file : DemoCommand.sampleFiles()) {
            JsonNode bundle = JSON.readTree(DemoCommand.sample(file));
            String patientUrl = null;
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode r = entry.path("resource");
                String type = r.path("resourceType").asText();
                perType.merge(type, 1L, Long::sum);
                if (type.equals("Patient") && somePatientUuid == null) {
                    somePatientUuid = r.path("id").asText();
                    patientUrl = entry.path("fullUrl").asText();
                }
                if (type.equals("Observation")) {
                    for (JsonNode coding : r.path("code").path("coding")) {
                        if (LOINC.equals(coding.path("system").asText())
                                && "8867-4".equals(coding.path("code").asText())) {
                            heartRates++;
                            break;
                        }
                    }
                }
                if (type.equals("Condition")
                        && patientUrl != null
                        && patientUrl.equals(r.path("subject").path("reference").asText())) {
                    conditionsOfThatPatient++;
                }
            }
        }
        assertThat(perType.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(8294);

        // the store, opened on the demo's database
        TenantContext ctx = TenantContext.of("demo");
        try (FhirStore store = SqliteBackend.builder().file(db).build()) {
            Map<String, Long> stored = new TreeMap<>();
            for (String type : perType.keySet()) {
                stored.put(type, store.count(ctx, type));
            }
            assertThat(stored).as("resources per type").isEqualTo(perType);
            assertThat(total(store, ctx, "Observation?code=" + LOINC + "|8867-4"))
                    .as("heart-rate Observations")
                    .isEqualTo(heartRates);
            String patientId = store.search(
                            ctx,
                            SearchQuery.parse(
                                    "Patient?identifier=https://github.com/synthetichealth/synthea|" + somePatientUuid))
                    .matches()
                    .get(0)
                    .id();
            assertThat(total(store, ctx, "Condition?patient=" + patientId))
                    .as("Conditions of the first patient")
                    .isEqualTo(conditionsOfThatPatient)
                    .isPositive();
        }
    }

    private static long total(FhirStore store, TenantContext ctx, String query) {
        return store.search(ctx, SearchQuery.parse(query + "&_total=accurate")).total();
    }
}
