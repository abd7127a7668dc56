package dev.polystore.core.search;

import dev.polystore.api.FhirVersion;
import dev.polystore.definitions.CompartmentDefinition;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SearchParameterRegistry} with custom parameters laid over another one (the official definitions, or those
 * plus store-wide custom ones): each custom parameter applies to the types its {@code base} covers (see {@link
 * CustomSearchParameters#appliesTo}) and replaces a parameter with the same code there; later ones in the list win
 * over earlier ones. Resource types and compartments are those of the underlying registry. Immutable.
 *
 * @since 0.1
 */
public final class OverlaySearchParameterRegistry implements SearchParameterRegistry {
    private final SearchParameterRegistry base;
    private final List<SearchParameterDefinition> custom;
    /** Per concrete type (and "Resource" for parameters on every type): the custom parameters by code. */
    private final Map<String, Map<String, SearchParameterDefinition>> byType = new HashMap<>();

    private final Map<String, SearchParameterDefinition> byUrl = new HashMap<>();

    public OverlaySearchParameterRegistry(SearchParameterRegistry base, List<SearchParameterDefinition> custom) {
        this.base = Objects.requireNonNull(base, "base");
        this.custom = List.copyOf(custom);
        for (SearchParameterDefinition p : this.custom) {
            for (String type : CustomSearchParameters.appliesTo(p.base(), base)) {
                byType.computeIfAbsent(type, t -> new HashMap<>()).put(p.code(), p);
            }
            if (p.base().contains("Resource")) {
                byType.computeIfAbsent("Resource", t -> new HashMap<>()).put(p.code(), p);
            }
            byUrl.put(p.url(), p);
        }
    }

    /** The custom parameters, in the order given. */
    public List<SearchParameterDefinition> custom() {
        return custom;
    }

    @Override
    public FhirVersion version() {
        return base.version();
    }

    @Override
    public Optional<SearchParameterDefinition> find(String resourceType, String code) {
        Map<String, SearchParameterDefinition> own = byType.get(resourceType);
        SearchParameterDefinition found = own == null ? null : own.get(code);
        return found != null ? Optional.of(found) : base.find(resourceType, code);
    }

    @Override
    public List<SearchParameterDefinition> parametersFor(String resourceType) {
        List<SearchParameterDefinition> inherited = base.parametersFor(resourceType);
        Map<String, SearchParameterDefinition> own = byType.get(resourceType);
        if (own == null) {
            return inherited;
        }
        Map<String, SearchParameterDefinition> byCode = new LinkedHashMap<>();
        inherited.forEach(p -> byCode.put(p.code(), p));
        byCode.putAll(own);
        List<SearchParameterDefinition> all = new ArrayList<>(byCode.values());
        all.sort(Comparator.comparing(SearchParameterDefinition::code));
        return List.copyOf(all);
    }

    @Override
    public Optional<SearchParameterDefinition> findByUrl(String url) {
        SearchParameterDefinition p = byUrl.get(url);
        return p != null ? Optional.of(p) : base.findByUrl(url);
    }

    @Override
    public Set<String> resourceTypes() {
        return base.resourceTypes();
    }

    @Override
    public Optional<CompartmentDefinition> compartment(String compartmentType) {
        return base.compartment(compartmentType);
    }

    @Override
    public ElementModel elements() {
        return base.elements();
    }

    @Override
    public String toString() {
        return "OverlaySearchParameterRegistry[" + base + " + " + custom.size() + " custom]";
    }
}
