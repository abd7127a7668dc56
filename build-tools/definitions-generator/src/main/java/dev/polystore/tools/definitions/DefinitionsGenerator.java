package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the compact FHIR definitions that {@code persistence-definitions} ships, from the official definitions in the
 * HAPI validation-resources jars (used as plain data, never as code).
 *
 * <pre>
 * java -cp ... dev.polystore.tools.definitions.DefinitionsGenerator --out DIR --r4 JAR --r4b JAR --r5 JAR
 * </pre>
 *
 * For each release it writes {@code DIR/dev/polystore/definitions/<r4|r4b|r5>/} {@code search-parameters.json.gz},
 * {@code elements.json.gz} and {@code compartments.json.gz}. The output depends on the inputs only (sorted, no
 * timestamps, gzip header without time); a file whose content did not change is not rewritten.
 */
public final class DefinitionsGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCE_ROOT = "dev/polystore/definitions/";

    /** Where one release's definitions come from inside its jar. */
    private record Source(String kind, String path) {}

    private record Release(String key, String version, List<Source> sources) {}

    private static final List<Release> RELEASES = List.of(
            new Release(
                    "r4",
                    "4.0.1",
                    List.of(
                            new Source("json-bundle", "org/hl7/fhir/r4/model/sp/search-parameters.json"),
                            new Source("xml-bundle", "org/hl7/fhir/r4/model/profile/profiles-types.xml"),
                            new Source("xml-bundle", "org/hl7/fhir/r4/model/profile/profiles-resources.xml"))),
            new Release(
                    "r4b",
                    "4.3.0",
                    List.of(
                            new Source("xml-bundle", "org/hl7/fhir/r4b/model/sp/search-parameters.xml"),
                            new Source("xml-bundle", "org/hl7/fhir/r4b/model/profile/profiles-types.xml"),
                            new Source("xml-bundle", "org/hl7/fhir/r4b/model/profile/profiles-resources.xml"))),
            new Release(
                    "r5",
                    "5.0.0",
                    List.of(new Source("npm-package", "org/hl7/fhir/r5/packages/hl7.fhir.r5.core-5.0.0.tgz"))));

    private DefinitionsGenerator() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Path out = Path.of(required(options, "out"));
        for (Release release : RELEASES) {
            Path jar = Path.of(required(options, release.key()));
            generate(release, jar, out.resolve(RESOURCE_ROOT + release.key()));
        }
    }

    private static void generate(Release release, Path jar, Path dir) throws IOException {
        long start = System.nanoTime();
        List<FhirNode> resources = new ArrayList<>();
        List<String> provenance = new ArrayList<>();
        for (Source source : release.sources()) {
            resources.addAll(Sources.read(jar, source.kind(), source.path()));
            provenance.add(jar.getFileName() + "!/" + source.path());
        }
        Report report = new Report();
        ElementExtractor.Result elements = ElementExtractor.extract(resources, report);
        JsonNode searchParameters =
                SearchParameterExtractor.extract(resources, release.version(), elements.resourceTypes(), report);
        JsonNode compartments =
                CompartmentExtractor.extract(resources, release.version(), elements.resourceTypes(), report);

        Files.createDirectories(dir);
        write(
                dir.resolve("search-parameters.json.gz"),
                document(release, provenance, "searchParameters", searchParameters));
        write(dir.resolve("elements.json.gz"), document(release, provenance, "model", elements.json()));
        write(dir.resolve("compartments.json.gz"), document(release, provenance, "compartments", compartments));
        System.out.printf(
                "FHIR %s: %d search parameters, %d types, %d compartments (%d ms)%n",
                release.version(),
                searchParameters.size(),
                elements.json().get("types").size(),
                compartments.size(),
                (System.nanoTime() - start) / 1_000_000);
        report.print(release.version());
    }

    private static ObjectNode document(Release release, List<String> provenance, String field, JsonNode content) {
        ObjectNode document = JSON.createObjectNode();
        document.put("fhirVersion", release.version());
        provenance.forEach(document.putArray("source")::add);
        document.set(field, content);
        return document;
    }

    /** Writes gzip-compressed JSON; leaves the file alone (and its timestamp) when the bytes are the same. */
    private static void write(Path file, JsonNode document) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // GZIPOutputStream writes a fixed header: modification time 0, no file name.
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, document);
        }
        byte[] content = bytes.toByteArray();
        if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        Files.write(file, content);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "usage: DefinitionsGenerator --out DIR --r4 JAR --r4b JAR --r5 JAR (bad argument " + args[i]
                                + ")");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
