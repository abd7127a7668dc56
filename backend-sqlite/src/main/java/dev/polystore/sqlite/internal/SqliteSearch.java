package dev.polystore.sqlite.internal;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.sql.SqlExecutor;
import dev.polystore.sql.SqlSearch;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            // a search in the writer's transaction sees the index rows it wrote
            c.flushIndexRows();
            SqlSearch.Page page = search.run(resolved, cursor);
            return new EngineSearchPage(load(page.matches()), load(page.includes()), page.total(), page.next());
        } catch (SQLException e) {
            throw SqliteSession.unavailable(e);
        }
    }

    /** The current versions of the rows, in their order; tombstones (deleted meanwhile) left out. */
    private List<StoredResource> load(List<SqlSearch.ResourceRow> rows) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (SqlSearch.ResourceRow r : rows) {
            idsByType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.id());
        }
        Map<String, StoredResource> byKey = new HashMap<>();
        idsByType.forEach((type, ids) -> {
            for (StoredResource s : session.currentMany(type, ids)) {
                byKey.put(type + "/" + s.id(), s);
            }
        });
        List<StoredResource> out = new ArrayList<>();
        for (SqlSearch.ResourceRow r : rows) {
            StoredResource s = byKey.get(r.type() + "/" + r.id());
            if (s != null && !s.deleted()) {
                out.add(s);
            }
        }
        return out;
    }
}
