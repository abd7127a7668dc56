package dev.polystore.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The official definitions of one FHIR release: its SearchParameters, CompartmentDefinitions and element model. They
 * were extracted from the HL7 definitions when this library was built and ship inside its jar; nothing is read from
 * the network. Each release is loaded on first use and then shared; instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class FhirDefinitions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<FhirVersion, FhirDefinitions> CACHE = new EnumMap<>(FhirVersion.class);

    private final FhirVersion version;
    private final List<SearchParameterDefinition> searchParameters;
    /** Per resource type (abstract ones included): the parameters that apply, by code, sorted by code. */
    private final Map<String, Map<String, SearchParameterDefinition>> byType;

    private final Map<String, CompartmentDefinition> compartments;
    private final StructureModel elements;

    private FhirDefinitions(
            FhirVersion version,
            List<SearchParameterDefinition> searchParameters,
            Map<String, CompartmentDefinition> compartments,
            StructureModel elements) {
        this.version = version;
        this.searchParameters = List.copyOf(searchParameters);
        this.compartments = Map.copyOf(compartments);
        this.elements = elements;
        this.byType = indexByType(this.searchParameters, elements);
    }

    /** The definitions of {@code version}; loaded on the first call for that version, then cached. */
    public static FhirDefinitions of(FhirVersion version) {
        Objects.requireNonNull(version, "version");
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(version, FhirDefinitions::load);
        }
    }

    public FhirVersion version() {
        return version;
    }

    /** Every official SearchParameter of the release, sorted by url, exactly as defined (expressions verbatim). */
    public List<SearchParameterDefinition> searchParameters() {
        return searchParameters;
    }

    /**
     * The SearchParameters that apply to {@code resourceType}, sorted by code: those defined on it and those defined on
     * its base types (Resource, and DomainResource unless it is Bundle, Binary or Parameters). When a code is defined
     * at several levels (R4B and R5 define {@code _text} on both Resource and DomainResource) the most specific one is
     * kept. Empty for a type the release does not define.
     *
     * <p>A definition shared by several types whose expression is a union of one path per type (R4 {@code
     * clinical-code}: {@code AllergyIntolerance.code | ... | Observation.code | ...}) comes with the branches for
     * {@code resourceType} only ({@code Observation.code}); everything else is as in {@link #searchParameters()}.
     */
    public List<SearchParameterDefinition> searchParametersFor(String resourceType) {
        Map<String, SearchParameterDefinition> params = byType.get(resourceType);
        return params == null ? List.of() : List.copyOf(params.values());
    }

    /** The SearchParameter {@code code} that applies to {@code resourceType}, as {@link #searchParametersFor}. */
    public Optional<SearchParameterDefinition> searchParameter(String resourceType, String code) {
        Map<String, SearchParameterDefinition> params = byType.get(resourceType);
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(code));
    }

    /** The CompartmentDefinition for Patient, Encounter, RelatedPerson, Practitioner or Device. */
    public Optional<CompartmentDefinition> compartment(String compartmentType) {
        return Optional.ofNullable(compartments.get(compartmentType));
    }

    /** The element model: datatypes, resources and the abstract types. */
    public ElementModel elements() {
        return elements;
    }

    @Override
    public String toString() {
        return "FhirDefinitions[" + version + " " + version.release() + "]";
    }

    private static Map<String, Map<String, SearchParameterDefinition>> indexByType(
            List<SearchParameterDefinition> all, StructureModel model) {
        Map<String, List<SearchParameterDefinition>> byBase = new HashMap<>();
        for (SearchParameterDefinition sp : all) {
            for (String base : sp.base()) {
                byBase.computeIfAbsent(base, b -> new ArrayList<>()).add(sp);
            }
        }
        Map<String, Map<String, SearchParameterDefinition>> result = new HashMap<>();
        for (String type : model.allResourceTypes()) {
            List<String> chain = model.typeChain(type);
            Set<String> levels = Set.copyOf(chain);
            Map<String, SearchParameterDefinition> byCode = new TreeMap<>();
            for (String level : chain) {
                for (SearchParameterDefinition sp : byBase.getOrDefault(level, List.of())) {
                    if (!byCode.containsKey(sp.code())) {
                        byCode.put(sp.code(), forType(sp, levels, model));
                    }
                }
            }
            result.put(type, Collections.unmodifiableMap(byCode));
        }
        return Map.copyOf(result);
    }

    /** {@code sp} as it applies to one type: a union of per-type paths keeps only that type's branches. */
    private static SearchParameterDefinition forType(
            SearchParameterDefinition sp, Set<String> levels, StructureModel model) {
        String narrowed = UnionBranches.narrow(sp.expression(), levels, model::isResourceType);
        if (Objects.equals(narrowed, sp.expression())) {
            return sp;
        }
        return new SearchParameterDefinition(
                sp.url(),
                sp.code(),
                sp.base(),
                sp.type(),
                narrowed,
                sp.target(),
                sp.modifiers(),
                sp.comparators(),
                sp.components(),
                sp.multipleOr(),
                sp.multipleAnd());
    }

    private static FhirDefinitions load(FhirVersion version) {
        String dir = version.name().toLowerCase(Locale.ROOT) + "/";
        JsonNode elementsDoc = read(dir + "elements.json.gz", version);
        JsonNode spDoc = read(dir + "search-parameters.json.gz", version);
        JsonNode compartmentDoc = read(dir + "compartments.json.gz", version);

        StructureModel model = new StructureModel(elementsDoc.path("model"));
        List<SearchParameterDefinition> params = new ArrayList<>();
        for (JsonNode sp : spDoc.path("searchParameters")) {
            params.add(searchParameter(sp));
        }
        Map<String, CompartmentDefinition> compartments = new LinkedHashMap<>();
        compartmentDoc.path("compartments").properties().forEach(entry -> {
            Map<String, List<String>> byType = new LinkedHashMap<>();
            entry.getValue().properties().forEach(e -> byType.put(e.getKey(), strings(e.getValue())));
            compartments.put(entry.getKey(), new CompartmentDefinition(entry.getKey(), byType));
        });
        return new FhirDefinitions(version, params, compartments, model);
    }

    private static SearchParameterDefinition searchParameter(JsonNode sp) {
        List<SearchParameterDefinition.Component> components = new ArrayList<>();
        for (JsonNode c : sp.path("component")) {
            components.add(new SearchParameterDefinition.Component(
                    c.get("definition").asText(), c.get("expression").asText()));
        }
        return new SearchParameterDefinition(
                sp.get("url").asText(),
                sp.get("code").asText(),
                strings(sp.path("base")),
                SearchParamType.fromCode(sp.get("type").asText()),
                sp.hasNonNull("expression") ? sp.get("expression").asText() : null,
                strings(sp.path("target")),
                strings(sp.path("modifier")),
                strings(sp.path("comparator")),
                components,
                sp.path("multipleOr").asBoolean(true),
                sp.path("multipleAnd").asBoolean(true));
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(item -> result.add(item.asText()));
        return result;
    }

    private static JsonNode read(String resource, FhirVersion version) {
        try (InputStream raw = FhirDefinitions.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException(
                        "FHIR " + version.release() + " definitions missing from the classpath: "
                                + FhirDefinitions.class.getPackageName().replace('.', '/') + "/" + resource);
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                JsonNode document = JSON.readTree(in);
                String release = document.path("fhirVersion").asText();
                if (!version.release().equals(release)) {
                    throw new IllegalStateException(resource + " holds FHIR " + release + ", not " + version.release());
                }
                return document;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read FHIR definitions " + resource, e);
        }
    }
}
