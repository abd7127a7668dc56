package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Every FHIR R4 specification example (the {@code json/spec/*.json} entries of the {@code com.ibm.fhir:fhir-examples}
 * jar, Apache-2.0 / CC0) is stored and read back exactly: the read JSON equals the example plus the store-set {@code id},
 * {@code meta.versionId} and {@code meta.lastUpdated}, member order aside, decimals with their written scale.
 *
 * <p>Examples within the size limit are written with {@code update} when they carry a valid id and with {@code create}
 * otherwise (an example whose id is not a valid FHIR id must first be refused by {@code update}). Examples over {@link
 * FhirStoreTck#LIMITS} must be refused with 413. Each example is loaded once per run; the round trip works in one
 * tenant in a plain loop and reports every mismatch at the end.
 *
 * @since 0.1
 */
@Tag("spec-examples")
public interface SpecExampleRoundTripContract extends TckSupport {

    /** A resource that locates the examples jar on the class path. */
    String PROBE = "json/spec/patient-example.json";

    /** The folder of the R4 specification examples in the jar. */
    String FOLDER = "json/spec/";

    /**
     * Examples within this many bytes under the size limit may be refused as too large: a store may count the
     * metadata it adds, or its own serialisation, against the limit.
     */
    int SIZE_MARGIN = 1024;

    /** The least number of examples the round trip must check, so that a broken enumeration cannot pass. */
    int MIN_EXAMPLES = 2000;

    /**
     * Calls {@code action} with the name and text of every {@code json/spec/*.json} example whose size in bytes
     * passes {@code size}, in name order. Finds the examples through the class loader (a jar or a folder).
     */
    static void forEachExample(LongPredicate size, BiConsumer<String, String> action) {
        ClassLoader loader = SpecExampleRoundTripContract.class.getClassLoader();
        URL probe = loader.getResource(PROBE);
        if (probe == null) {
            throw new AssertionError(PROBE + " is not on the class path: add com.ibm.fhir:fhir-examples:4.11.1");
        }
        try {
            if (probe.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) probe.openConnection();
                Path jarPath = Path.of(connection.getJarFileURL().toURI());
                try (JarFile jar = new JarFile(jarPath.toFile())) {
                    TreeMap<String, JarEntry> entries = new TreeMap<>();
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        String name = entry.getName();
                        if (!entry.isDirectory()
                                && name.startsWith(FOLDER)
                                && name.endsWith(".json")
                                && name.indexOf('/', FOLDER.length()) < 0) {
                            entries.put(name, entry);
                        }
                    }
                    for (JarEntry entry : entries.values()) {
                        if (entry.getSize() >= 0 && !size.test(entry.getSize())) {
                            continue;
                        }
                        String text;
                        try (InputStream in = jar.getInputStream(entry)) {
                            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                        if (entry.getSize() < 0 && !size.test(text.getBytes(StandardCharsets.UTF_8).length)) {
                            continue;
                        }
                        action.accept(entry.getName().substring(FOLDER.length()), text);
                    }
                }
            } else if (probe.getProtocol().equals("file")) {
                Path folder = Path.of(probe.toURI()).getParent();
                List<Path> files;
                try (Stream<Path> list = Files.list(folder)) {
                    files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                            .sorted()
                            .toList();
                }
                for (Path file : files) {
                    if (size.test(Files.size(file))) {
                        action.accept(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            } else {
                throw new AssertionError("Cannot enumerate the examples at " + probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the FHIR examples from " + probe + " failed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Bad examples location " + probe, e);
        }
    }

    /** The write of an example: update with its id if valid, else (after update refuses an invalid id) create. */
    private StoredResource writeExample(TenantContext ctx, TckJson.Head head, String json) {
        if (head.id() != null && FHIR_ID.matcher(head.id()).matches()) {
            return store().update(ctx, head.resourceType(), head.id(), json);
        }
        if (head.id() != null) {
            expectThrows(
                    InvalidRequestException.class,
                    400,
                    "update with the invalid FHIR id '" + head.id() + "' of the example",
                    () -> store().update(ctx, head.resourceType(), head.id(), json));
        }
        return store().create(ctx, head.resourceType(), json);
    }

    /** What differs between a stored example and its input, or null if nothing does. */
    private static String mismatch(StoredResource written, StoredResource read, String json, TckJson.Head head) {
        if (read.versionId() != written.versionId() || !read.lastUpdated().equals(written.lastUpdated())) {
            return "read returned " + read + " but the write returned " + written;
        }
        if (!read.resourceType().equals(head.resourceType())) {
            return "stored as " + read.resourceType() + " instead of " + head.resourceType();
        }
        if (read.lastUpdated().getNano() % 1_000_000 != 0) {
            return "lastUpdated " + read.lastUpdated() + " is not truncated to milliseconds";
        }
        JsonNode expected = TckJson.withStoreMetadata(TckJson.parse(json), read);
        String difference = TckJson.firstDifference(expected, TckJson.parse(read.json()));
        return difference == null ? null : "read JSON differs from the example plus metadata " + difference;
    }

    @Test
    @DisplayName("Every FHIR R4 specification example within the size limit is stored and read back exactly")
    default void specExamplesRoundTrip(TestReporter reporter) {
        int limit = FhirStoreTck.LIMITS.maxResourceBytes();
        TenantContext ctx = context();
        // tried, not a resource (skipped), refused near the limit, invalid id (stored by create), exact round trips
        int[] counts = new int[5];
        Set<String> types = new TreeSet<>();
        List<String> failures = new ArrayList<>();

        forEachExample(size -> size <= limit, (name, json) -> {
            TckJson.Head head = TckJson.head(json);
            if (head == null || !head.isObject() || head.resourceType() == null) {
                counts[1]++;
                return;
            }
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                return; // an oversize example: specExamplesOverTheLimitAreRefused covers it
            }
            counts[0]++;
            try {
                if (head.id() != null && !FHIR_ID.matcher(head.id()).matches()) {
                    counts[3]++;
                }
                StoredResource written = writeExample(ctx, head, json);
                StoredResource read = store().read(ctx, head.resourceType(), written.id());
                String problem = mismatch(written, read, json, head);
                if (problem == null) {
                    counts[4]++;
                    types.add(head.resourceType());
                } else {
                    failures.add(name + ": " + problem);
                }
            } catch (InvalidResourceException e) {
                if (e.httpStatus() == 413 && bytes > limit - SIZE_MARGIN) {
                    counts[2]++;
                } else {
                    failures.add(name + " (" + head.resourceType() + ", " + bytes + " bytes): " + e);
                }
            } catch (FhirPersistenceException | AssertionError e) {
                failures.add(name + " (" + head.resourceType() + ", " + bytes + " bytes): " + e);
            }
        });

        String summary = counts[4] + " of " + counts[0] + " FHIR R4 spec examples round-tripped exactly ("
                + types.size() + " resource types; " + counts[3] + " with an invalid id stored by create; "
                + counts[2] + " refused within " + SIZE_MARGIN + " bytes of the size limit; " + counts[1]
                + " files skipped as not a resource)";
        reporter.publishEntry("spec examples", summary);
        System.out.println("[TCK] " + summary);
        if (!failures.isEmpty()) {
            Assertions.fail(failures.size() + " of " + counts[0]
                    + " FHIR spec examples did not round-trip exactly; the first ones:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(25, failures.size()))));
        }
        assertThat(counts[4])
                .as("FHIR R4 spec examples that round-tripped exactly: %s", summary)
                .isGreaterThan(MIN_EXAMPLES);
    }

    @Test
    @DisplayName("Every FHIR R4 specification example over the size limit is refused with 413, and nothing is written")
    default void specExamplesOverTheLimitAreRefused(TestReporter reporter) {
        int limit = FhirStoreTck.LIMITS.maxResourceBytes();
        TenantContext ctx = context();
        int[] refused = new int[1];
        List<String> failures = new ArrayList<>();

        forEachExample(size -> size > limit, (name, json) -> {
            TckJson.Head head = TckJson.head(json);
            if (head == null || !head.isObject() || head.resourceType() == null) {
                return;
            }
            try {
                StoredResource stored =
                        head.id() != null && FHIR_ID.matcher(head.id()).matches()
                                ? store().update(ctx, head.resourceType(), head.id(), json)
                                : store().create(ctx, head.resourceType(), json);
                failures.add(name + " (" + json.length() + " characters) was stored as " + stored);
            } catch (InvalidResourceException e) {
                if (e.httpStatus() == 413) {
                    refused[0]++;
                } else {
                    failures.add(name + ": expected status 413 but got " + e.httpStatus() + ": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                failures.add(name + ": expected InvalidResourceException (413) but got " + e);
            }
        });

        reporter.publishEntry("oversize spec examples refused", Integer.toString(refused[0]));
        System.out.println("[TCK] " + refused[0] + " FHIR R4 spec examples over " + limit + " bytes refused with 413");
        if (!failures.isEmpty()) {
            Assertions.fail(failures.size() + " FHIR spec examples over " + limit
                    + " bytes were not refused with InvalidResourceException 413:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(25, failures.size()))));
        }
        assertThat(refused[0]).as("oversize FHIR R4 spec examples refused").isGreaterThan(20);
        assertThat(store().countAll(ctx))
                .as("countAll after refusing every oversize example")
                .isZero();
    }
}
