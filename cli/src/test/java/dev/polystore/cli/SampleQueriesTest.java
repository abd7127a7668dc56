package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.sqlite.SqliteBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query set's values picked from what a real (in-memory SQLite) store holds. */
class SampleQueriesTest {
    private static final TenantContext CTX = TenantContext.of("t");

    @Test
    void theIssuesValuesWhenTheDataHasThem() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            store.create(CTX, "Observation", observation("4548-4", "laboratory", "p1"));
            store.create(CTX, "Condition", condition("Essential hypertension (disorder)", "p1"));
            assertThat(SampleQueries.pick(store, CTX)).isEqualTo(SampleQueries.PREFERRED);
        }
    }

    @Test
    void otherwiseALabCodeAndAConditionWordFoundInTheData() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            String patient = store.create(
                            CTX,
                            "Patient",
                            "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ana\"],\"family\":\"Muñoz & Söhne\"}]}")
                    .id();
            store.create(CTX, "Observation", observation("8302-2", "vital-signs", patient));
            store.create(CTX, "Observation", observation("2339-0", "laboratory", patient));
            store.create(CTX, "Condition", condition("Acute viral pharyngitis (disorder)", patient));
            SampleQueries.DataValues values = SampleQueries.pick(store, CTX);
            assertThat(values).isEqualTo(new SampleQueries.DataValues("http://loinc.org|2339-0", "acute"));

            Map<String, String> queries = SampleQueries.forPatient(patient, "Muñoz & Söhne", values);
            assertThat(queries).hasSize(9);
            for (String label : List.of("a patient by name", "_has: patients with a lab code", "full text")) {
                assertThat(store.search(CTX, SearchQuery.parse(queries.get(label)))
                                .matches())
                        .as("%s: %s", label, queries.get(label))
                        .isNotEmpty();
            }
        }
    }

    @Test
    void theFamilyNameIsTheFirstNamesFamily() {
        assertThat(SampleQueries.family("{\"resourceType\":\"Patient\",\"name\":[{\"prefix\":[\"Mr.\"],"
                        + "\"given\":[\"Jo\"],\"family\":\"Van Dyke12\"},{\"family\":\"Other\"}]}"))
                .isEqualTo("Van Dyke12");
        assertThat(SampleQueries.firstWord("(a) Fx of rib")).isNull();
        assertThat(SampleQueries.codeOf(
                        "{\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"1\"}]}}"))
                .isEqualTo("http://snomed.info/sct|1");
        assertThat(SampleQueries.codeOf("{\"code\":{\"text\":\"no coding\"}}")).isNull();
    }

    private static String observation(String loinc, String category, String patient) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"" + category + "\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + loinc + "\"}]},"
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
    }

    private static String condition(String text, String patient) {
        return "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"" + text + "\"},\"subject\":{\"reference\":"
                + "\"Patient/" + patient + "\"}}";
    }
}
