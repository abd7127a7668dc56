package dev.polystore.api.capability;

/**
 * How a backend separates tenants physically. Every strategy keeps the tenant id in every key and index as well; the
 * strategies differ in blast radius, operational cost and per-tenant backup.
 *
 * @since 0.1
 */
public enum TenancyStrategy {
    /** All tenants share one schema; the tenant id leads every key and index. */
    SHARED_SCHEMA,
    /** One schema (namespace, keyspace) per tenant in one database. */
    SCHEMA_PER_TENANT,
    /** One database (file, bucket) per tenant. */
    DATABASE_PER_TENANT
}
