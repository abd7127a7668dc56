package dev.polystore.core.search;

import dev.polystore.api.search.TotalMode;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A search fully resolved and validated against a {@link SearchParameterRegistry}: what every backend translates to
 * its engine. Immutable.
 *
 * @param resourceType the type searched, or null for a search across types
 * @param types the types searched: {@code [resourceType]}, else the {@code _type} list, else (compartment {@code *}
 *     searches) the compartment's types, else empty (all types)
 * @param compartment the compartment the search is restricted to, or null
 * @param criteria the criteria, ANDed, in query order
 * @param includes the {@code _include}s
 * @param revincludes the {@code _revinclude}s
 * @param sort the sort keys, most significant first
 * @param count the {@code _count}, or null when not given
 * @param total the {@code _total} ({@link TotalMode#NONE} when not given)
 * @param summary the {@code _summary}, or null when not given
 * @param elements the {@code _elements}, empty when not given
 * @param ignoredParameters the parameters ignored in lenient handling, as written ({@code name=value})
 * @param selfUrl the query as understood, as a relative URL: ignored, empty and formatting parameters left out
 * @since 0.1
 */
public record ResolvedSearch(
        String resourceType,
        List<String> types,
        Criterion.Compartment compartment,
        List<Criterion> criteria,
        List<Include> includes,
        List<Include> revincludes,
        List<SortKey> sort,
        Integer count,
        TotalMode total,
        SummaryMode summary,
        List<String> elements,
        List<String> ignoredParameters,
        String selfUrl) {

    /** Copies the lists. */
    public ResolvedSearch {
        types = List.copyOf(types);
        criteria = List.copyOf(criteria);
        includes = List.copyOf(includes);
        revincludes = List.copyOf(revincludes);
        sort = List.copyOf(sort);
        Objects.requireNonNull(total, "total");
        elements = List.copyOf(elements);
        ignoredParameters = List.copyOf(ignoredParameters);
        Objects.requireNonNull(selfUrl, "selfUrl");
    }

    /** The same search with other criteria. */
    public ResolvedSearch withCriteria(List<Criterion> newCriteria) {
        return new ResolvedSearch(
                resourceType,
                types,
                compartment,
                newCriteria,
                includes,
                revincludes,
                sort,
                count,
                total,
                summary,
                elements,
                ignoredParameters,
                selfUrl);
    }

    /** The same criteria asking only for matches: no includes, no sort, pages of {@code pageSize}, the given total. */
    public ResolvedSearch matchesOnly(int pageSize, TotalMode totalMode) {
        return new ResolvedSearch(
                resourceType,
                types,
                compartment,
                criteria,
                List.of(),
                List.of(),
                List.of(),
                pageSize,
                totalMode,
                summary,
                elements,
                ignoredParameters,
                selfUrl);
    }

    /**
     * An {@code _include} or {@code _revinclude}.
     *
     * @param sourceType the type holding the reference ({@code Observation} in {@code Observation:subject}), or null
     *     for {@code *}
     * @param parameter the reference parameter, or null for a wildcard ({@code *} or {@code Type:*})
     * @param targetType the target type given as third part, or null
     * @param iterate whether {@code :iterate} (or R4's {@code :recurse}) was given
     */
    public record Include(String sourceType, SearchParameterDefinition parameter, String targetType, boolean iterate) {
        /** Whether this is a wildcard include ({@code *} or {@code Type:*}). */
        public boolean wildcard() {
            return parameter == null;
        }
    }

    /**
     * One {@code _sort} key.
     *
     * @param code the parameter code, without {@code -}
     * @param descending whether {@code -} was given
     * @param parameterByType the parameter's definition per searched type (one entry for a single-type search, the
     *     key {@code Resource} for a search across all types)
     */
    public record SortKey(String code, boolean descending, Map<String, SearchParameterDefinition> parameterByType) {
        /** Checks and copies. */
        public SortKey {
            Objects.requireNonNull(code, "code");
            parameterByType = Collections.unmodifiableMap(new LinkedHashMap<>(parameterByType));
        }

        /** The definition for the first (for a single-type search: the only) searched type. */
        public SearchParameterDefinition parameter() {
            return parameterByType.values().iterator().next();
        }
    }

    /** What {@code _summary} asks for. */
    public enum SummaryMode {
        /** {@code true}: only the elements marked as summary. */
        TRUE,
        /** {@code text}: text, id, meta and top-level mandatory elements. */
        TEXT,
        /** {@code data}: everything but the text. */
        DATA,
        /** {@code count}: only the count, no resources. */
        COUNT,
        /** {@code false}: the whole resources. */
        FALSE
    }
}
