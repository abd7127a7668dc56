package dev.polystore.postgres.internal;

import java.time.Duration;

/**
 * The validated configuration of a PostgreSQL backend, as the builder hands it over.
 *
 * @param jdbcUrl the JDBC URL of the main database (shared schema, schema per tenant) or of the control database
 *     (database per tenant)
 * @param user the user, or null to take it from the URL
 * @param password the password, or null
 * @param schema the schema of the shared tables, and of the tenant registry with the other strategies
 * @param tenantPrefix the prefix of tenant schema and database names
 * @param poolSize connections of the main pool
 * @param tenantPoolSize connections of each tenant's pool (database per tenant)
 * @param maxOpenTenantPools tenant pools kept open at most (database per tenant)
 * @param idleTenantPoolTimeout how long an unused tenant pool stays open (database per tenant)
 * @param connectionTimeout how long to wait for a connection before the backend counts as unavailable
 * @param writeRetries how many times a write that met a serialization failure or deadlock runs again
 * @param lockTimeout how long a statement waits for a row lock held by another transaction
 * @param rowLevelSecurity whether the shared schema's tables get tenant policies (shared schema only)
 */
public record PostgresSettings(
        String jdbcUrl,
        String user,
        String password,
        String schema,
        String tenantPrefix,
        int poolSize,
        int tenantPoolSize,
        int maxOpenTenantPools,
        Duration idleTenantPoolTimeout,
        Duration connectionTimeout,
        int writeRetries,
        Duration lockTimeout,
        boolean rowLevelSecurity) {

    /** The JDBC URL of the same server with another database. */
    public String urlOfDatabase(String database) {
        int hosts = jdbcUrl.indexOf("//");
        int path = jdbcUrl.indexOf('/', hosts + 2);
        int query = jdbcUrl.indexOf('?', hosts + 2);
        String head = path < 0 || (query >= 0 && query < path)
                ? jdbcUrl.substring(0, query < 0 ? jdbcUrl.length() : query)
                : jdbcUrl.substring(0, path);
        String tail = query < 0 ? "" : jdbcUrl.substring(query);
        return head + "/" + database + tail;
    }
}
