package dev.polystore.api.search;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;

/**
 * FHIR search over one tenant's current resources. Thread-safe.
 *
 * @since 0.1
 */
public interface SearchProvider {

    /**
     * Runs one page of a search.
     *
     * @param cursor null for the first page, else the {@link SearchResult#nextCursor()} of the previous page
     * @throws InvalidSearchException if the query is invalid (unknown parameter in strict handling, bad modifier, prefix
     *     or value, a chain through a non-reference parameter)
     * @throws UnsupportedCapabilityException if the query uses a feature the backend does not declare
     */
    SearchResult search(TenantContext context, SearchQuery query, String cursor);

    /** The first page of a search. */
    default SearchResult search(TenantContext context, SearchQuery query) {
        return search(context, query, null);
    }
}
