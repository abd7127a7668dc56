package dev.polystore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The searches {@code demo} and {@code bench} run: the search issue's query set, plus full text and a sorted count.
 * Their values come from the loaded data ({@link #pick}), so they match something on any Synthea data set.
 */
final class SampleQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOINC = "http://loinc.org";

    /** The lab code (HbA1c) and full-text word; used whenever the data has them. */
    static final DataValues PREFERRED = new DataValues(LOINC + "|4548-4", "hypertension");

    /** The label of the full-text query. */
    static final String FULL_TEXT = "full text";

    private SampleQueries() {}

    /** The capabilities the query of a {@link #forPatient} label needs. */
    static List<Capability> needs(String label) {
        return label.equals(FULL_TEXT)
                ? List.of(Capability.SEARCH, Capability.SEARCH_FULL_TEXT)
                : List.of(Capability.SEARCH);
    }

    /**
     * The values the patient-independent queries take from the data.
     *
     * @param labCode {@code system|code} of an Observation code present in the data
     * @param conditionWord a word of a stored Condition's text
     */
    record DataValues(String labCode, String conditionWord) {}

    /** Label to query, for one patient (its id and family name). */
    static Map<String, String> forPatient(String id, String family, DataValues values) {
        String name = encode(family);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("a patient by name", "Patient?name=" + name);
        queries.put("the patient's conditions", "Condition?patient=" + id);
        queries.put(
                "heart rates since 2015",
                "Observation?subject=Patient/" + id + "&code=" + LOINC + "|8867-4&date=ge2015-01-01");
        queries.put("weights over 80 kg", "Observation?value-quantity=gt80|http://unitsofmeasure.org|kg");
        queries.put("chain: observations by name", "Observation?subject.name=" + name);
        queries.put("_has: patients with a lab code", "Patient?_has:Observation:patient:code=" + values.labCode());
        queries.put("the patient and its observations", "Patient?_id=" + id + "&_revinclude=Observation:patient");
        queries.put(FULL_TEXT, "Condition?_content=" + encode(values.conditionWord()));
        queries.put("sorted and counted", "Encounter?_sort=-date&_count=10&_total=accurate");
        return queries;
    }

    /**
     * Picks the values from the stored data: the HbA1c code and "hypertension" when something matches them,
     * else a laboratory Observation's code (any Observation's without one) and a word of a Condition's text. Needs
     * {@code SEARCH}; without {@code SEARCH_FULL_TEXT} the word stays the preferred one.
     */
    static DataValues pick(FhirStore store, TenantContext ctx) {
        String labCode = PREFERRED.labCode();
        if (first(store, ctx, "Observation?code=" + labCode) == null) {
            StoredResource lab = first(store, ctx, "Observation?category=laboratory");
            StoredResource any = lab != null ? lab : first(store, ctx, "Observation?_count=1");
            String code = any != null ? codeOf(any.json()) : null;
            labCode = code != null ? code : labCode;
        }
        String word = PREFERRED.conditionWord();
        if (store.capabilities().supports(Capability.SEARCH_FULL_TEXT)
                && first(store, ctx, "Condition?_content=" + word) == null) {
            StoredResource condition = first(store, ctx, "Condition?_count=1");
            String found = condition != null ? firstWord(SearchCommand.summary(condition.json())) : null;
            word = found != null ? found : word;
        }
        return new DataValues(labCode, word);
    }

    /** The family name of a stored Patient: its first name's {@code family}, else the last word of its summary. */
    static String family(String patientJson) {
        try {
            String family = JSON.readTree(patientJson)
                    .path("name")
                    .path(0)
                    .path("family")
                    .asText("");
            if (!family.isBlank()) {
                return family;
            }
        } catch (IOException e) {
            // fall back to the summary
        }
        String summary = SearchCommand.summary(patientJson);
        return summary.substring(summary.lastIndexOf(' ') + 1);
    }

    /** {@code system|code} of a resource's first {@code code.coding}, or null. */
    static String codeOf(String json) {
        try {
            JsonNode coding = JSON.readTree(json).path("code").path("coding").path(0);
            String system = coding.path("system").asText("");
            String code = coding.path("code").asText("");
            return code.isEmpty() ? null : (system.isEmpty() ? code : system + "|" + code);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first word of at least four letters, lower case (so "Acute viral pharyngitis (disorder)" gives "acute"). */
    static String firstWord(String text) {
        for (String word : text.split("[^\\p{L}]+")) {
            if (word.length() >= 4) {
                return word.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static StoredResource first(FhirStore store, TenantContext ctx, String query) {
        String separator = query.contains("?") && !query.endsWith("?") ? "&" : "";
        String limited = query.contains("_count=") ? query : query + separator + "_count=1";
        List<StoredResource> matches =
                store.search(ctx, SearchQuery.parse(limited)).matches();
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
