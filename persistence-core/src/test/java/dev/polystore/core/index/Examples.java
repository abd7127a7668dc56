package dev.polystore.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.json.FhirJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The R4 examples of {@code com.ibm.fhir:fhir-examples} (test dependency). */
final class Examples {

    private Examples() {}

    /** One example file. */
    record Example(String path, JsonNode resource) {}

    static JsonNode load(String path) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + path);
            }
            return FhirJson.TRUSTED.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode spec(String name) {
        return load("json/spec/" + name);
    }

    static JsonNode parse(String json) {
        try {
            return FhirJson.TRUSTED.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code .json} file under {@code folder} (for example {@code json/spec/}), sorted by path. */
    static List<Example> all(String folder) {
        return all("json/spec/patient-example.json", folder);
    }

    /**
     * Every {@code .json} file under {@code folder} of the jar that holds {@code marker}, sorted by path; files that are
     * not JSON objects are left out.
     */
    static List<Example> all(String marker, String folder) {
        URL url = Examples.class.getClassLoader().getResource(marker);
        if (url == null) {
            throw new IllegalStateException(marker + " is not on the test class path");
        }
        List<Example> result = new ArrayList<>();
        try {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = new JarFile(connection.getJarFileURL().getFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                List<String> names = new ArrayList<>();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(folder) && name.endsWith(".json")) {
                        names.add(name);
                    }
                }
                names.sort(null);
                for (String name : names) {
                    try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
                        JsonNode node = FhirJson.TRUSTED.readTree(in);
                        if (node != null && node.isObject()) {
                            result.add(new Example(name, node));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
