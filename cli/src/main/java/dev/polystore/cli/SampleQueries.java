package dev.polystore.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The searches {@code demo} and {@code bench} run: the search issue's query set, plus full text and a sorted count. */
final class SampleQueries {
    private SampleQueries() {}

    /** Label to query, for one patient (its id and family name). */
    static Map<String, String> forPatient(String id, String family) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("a patient by name", "Patient?name=" + family);
        queries.put("the patient's conditions", "Condition?patient=" + id);
        queries.put(
                "heart rates since 2015",
                "Observation?subject=Patient/" + id + "&code=http://loinc.org|8867-4&date=ge2015-01-01");
        queries.put("weights over 80 kg", "Observation?value-quantity=gt80|http://unitsofmeasure.org|kg");
        queries.put("chain: observations by name", "Observation?subject.name=" + family);
        queries.put("_has: patients with a HbA1c", "Patient?_has:Observation:patient:code=http://loinc.org|4548-4");
        queries.put("the patient and its observations", "Patient?_id=" + id + "&_revinclude=Observation:patient");
        queries.put("full text", "Condition?_content=hypertension");
        queries.put("sorted and counted", "Encounter?_sort=-date&_count=10&_total=accurate");
        return queries;
    }

    /** The family name of a stored Patient (the last word of its summary). */
    static String family(String patientJson) {
        String summary = SearchCommand.summary(patientJson);
        return summary.substring(summary.lastIndexOf(' ') + 1);
    }
}
