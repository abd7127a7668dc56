package dev.polystore.core.search;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.definitions.CompartmentDefinition;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link SearchParameterRegistry}: the official definitions of one FHIR release. R4 does not publish a
 * SearchParameter for {@code _list} although its search page defines the parameter; this registry adds one (type
 * special, on Resource, no expression) so that {@code _list} is found in every release.
 */
final class DefinitionsSearchParameterRegistry implements SearchParameterRegistry {
    static final String LIST_URL = "http://hl7.org/fhir/SearchParameter/Resource-list";

    private final FhirDefinitions definitions;
    private final Map<String, SearchParameterDefinition> byUrl = new HashMap<>();
    private final SearchParameterDefinition syntheticList;

    DefinitionsSearchParameterRegistry(FhirDefinitions definitions) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        for (SearchParameterDefinition sp : definitions.searchParameters()) {
            byUrl.putIfAbsent(sp.url(), sp);
        }
        if (byUrl.containsKey(LIST_URL)) {
            syntheticList = null;
        } else {
            syntheticList = new SearchParameterDefinition(
                    LIST_URL,
                    "_list",
                    List.of("Resource"),
                    SearchParamType.SPECIAL,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    false,
                    true);
            byUrl.put(LIST_URL, syntheticList);
        }
    }

    @Override
    public FhirVersion version() {
        return definitions.version();
    }

    @Override
    public Optional<SearchParameterDefinition> find(String resourceType, String code) {
        if (resourceType == null || code == null) {
            return Optional.empty();
        }
        Optional<SearchParameterDefinition> found = definitions.searchParameter(resourceType, code);
        if (found.isEmpty() && syntheticList != null && code.equals("_list") && knownType(resourceType)) {
            return Optional.of(syntheticList);
        }
        return found;
    }

    @Override
    public List<SearchParameterDefinition> parametersFor(String resourceType) {
        List<SearchParameterDefinition> params = definitions.searchParametersFor(resourceType);
        if (syntheticList == null || params.isEmpty()) {
            return params;
        }
        List<SearchParameterDefinition> all = new ArrayList<>(params);
        all.add(syntheticList);
        all.sort(Comparator.comparing(SearchParameterDefinition::code));
        return List.copyOf(all);
    }

    @Override
    public Optional<SearchParameterDefinition> findByUrl(String url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    @Override
    public Set<String> resourceTypes() {
        return definitions.elements().resourceTypes();
    }

    @Override
    public Optional<CompartmentDefinition> compartment(String compartmentType) {
        return compartmentType == null ? Optional.empty() : definitions.compartment(compartmentType);
    }

    @Override
    public ElementModel elements() {
        return definitions.elements();
    }

    private boolean knownType(String type) {
        return !definitions.searchParametersFor(type).isEmpty();
    }

    @Override
    public String toString() {
        return "SearchParameterRegistry[" + definitions.version() + "]";
    }
}
