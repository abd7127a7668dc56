package dev.polystore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ResourceWrite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The resources the benchmarks write: one hand-written Observation, and a clinical mix of FHIR R4 spec examples. */
final class Resources {
    private Resources() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The entry that locates the fhir-examples jar on the class path. */
    private static final String ANCHOR = "json/spec/patient-example.json";

    private static final String SPEC_PREFIX = "json/spec/";

    /** The clinical types kept from the spec examples: what a clinical or claims feed mostly carries. */
    static final Set<String> CLINICAL_TYPES = Set.of(
            "Observation",
            "Encounter",
            "Condition",
            "Procedure",
            "MedicationRequest",
            "DiagnosticReport",
            "Claim",
            "ExplanationOfBenefit",
            "Immunization",
            "Patient",
            "Practitioner",
            "Organization",
            "AllergyIntolerance",
            "CarePlan");

    /**
     * Example files larger than this are left out, unparsed. Only one clinical example exceeds it: a DiagnosticReport
     * carrying a 0.7 MB base64 image inline (diagnosticreport-example-gingival-mass), an attachment payload rather than
     * a typical clinical record, which, cycled in, would make up more than half of every bulk batch's bytes.
     */
    static final int MAX_EXAMPLE_BYTES = 64 * 1024;

    /**
     * A laboratory Observation (HbA1c) as an EHR interface would send it: identifiers, coded category and code,
     * subject, encounter, performer, quantity with reference range and interpretation, and a short narrative. About
     * 1.3 KB of compact JSON; no id, so the store assigns one.
     */
    static final String OBSERVATION = compact(
            """
            {
              "resourceType": "Observation",
              "text": {
                "status": "generated",
                "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">HbA1c 7.2 % (high), 2024-03-04</div>"
              },
              "identifier": [{"system": "urn:oid:2.16.840.1.113883.19.5.1", "value": "LAB-20240304-000731-2"}],
              "basedOn": [{"reference": "ServiceRequest/lab-order-5531"}],
              "status": "final",
              "category": [{
                "coding": [{
                  "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                  "code": "laboratory",
                  "display": "Laboratory"
                }]
              }],
              "code": {
                "coding": [{
                  "system": "http://loinc.org",
                  "code": "4548-4",
                  "display": "Hemoglobin A1c/Hemoglobin.total in Blood"
                }],
                "text": "HbA1c"
              },
              "subject": {"reference": "Patient/pat-0042", "display": "Maria Lopez"},
              "encounter": {"reference": "Encounter/enc-88421"},
              "effectiveDateTime": "2024-03-04T08:15:00+01:00",
              "issued": "2024-03-04T11:42:17.203+01:00",
              "performer": [{"reference": "Organization/central-lab", "display": "Central Laboratory"}],
              "valueQuantity": {"value": 7.2, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
              "interpretation": [{
                "coding": [{
                  "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                  "code": "H",
                  "display": "High"
                }]
              }],
              "specimen": {"reference": "Specimen/spec-20240304-17"},
              "referenceRange": [{
                "low": {"value": 4.0, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
                "high": {"value": 5.6, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
                "text": "4.0-5.6 %"
              }]
            }
            """);

    /**
     * Every R4 spec example in the fhir-examples jar ({@code json/spec/*.json}) whose type is one of {@link
     * #CLINICAL_TYPES} and at most {@link #MAX_EXAMPLE_BYTES}, as compact JSON without its {@code id} (the store
     * assigns one), sorted by entry name so the mix is the same on every run.
     */
    static List<ResourceWrite> clinicalMix() {
        URL anchor = Resources.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException(ANCHOR + " is not on the class path: the fhir-examples jar is missing");
        }
        List<ResourceWrite> mix = new ArrayList<>();
        try {
            JarURLConnection connection = (JarURLConnection) anchor.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                List<JarEntry> entries = new ArrayList<>();
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String name = entry.getName();
                    if (!entry.isDirectory()
                            && name.startsWith(SPEC_PREFIX)
                            && name.indexOf('/', SPEC_PREFIX.length()) < 0
                            && name.endsWith(".json")
                            && entry.getSize() <= MAX_EXAMPLE_BYTES) {
                        entries.add(entry);
                    }
                }
                entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                for (JarEntry entry : entries) {
                    JsonNode node;
                    try (InputStream in = jar.getInputStream(entry)) {
                        node = MAPPER.readTree(in);
                    }
                    if (node instanceof ObjectNode resource
                            && resource.path("resourceType").isTextual()
                            && CLINICAL_TYPES.contains(
                                    resource.get("resourceType").textValue())) {
                        resource.remove("id");
                        mix.add(ResourceWrite.of(
                                resource.get("resourceType").textValue(), null, MAPPER.writeValueAsString(resource)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the FHIR spec examples from " + anchor, e);
        }
        if (mix.isEmpty()) {
            throw new IllegalStateException("No clinical spec examples found next to " + anchor);
        }
        return Collections.unmodifiableList(mix);
    }

    /** {@code count} writes taken in turn from {@code mix}, starting at {@code start}. */
    static List<ResourceWrite> batch(List<ResourceWrite> mix, long start, int count) {
        List<ResourceWrite> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(mix.get((int) ((start + i) % mix.size())));
        }
        return batch;
    }

    /** The mean size of the writes' JSON, in UTF-8 bytes. */
    static double meanJsonBytes(List<ResourceWrite> writes) {
        long total = 0;
        for (ResourceWrite w : writes) {
            total += w.json().getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) total / writes.size();
    }

    /** One line describing a mix: how many examples of which types, and their mean size. */
    static String describe(List<ResourceWrite> mix) {
        java.util.TreeMap<String, Integer> perType = new java.util.TreeMap<>();
        for (ResourceWrite w : mix) {
            perType.merge(w.resourceType(), 1, Integer::sum);
        }
        return String.format(
                java.util.Locale.ROOT,
                "clinical mix: %d R4 spec examples, mean JSON size %.0f bytes, per type %s",
                mix.size(),
                meanJsonBytes(mix),
                perType);
    }

    private static String compact(String json) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
