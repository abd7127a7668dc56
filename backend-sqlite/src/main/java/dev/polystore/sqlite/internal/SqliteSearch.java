package dev.polystore.sqlite.internal;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.sql.SqlExecutor;
import dev.polystore.sql.SqlSearch;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Runs one page of a {@link ResolvedSearch} on SQLite: the shared {@link SqlSearch} in {@link SqliteDialect} over the
 * index tables of {@link SqliteIndexSchema}, its statements run on this connection; the versions of the keys it finds
 * are loaded by {@link SqliteSession}.
 */
final class SqliteSearch {
    private final SqliteConnection c;
    private final SqliteSession session;
    private final SqlSearch search;

    SqliteSearch(SqliteConnection c, TenantId tenant, FhirVersion fhirVersion, Clock clock) {
        this.c = c;
        this.session = new SqliteSession(c, tenant, fhirVersion);
        this.search = new SqlSearch(SqliteDialect.INSTANCE, SqlExecutor.jdbc(c.jdbc()), tenant.value(), clock);
    }

    EngineSearchPage run(ResolvedSearch resolved, String cursor) {
        try {
            // a search in the writer's transaction sees the versions and index rows it wrote
            c.flushWrites();
            return search.run(resolved, cursor)
                    .load((type, rows) -> session.currentMany(type, SqlSearch.VersionLoader.ids(rows)));
        } catch (SQLException e) {
            throw SqliteSession.unavailable(e);
        }
    }
}
