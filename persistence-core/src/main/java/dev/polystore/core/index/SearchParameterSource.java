package dev.polystore.core.index;

import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link ResourceIndexer} gets its search parameters: the official ones of a release
 * ({@link #of(FhirDefinitions)}), possibly with custom SearchParameters added ({@link #withAdditional}). Implementations
 * must be thread-safe and give the same answer for the same type for as long as an indexer uses them (an indexer
 * compiles each type's parameters once).
 *
 * @since 0.1
 */
public interface SearchParameterSource {

    /**
     * The parameters that apply to {@code resourceType}, with expressions restricted to that type (see
     * {@link FhirDefinitions#searchParametersFor}); empty for an unknown type.
     */
    List<SearchParameterDefinition> searchParametersFor(String resourceType);

    /** The parameter with canonical {@code url} (for composite components), if known. */
    Optional<SearchParameterDefinition> byUrl(String url);

    /** The official parameters of one release. */
    static SearchParameterSource of(FhirDefinitions definitions) {
        Objects.requireNonNull(definitions, "definitions");
        Map<String, SearchParameterDefinition> byUrl = new HashMap<>();
        for (SearchParameterDefinition p : definitions.searchParameters()) {
            byUrl.putIfAbsent(p.url(), p);
        }
        return new SearchParameterSource() {
            @Override
            public List<SearchParameterDefinition> searchParametersFor(String resourceType) {
                return definitions.searchParametersFor(resourceType);
            }

            @Override
            public Optional<SearchParameterDefinition> byUrl(String url) {
                return Optional.ofNullable(byUrl.get(url));
            }
        };
    }

    /**
     * This source plus {@code additional} parameters (custom SearchParameters of a tenant, ...): each applies to the
     * types in its {@link SearchParameterDefinition#base} and replaces an inherited parameter with the same code. Their
     * expressions are used as given (a union over several types is evaluated whole).
     */
    default SearchParameterSource withAdditional(List<SearchParameterDefinition> additional) {
        SearchParameterSource base = this;
        List<SearchParameterDefinition> extra = List.copyOf(additional);
        Map<String, SearchParameterDefinition> extraByUrl = new HashMap<>();
        for (SearchParameterDefinition p : extra) {
            extraByUrl.put(p.url(), p);
        }
        return new SearchParameterSource() {
            @Override
            public List<SearchParameterDefinition> searchParametersFor(String resourceType) {
                List<SearchParameterDefinition> inherited = base.searchParametersFor(resourceType);
                Map<String, SearchParameterDefinition> byCode = new LinkedHashMap<>();
                for (SearchParameterDefinition p : inherited) {
                    byCode.put(p.code(), p);
                }
                boolean known = !inherited.isEmpty();
                for (SearchParameterDefinition p : extra) {
                    if (p.base().contains(resourceType)
                            || known
                                    && (p.base().contains("Resource")
                                            || p.base().contains("DomainResource"))) {
                        byCode.put(p.code(), p);
                    }
                }
                List<SearchParameterDefinition> result = new ArrayList<>(byCode.values());
                result.sort(Comparator.comparing(SearchParameterDefinition::code));
                return List.copyOf(result);
            }

            @Override
            public Optional<SearchParameterDefinition> byUrl(String url) {
                SearchParameterDefinition p = extraByUrl.get(url);
                return p != null ? Optional.of(p) : base.byUrl(url);
            }
        };
    }
}
