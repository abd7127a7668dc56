package dev.polystore.core.search;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.definitions.CompartmentDefinition;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a caller's {@link SearchQuery} into a {@link ResolvedSearch}: every parameter resolved against the {@link
 * SearchParameterRegistry}, every modifier, prefix and value checked and typed. Thread-safe.
 *
 * <p>Decisions where the specification leaves room:
 *
 * <ul>
 *   <li>A parameter with an empty value ({@code name=}) is treated as absent, as FHIR search asks of empty
 *       parameters; its name is still checked (an unknown name is an error in strict handling) and it is left out of
 *       the self URL. An empty item in an OR-list ({@code a,,b}) is an error.
 *   <li>A date, or a dateTime without a zone, is taken as UTC.
 *   <li>{@code ap} is accepted and kept as a prefix; its tolerance is left to execution.
 *   <li>A number's range follows its significant digits, also in exponent form ({@code 1e2} is {@code [50, 150)}).
 *   <li>A plain reference id ({@code subject=123}) keeps a null type unless a {@code :[type]} modifier gives it;
 *       {@code Type/id} must name one of the parameter's targets.
 *   <li>In a search across several types, a parameter must be defined for every searched type; when its resolution
 *       differs between types it becomes a {@link Criterion.PerType}. A search across all types (no {@code _type})
 *       resolves against {@code Resource}.
 *   <li>A non-iterating {@code _include} must start from a searched type; a non-iterating {@code _revinclude} must
 *       be able to point at one. {@code :recurse} is R4's (and R4B's) alias of {@code :iterate}; R5 refuses it.
 *   <li>Unknown parameters are ignored under lenient handling only at the top level; an unknown parameter inside a
 *       chain or {@code _has} is always an error. Ignored parameters are listed as {@code name=value}.
 *   <li>A chain without type hint is resolved against every target of the reference on which the chained parameter
 *       is defined; the others are left out.
 *   <li>{@code _elements} names must be top-level elements of the searched type (of at least one of them across
 *       types; a choice element by its base name or a typed name such as {@code valueQuantity}).
 *   <li>{@code _sort} keys must be parameters of every searched type, of any type but composite and special.
 *   <li>A definition's {@code multipleOr = false} refuses comma lists, its {@code multipleAnd = false} refuses
 *       repetition.
 *   <li>{@code _filter} is parsed and resolved here ({@link Criterion.Filter}): {@code not} binds tighter than {@code
 *       and}, {@code and} tighter than {@code or}; each comparison becomes the ordinary criterion of the same meaning
 *       (docs/decisions.md has the operator table); unknown parameters inside it are errors in every handling mode.
 * </ul>
 *
 * @since 0.1
 */
public final class SearchQueryResolver {

    private final SearchParameterRegistry registry;

    /** A resolver validating against {@code registry}. */
    public SearchQueryResolver(SearchParameterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The registry queries are validated against. */
    public SearchParameterRegistry registry() {
        return registry;
    }

    /**
     * Resolves and validates {@code query}.
     *
     * @throws InvalidSearchException if the query is invalid; the message names the parameter and value
     * @throws UnsupportedCapabilityException for valid features this library does not offer ({@code _query}, {@code
     *     _contained} other than false, {@code _filter} operators without an ordinary equivalent on the parameter)
     */
    public ResolvedSearch resolve(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        String resourceType = query.resourceType();
        if (resourceType != null && !registry.isResourceType(resourceType)) {
            throw new InvalidSearchException("Unknown resource type '" + resourceType + "'");
        }
        List<String> types = types(query);
        Criterion.Compartment compartment = compartment(query, types);
        if (compartment != null && types.isEmpty()) {
            types = List.copyOf(compartment.paramsByType().keySet());
        }
        return new SearchResolution(registry, query, resourceType, types, compartment).run();
    }

    private List<String> types(SearchQuery query) {
        List<String> typeValues = query.values("_type");
        boolean given = typeValues.stream().anyMatch(v -> !v.isEmpty());
        if (typeValues.size() > 1) {
            throw new InvalidSearchException("Parameter '_type' may be given only once");
        }
        if (query.resourceType() != null) {
            if (given) {
                throw new InvalidSearchException("Parameter '_type' is only allowed in a search across types, not in"
                        + " a search of " + query.resourceType());
            }
            return List.of(query.resourceType());
        }
        if (typeValues.isEmpty() || typeValues.get(0).isEmpty()) {
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : typeValues.get(0).split(",", -1)) {
            if (!registry.isResourceType(type)) {
                throw new InvalidSearchException("Parameter '_type': unknown resource type '" + type + "'");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    private Criterion.Compartment compartment(SearchQuery query, List<String> types) {
        if (query.compartmentType() == null) {
            return null;
        }
        String code = query.compartmentType();
        CompartmentDefinition definition = registry.compartment(code)
                .orElseThrow(() -> new InvalidSearchException("Unknown compartment type '" + code
                        + "' (expected Patient, Encounter, RelatedPerson, Practitioner or Device)"));
        if (!SearchValueParser.ID.matcher(query.compartmentId()).matches()) {
            throw new InvalidSearchException(
                    "Invalid id '" + query.compartmentId() + "' of the " + code + " compartment");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (types.isEmpty()) {
            params.putAll(definition.paramsByResourceType());
            params.values().removeIf(List::isEmpty);
        } else {
            for (String type : types) {
                List<String> p = definition.params(type);
                if (p.isEmpty()) {
                    throw new InvalidSearchException(
                            "Resource type " + type + " is not in the " + code + " compartment");
                }
                params.put(type, p);
            }
        }
        return new Criterion.Compartment(code, query.compartmentId(), params);
    }

    @Override
    public String toString() {
        return "SearchQueryResolver[" + registry.version().name().toLowerCase(Locale.ROOT) + "]";
    }
}
