package dev.polystore.core.store;

import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.PreconditionFailedException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.TotalMode;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.search.ResolvedSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The search behind conditional interactions and conditional references: a condition ({@code identifier=a|b} or
 * {@code Patient?identifier=a|b}) resolved against one type and run through an {@link EngineReader}, usually the writer
 * of the transaction that acts on the result, so that the decision and the write are atomic.
 */
public final class ConditionalSearch {
    /** Result parameters a condition may not hold: a condition selects, it does not shape a result. */
    private static final Set<String> RESULT_PARAMETERS = Set.of(
            "_sort",
            "_count",
            "_include",
            "_revinclude",
            "_summary",
            "_elements",
            "_total",
            "_contained",
            "_containedType",
            "_format",
            "_pretty",
            "_maxresults",
            "_cursor");

    /** Page size when every match is wanted (multiple conditional delete). */
    private static final int PAGE = 500;

    private final TenantSearchParameters parameters;
    private final BiFunction<TenantId, ResolvedSearch, ResolvedSearch> rewrite;

    /**
     * @param parameters the tenants' search parameters, or null when the store does not search
     * @param rewrite what the store does to every resolved search before its engine sees it (terminology)
     */
    public ConditionalSearch(
            TenantSearchParameters parameters, BiFunction<TenantId, ResolvedSearch, ResolvedSearch> rewrite) {
        this.parameters = parameters;
        this.rewrite = rewrite;
    }

    /**
     * Parses and resolves a condition on {@code resourceType}.
     *
     * @param what the interaction, for messages ("conditional create", ...)
     * @throws InvalidRequestException for an empty condition, one on another type, or one with result parameters
     */
    public ResolvedSearch resolve(
            TenantContext ctx, EngineReader reader, String resourceType, String condition, String what) {
        if (parameters == null) {
            throw new UnsupportedCapabilityException("A " + what + " needs search, which this store does not offer");
        }
        String query = condition == null ? "" : condition.strip();
        int q = query.indexOf('?');
        if (q >= 0) {
            String type = query.substring(0, q);
            if (type.startsWith("/")) {
                type = type.substring(1);
            }
            if (!type.isEmpty() && !type.equals(resourceType)) {
                throw new InvalidRequestException("The " + what + " on " + resourceType + " has a condition on "
                        + FhirIds.quote(type) + ": " + FhirIds.quote(condition));
            }
            query = query.substring(q + 1);
        }
        SearchQuery parsed = SearchQuery.parse(resourceType + "?" + query);
        if (parsed.params().isEmpty()) {
            throw new InvalidRequestException("The " + what + " on " + resourceType
                    + " has an empty condition; it needs at least one search parameter");
        }
        for (SearchQuery.Param p : parsed.params()) {
            String name = p.name();
            int colon = name.indexOf(':');
            if (RESULT_PARAMETERS.contains(colon < 0 ? name : name.substring(0, colon))) {
                throw new InvalidRequestException("The " + what + " condition " + FhirIds.quote(condition)
                        + " holds the result parameter " + name + "; a condition holds search criteria only");
            }
        }
        ResolvedSearch s = parameters.forTenant(ctx.tenant(), reader).resolver().resolve(parsed);
        return s.matchesOnly(2, TotalMode.NONE);
    }

    /** In a write transaction, the outcome decides a write: the engine serializes such decisions. */
    private static void guard(EngineReader reader, ResolvedSearch search) {
        if (reader instanceof EngineWriter writer) {
            writer.guardCondition(search.resourceType());
        }
    }

    /** Up to two matches, enough to tell none, one and several apart. */
    public static List<StoredResource> firstTwo(EngineReader reader, ResolvedSearch search) {
        guard(reader, search);
        return reader.search(search, null).matches();
    }

    /** The first {@code limit} matches. */
    public static List<StoredResource> first(EngineReader reader, ResolvedSearch search, int limit) {
        return reader.search(withCount(search, limit), null).matches();
    }

    /** The one match, or null when there is none. */
    public static StoredResource single(EngineReader reader, ResolvedSearch search, String what, String condition) {
        List<StoredResource> matches = firstTwo(reader, search);
        if (matches.size() > 1) {
            throw severalMatches(what, search.resourceType(), condition);
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** Every match, page after page. */
    public static List<StoredResource> all(EngineReader reader, ResolvedSearch search) {
        guard(reader, search);
        ResolvedSearch paged = withCount(search, PAGE);
        List<StoredResource> out = new ArrayList<>();
        String cursor = null;
        do {
            EngineSearchPage page = reader.search(paged, cursor);
            out.addAll(page.matches());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static ResolvedSearch withCount(ResolvedSearch search, int count) {
        return search.matchesOnly(count, TotalMode.NONE);
    }

    /** The 412 of a condition that is not selective enough. */
    public static PreconditionFailedException severalMatches(String what, String type, String condition) {
        return new PreconditionFailedException("The " + what + " condition " + type + "?" + stripType(condition)
                + " matches more than one resource; make it more selective");
    }

    private static String stripType(String condition) {
        int q = condition.indexOf('?');
        return q >= 0 ? condition.substring(q + 1) : condition;
    }
}
