package dev.polystore.core.definitions;

import dev.polystore.api.FhirVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The concrete resource types each FHIR release defines. The lists were taken from the official StructureDefinitions
 * (kind = resource, derivation = specialization, not abstract) of the R4 4.0.1, R4B 4.3.0 and R5 5.0.0 packages.
 */
public final class ResourceTypes {
    private static final Map<FhirVersion, Set<String>> TYPES = new EnumMap<>(FhirVersion.class);

    static {
        for (FhirVersion version : FhirVersion.values()) {
            TYPES.put(version, load("resource-types-" + version.name().toLowerCase(java.util.Locale.ROOT) + ".txt"));
        }
    }

    private ResourceTypes() {}

    /** True if {@code type} is a concrete resource type of {@code version}. */
    public static boolean isDefined(FhirVersion version, String type) {
        return type != null && TYPES.get(version).contains(type);
    }

    /** Every concrete resource type of {@code version}, sorted. */
    public static Set<String> all(FhirVersion version) {
        return TYPES.get(version);
    }

    private static Set<String> load(String name) {
        try (InputStream in = ResourceTypes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing definitions file " + name);
            }
            Set<String> types = new TreeSet<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .forEach(types::add);
            return Set.copyOf(types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
