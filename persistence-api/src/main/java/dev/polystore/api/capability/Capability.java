package dev.polystore.api.capability;

/**
 * One feature a backend may offer. A backend declares the set it offers once, in its {@link Capabilities}; the TCK
 * skips (never passes) the tests of features a backend lacks, and the composite routes by them.
 *
 * @since 0.1
 */
public enum Capability {
    /** create, read, update (PUT, including create-on-update), delete, exists, count, read-many. */
    CRUD,
    /** vread and version listing, including versions before a delete. */
    VREAD,
    /** update and delete against an expected version (If-Match), atomically. */
    OPTIMISTIC_LOCKING,
    /** History of one resource. */
    HISTORY_INSTANCE,
    /** History of every resource of one type. */
    HISTORY_TYPE,
    /** History of every resource in a tenant. */
    HISTORY_SYSTEM,
    /** The {@code _at} history parameter (state as of a time). */
    HISTORY_AT,
    /** Explicit transactions through {@code TransactionProvider}, and FHIR transaction Bundles (all-or-nothing). */
    TRANSACTIONS,
    /** FHIR batch Bundles (entries independent). */
    BATCH,
    /** JSON Patch (RFC 6902). */
    JSON_PATCH,
    /** FHIRPath Patch (FHIR {@code Parameters}). */
    FHIRPATH_PATCH,
    /** Conditional create ({@code If-None-Exist}); needs search. */
    CONDITIONAL_CREATE,
    /** Conditional update ({@code PUT Type?criteria}); needs search. */
    CONDITIONAL_UPDATE,
    /** Conditional delete ({@code DELETE Type?criteria}); needs search. */
    CONDITIONAL_DELETE,
    /** Conditional patch; needs search. */
    CONDITIONAL_PATCH,
    /** The bulk write path: many resources per engine transaction. */
    BULK_WRITE,
    /** Survives a killed process without losing acknowledged writes or keeping partial transactions. */
    DURABLE,
    /**
     * Search: every parameter type, modifier and prefix, chains, {@code _has}, includes, sort, paging and totals, and
     * the features the core library resolves before the engine ({@code _list}, terminology modifiers).
     */
    SEARCH,
    /** {@code _text} and {@code _content} full-text search (needs {@link #SEARCH}). */
    SEARCH_FULL_TEXT,
    /** {@code _filter} expressions (needs {@link #SEARCH}). */
    SEARCH_FILTER,
    /**
     * Search parameters defined per tenant (through the API or stored SearchParameter resources) and reindexing of
     * stored resources after a definition changes (needs {@link #SEARCH}).
     */
    CUSTOM_SEARCH_PARAMETERS
}
