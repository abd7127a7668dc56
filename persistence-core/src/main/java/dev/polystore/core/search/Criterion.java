package dev.polystore.core.search;

import dev.polystore.api.search.SearchModifier;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One resolved search criterion: what one query parameter asks of the resources. The criteria of a search are ANDed;
 * the values inside a criterion are ORed. {@link Filter} carries a {@code _filter} expression composed with {@link
 * And}, {@link Or} and {@link Not}.
 *
 * @since 0.1
 */
public sealed interface Criterion {

    /**
     * Whether {@code test} holds for the criterion or for any criterion nested in it: chain targets, {@code _has}
     * sources, per-type branches, {@code _filter} expressions and their and/or/not.
     */
    static boolean anyMatch(Criterion criterion, java.util.function.Predicate<Criterion> test) {
        if (test.test(criterion)) {
            return true;
        }
        if (criterion instanceof Chain chain) {
            return chain.byTargetType().values().stream().anyMatch(c -> anyMatch(c, test));
        }
        if (criterion instanceof Has has) {
            return anyMatch(has.inner(), test);
        }
        if (criterion instanceof PerType perType) {
            return perType.byType().values().stream().anyMatch(c -> anyMatch(c, test));
        }
        if (criterion instanceof Filter filter) {
            return anyMatch(filter.criterion(), test);
        }
        if (criterion instanceof And and) {
            return and.criteria().stream().anyMatch(c -> anyMatch(c, test));
        }
        if (criterion instanceof Or or) {
            return or.criteria().stream().anyMatch(c -> anyMatch(c, test));
        }
        if (criterion instanceof Not not) {
            return anyMatch(not.criterion(), test);
        }
        return false;
    }

    /**
     * A parameter compared with values: {@code code=a,b}, {@code name:exact=Eve}, {@code subject:Patient=123}.
     *
     * @param parameter the parameter's definition for the type it is evaluated on
     * @param modifier the modifier, or null for none (and for a {@code :[type]} type hint)
     * @param typeHint the resource type of a reference {@code :[type]} modifier, or null
     * @param values the OR-list of typed values (never empty)
     */
    record Value(
            SearchParameterDefinition parameter, SearchModifier modifier, String typeHint, List<SearchValue> values)
            implements Criterion {
        /** Checks and copies. */
        public Value {
            Objects.requireNonNull(parameter, "parameter");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
        }
    }

    /**
     * {@code param:missing=true|false}.
     *
     * @param parameter the parameter's definition
     * @param missing true to match resources without a value for the parameter, false for those with one
     */
    record Missing(SearchParameterDefinition parameter, boolean missing) implements Criterion {
        /** Checks the parameter is present. */
        public Missing {
            Objects.requireNonNull(parameter, "parameter");
        }
    }

    /**
     * A chain {@code subject:Patient.organization.name=x}: the reference parameter must point at a resource that
     * matches the inner criterion. Chains of any depth nest.
     *
     * @param parameter the reference parameter followed
     * @param typeHint the resource type given as {@code :[type]} before the dot, or null
     * @param byTargetType per possible target type (in the order of the parameter's targets), the inner criterion
     *     resolved against that type; targets on which the chained parameter is not defined are absent
     */
    record Chain(SearchParameterDefinition parameter, String typeHint, Map<String, Criterion> byTargetType)
            implements Criterion {
        /** Checks and copies. */
        public Chain {
            Objects.requireNonNull(parameter, "parameter");
            byTargetType = Collections.unmodifiableMap(new LinkedHashMap<>(byTargetType));
            if (byTargetType.isEmpty()) {
                throw new IllegalArgumentException("no target types");
            }
        }
    }

    /**
     * A reverse chain {@code _has:Observation:patient:code=x}: some resource of {@code sourceType} whose {@code
     * referenceParameter} points at the candidate matches the inner criterion (itself possibly a {@code _has}).
     *
     * @param sourceType the type of the resources pointing back
     * @param referenceParameter the reference parameter of {@code sourceType} that points at the candidate
     * @param inner the criterion on the {@code sourceType} resources
     */
    record Has(String sourceType, SearchParameterDefinition referenceParameter, Criterion inner) implements Criterion {
        /** Checks the parts are present. */
        public Has {
            Objects.requireNonNull(sourceType, "sourceType");
            Objects.requireNonNull(referenceParameter, "referenceParameter");
            Objects.requireNonNull(inner, "inner");
        }
    }

    /**
     * Membership of a compartment ({@code Patient/123/Observation}): a resource belongs when one of its type's
     * compartment parameters refers to the compartment owner; {@value #SELF} stands for the owner itself.
     *
     * @param compartmentType the compartment type (Patient, Encounter, RelatedPerson, Practitioner, Device)
     * @param id the owner's id
     * @param paramsByType per searched resource type, the parameter codes that place it in the compartment
     */
    record Compartment(String compartmentType, String id, Map<String, List<String>> paramsByType) implements Criterion {
        /** The compartment parameter that means the compartment owner itself. */
        public static final String SELF = "{def}";

        /** Checks and copies. */
        public Compartment {
            Objects.requireNonNull(compartmentType, "compartmentType");
            Objects.requireNonNull(id, "id");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            paramsByType.forEach((type, params) -> copy.put(type, List.copyOf(params)));
            paramsByType = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * {@code _text} (narrative) or {@code _content} (whole resource) full-text search.
     *
     * @param parameter {@code _text} or {@code _content}
     * @param texts the OR-list of texts, unescaped
     */
    record FullText(String parameter, List<String> texts) implements Criterion {
        /** Checks and copies. */
        public FullText {
            Objects.requireNonNull(parameter, "parameter");
            texts = List.copyOf(texts);
        }
    }

    /**
     * {@code _filter}: the expression as written and the criterion it resolves to (search_filter.html). The resolved
     * criterion is built from {@link And}, {@link Or}, {@link Not} and the ordinary criteria, so an engine that executes
     * those executes a filter; the wrapper lets a store refuse {@code _filter} on engines without the capability.
     *
     * @param expression the expression as written
     * @param criterion the resolved expression
     */
    record Filter(String expression, Criterion criterion) implements Criterion {
        /** Checks the parts are present. */
        public Filter {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(criterion, "criterion");
        }
    }

    /**
     * Every inner criterion holds ({@code _filter}'s {@code and}). Evaluated with three-valued AND: a non-match wins,
     * then undecidable.
     *
     * @param criteria the criteria ANDed (at least two)
     */
    record And(List<Criterion> criteria) implements Criterion {
        /** Checks and copies. */
        public And {
            criteria = List.copyOf(criteria);
            if (criteria.size() < 2) {
                throw new IllegalArgumentException("an AND needs at least two criteria");
            }
        }
    }

    /**
     * At least one inner criterion holds ({@code _filter}'s {@code or}). Evaluated with three-valued OR: a match wins,
     * then undecidable.
     *
     * @param criteria the criteria ORed (at least two)
     */
    record Or(List<Criterion> criteria) implements Criterion {
        /** Checks and copies. */
        public Or {
            criteria = List.copyOf(criteria);
            if (criteria.size() < 2) {
                throw new IllegalArgumentException("an OR needs at least two criteria");
            }
        }
    }

    /**
     * The inner criterion does not hold ({@code _filter}'s {@code not (...)}, and {@code ne} on parameters without an
     * order). A resource without any value for the inner criterion's parameter matches. Undecidable stays undecidable.
     *
     * @param criterion the negated criterion
     */
    record Not(Criterion criterion) implements Criterion {
        /** Checks the criterion is present. */
        public Not {
            Objects.requireNonNull(criterion, "criterion");
        }
    }

    /**
     * {@code _list}: the resource must be an item of one of these List resources.
     *
     * @param listIds the OR-list of List ids (or functional list names such as {@code $current-allergies})
     */
    record InList(List<String> listIds) implements Criterion {
        /** Copies the list. */
        public InList {
            listIds = List.copyOf(listIds);
        }
    }

    /**
     * One parameter in a search across several types whose resolution differs per type ({@code name} on Patient and
     * Practitioner): the criterion resolved against each searched type.
     *
     * @param byType per searched type, the criterion resolved against it
     */
    record PerType(Map<String, Criterion> byType) implements Criterion {
        /** Copies the map. */
        public PerType {
            byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        }
    }

    /**
     * A criterion whose outcome does not depend on the resource. The terminology rewriting produces it when an
     * expansion is empty: {@code :in} a ValueSet without codes matches no resource, {@code :not-in} it every resource.
     *
     * @param matches true if every resource matches, false if none does
     */
    record Constant(boolean matches) implements Criterion {}
}
