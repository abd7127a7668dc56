package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;

/**
 * One search index entry of one resource: the value one search parameter extracted from it, in the form its search type
 * matches against (R4 search.html 3.1.1.4.x). Entries are immutable values; equal entries of one parameter are
 * deduplicated by {@link ResourceIndexer}. They carry no resource identity: the caller stores them next to the resource
 * they came from.
 *
 * @since 0.1
 */
public sealed interface IndexEntry
        permits StringEntry,
                TokenEntry,
                DateEntry,
                NumberEntry,
                QuantityEntry,
                ReferenceEntry,
                UriEntry,
                CompositeEntry,
                FullTextEntry {

    /** The search parameter's code, for example {@code family} or {@code _lastUpdated}. */
    String code();

    /** The search type this entry is indexed for. */
    SearchParamType type();
}
