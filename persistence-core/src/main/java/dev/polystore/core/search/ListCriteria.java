package dev.polystore.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Executes {@code _list} (R4 search.html "_list", list.html) before a search reaches an engine: every {@link
 * Criterion.InList} (top level) and every {@code _list} value criterion inside a chain or {@code _has} is replaced by an
 * {@code _id} criterion on the items of the named List resources whose type is the type searched there. Engines never
 * see {@code _list}.
 *
 * <p>An item counts when its {@code entry.item.reference} is a relative reference {@code Type/id}, optionally
 * versioned ({@code Type/id/_history/n}: the list points at the resource, and search returns current versions, as
 * elsewhere in search references are version-agnostic). Absolute URLs, URNs, contained ({@code #id}) and
 * identifier-only items are not resources of this store as far as it knows (it has no configured base URL) and are
 * skipped, as are entries marked {@code deleted}. A List that does not exist (or is deleted) has no items, as a
 * reference to a missing resource matches nothing. Functional lists ({@code $current-allergies}, ...) are refused
 * with {@link UnsupportedCapabilityException}.
 *
 * @since 0.1
 */
public final class ListCriteria {

    private static final Pattern RELATIVE =
            Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");

    /**
     * The search after rewriting.
     *
     * @param search the search without {@code _list}
     * @param matchesNothing true when a {@code _list} criterion has no item of the searched type, so that the whole
     *     search matches nothing (the engine need not run)
     */
    public record Rewritten(ResolvedSearch search, boolean matchesNothing) {}

    private final SearchParameterRegistry registry;
    private final Function<String, Optional<JsonNode>> lists;
    private final Map<String, Map<String, Set<String>>> itemsByList = new HashMap<>();

    /**
     * @param registry the registry the search was resolved with (for the {@code _id} definitions)
     * @param lists reads the current List with the given id in the searched tenant; empty when there is none
     */
    public ListCriteria(SearchParameterRegistry registry, Function<String, Optional<JsonNode>> lists) {
        this.registry = registry;
        this.lists = lists;
    }

    /** Whether {@code search} uses {@code _list} anywhere (so that {@link #rewrite} has work to do). */
    public static boolean uses(ResolvedSearch search) {
        for (Criterion criterion : search.criteria()) {
            if (uses(criterion)) {
                return true;
            }
        }
        return false;
    }

    private static boolean uses(Criterion criterion) {
        return Criterion.anyMatch(
                criterion,
                c -> c instanceof Criterion.InList || (c instanceof Criterion.Value v && isList(v.parameter())));
    }

    private static boolean isList(SearchParameterDefinition parameter) {
        return parameter.code().equals("_list");
    }

    /** {@code search} with every {@code _list} replaced by the matching {@code _id} criterion. */
    public Rewritten rewrite(ResolvedSearch search) {
        List<Criterion> criteria = new ArrayList<>();
        boolean nothing = false;
        for (Criterion criterion : search.criteria()) {
            Optional<Criterion> rewritten;
            if (criterion instanceof Criterion.InList inList) {
                rewritten = items(inList.listIds(), search.types());
            } else {
                rewritten = rewrite(
                        criterion, search.types().size() == 1 ? search.types().get(0) : null);
            }
            if (rewritten.isEmpty()) {
                nothing = true;
            } else {
                criteria.add(rewritten.get());
            }
        }
        ResolvedSearch result = search.withCriteria(criteria);
        return new Rewritten(result, nothing);
    }

    /** The criterion rewritten for resources of {@code type} (null: unknown); empty when it matches nothing. */
    private Optional<Criterion> rewrite(Criterion criterion, String type) {
        if (criterion instanceof Criterion.Value value && isList(value.parameter())) {
            if (type == null || type.equals(SearchResolution.RESOURCE)) {
                return items(listIds(value), List.of());
            }
            return items(listIds(value), List.of(type));
        }
        if (criterion instanceof Criterion.Chain chain) {
            Map<String, Criterion> byTarget = new LinkedHashMap<>();
            chain.byTargetType()
                    .forEach((target, inner) -> rewrite(inner, target).ifPresent(c -> byTarget.put(target, c)));
            return byTarget.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new Criterion.Chain(chain.parameter(), chain.typeHint(), byTarget));
        }
        if (criterion instanceof Criterion.Has has) {
            return rewrite(has.inner(), has.sourceType())
                    .map(inner -> new Criterion.Has(has.sourceType(), has.referenceParameter(), inner));
        }
        if (criterion instanceof Criterion.PerType perType) {
            Map<String, Criterion> byType = new LinkedHashMap<>();
            perType.byType().forEach((t, inner) -> rewrite(inner, t).ifPresent(c -> byType.put(t, c)));
            return byType.isEmpty() ? Optional.empty() : Optional.of(new Criterion.PerType(byType));
        }
        return Optional.of(criterion);
    }

    private static List<String> listIds(Criterion.Value value) {
        List<String> ids = new ArrayList<>();
        for (SearchValue v : value.values()) {
            if (!(v instanceof SearchValue.Special special)) {
                throw new InvalidSearchException("Parameter '_list': unexpected value " + v);
            }
            ids.add(special.value());
        }
        return ids;
    }

    /**
     * The {@code _id} criterion on the items of {@code listIds} whose type is one of {@code types} (empty: any type);
     * empty when there is none.
     */
    private Optional<Criterion> items(List<String> listIds, List<String> types) {
        Map<String, Set<String>> idsByType = new LinkedHashMap<>();
        for (String listId : listIds) {
            items(listId).forEach((type, ids) -> {
                if (types.isEmpty() || types.contains(type)) {
                    idsByType.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(ids);
                }
            });
        }
        if (idsByType.isEmpty()) {
            return Optional.empty();
        }
        if (types.size() == 1) {
            return Optional.of(idCriterion(types.get(0), idsByType.get(types.get(0))));
        }
        Map<String, Criterion> byType = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> byType.put(type, idCriterion(type, ids)));
        return Optional.of(new Criterion.PerType(byType));
    }

    private Criterion idCriterion(String type, Set<String> ids) {
        SearchParameterDefinition id =
                registry.find(type, "_id").orElseThrow(() -> new IllegalStateException("no _id parameter for " + type));
        List<SearchValue> values = new ArrayList<>();
        ids.forEach(i -> values.add(new SearchValue.Token(null, i)));
        return new Criterion.Value(id, null, null, values);
    }

    /** The items of one List, by type; read once per search. */
    private Map<String, Set<String>> items(String listId) {
        Map<String, Set<String>> known = itemsByList.get(listId);
        if (known != null) {
            return known;
        }
        if (listId.startsWith("$")) {
            throw new UnsupportedCapabilityException("Functional list '" + listId
                    + "' is not supported (only List resources of the tenant can be used with _list)");
        }
        if (!RELATIVE.matcher("List/" + listId).matches()) {
            throw new InvalidSearchException("Parameter '_list': '" + listId + "' is not a valid List id");
        }
        Map<String, Set<String>> items = new LinkedHashMap<>();
        lists.apply(listId).ifPresent(list -> {
            for (JsonNode entry : list.path("entry")) {
                if (entry.path("deleted").asBoolean(false)) {
                    continue;
                }
                var m = RELATIVE.matcher(entry.path("item").path("reference").asText(""));
                if (m.matches() && registry.isResourceType(m.group(1))) {
                    items.computeIfAbsent(m.group(1), t -> new LinkedHashSet<>())
                            .add(m.group(2));
                }
            }
        });
        itemsByList.put(listId, items);
        return items;
    }
}
