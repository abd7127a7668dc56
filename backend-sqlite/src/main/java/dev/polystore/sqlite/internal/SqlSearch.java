package dev.polystore.sqlite.internal;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.search.TotalMode;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one page of a {@link ResolvedSearch} in SQL over the index tables of {@link SqliteIndexSchema}. Every criterion
 * becomes a semi-join ({@code rkey IN (SELECT ...)}) on the index tables ({@link SqlCriteria}); chains and {@code
 * _has} nest such semi-joins through {@code idx_reference}, so they are complete at any size. Values reach SQL only as
 * bound parameters. The semantics are those of {@code IndexMatcher} (the server has no configured bases: every
 * absolute reference is external). Sorting and paging are {@link SqlSort} and {@link SqlCursor}; includes are
 * {@link SqlIncludes}.
 */
final class SqlSearch {
    static final int DEFAULT_COUNT = 50;

    /** How many matching keys a probe counts at most when it picks the driving criterion. */
    static final int PROBE_LIMIT = 2000;

    /** A driver with at most this many keys is taken without probing the other criteria. */
    static final int SMALL_ENOUGH = 1000;

    /** How far the probe counts when several criteria all reach {@link #PROBE_LIMIT}. */
    static final int LARGE_PROBE_LIMIT = 50_000;

    private final SqliteConnection c;
    private final String tenantKey;
    private final SqliteSession session;
    private final SqlCriteria criteria;

    SqlSearch(SqliteConnection c, TenantId tenant, FhirVersion fhirVersion, Clock clock) {
        this.c = c;
        this.tenantKey = tenant.value();
        this.session = new SqliteSession(c, tenant, fhirVersion);
        this.criteria = new SqlCriteria(tenantKey, clock);
    }

    // ------------------------------------------------------------------ page

    EngineSearchPage run(ResolvedSearch search, String cursor) {
        List<String> types = search.resourceType() != null ? List.of(search.resourceType()) : search.types();
        List<SqlSort.SortSpec> sort = SqlSort.sortSpecs(search, types);
        int count = search.count() == null ? DEFAULT_COUNT : search.count();
        if (search.summary() == ResolvedSearch.SummaryMode.COUNT) {
            count = 0;
        }
        if (count < 0) {
            throw new InvalidRequestException("_count must not be negative");
        }
        // the criteria, shared by the page and the count
        SqlStatement where = new SqlStatement();
        where.bind("k.tenant = ? AND k.live = 1", tenantKey);
        where.typeFilter("k.type", types);
        try {
            List<Criterion> all = search.criteria();
            int driver = driver(types, all);
            for (int i = 0; i < all.size(); i++) {
                where.text(" AND (");
                if (i == driver) {
                    criteria.predicate(where, "k", types, all.get(i));
                } else {
                    criteria.correlated(where, "k", types, all.get(i));
                }
                where.text(")");
            }
            if (search.compartment() != null) {
                where.text(" AND (");
                criteria.compartment(where, "k", types, search.compartment());
                where.text(")");
            }
            Long total = null;
            if (search.total() != TotalMode.NONE || count == 0) {
                SqlStatement q = new SqlStatement().text("SELECT count(*) FROM search_resources k WHERE ");
                q.append(where);
                try (PreparedStatement ps = q.prepare(c);
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            if (count == 0) {
                return new EngineSearchPage(List.of(), List.of(), total, null);
            }
            String fingerprint = SqlCursor.fingerprint(sort);
            List<Object> after = cursor == null ? null : SqlCursor.decode(cursor, fingerprint, sort.size());
            SqlStatement q = new SqlStatement().text("SELECT rkey, type, id");
            for (int i = 0; i < sort.size(); i++) {
                q.text(", s" + i);
            }
            q.text(" FROM (SELECT k.rkey AS rkey, k.type AS type, k.id AS id");
            for (int i = 0; i < sort.size(); i++) {
                q.text(", ");
                SqlSort.sortExpression(q, "k", criteria.alias(), sort.get(i));
                q.text(" AS s" + i);
            }
            q.text(" FROM search_resources k WHERE ");
            q.append(where);
            q.text(")");
            if (after != null) {
                q.text(" WHERE ");
                SqlSort.after(q, sort, after, 0);
            }
            q.text(" ORDER BY ");
            for (int i = 0; i < sort.size(); i++) {
                q.text("s" + i + " IS NULL, s" + i + (sort.get(i).descending() ? " DESC, " : " ASC, "));
            }
            q.text(sort.isEmpty() ? "rkey" : "id, rkey");
            q.bind(" LIMIT ?", count + 1);
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = q.prepare(c);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < sort.size(); i++) {
                        values.add(normalize(rs.getObject(4 + i)));
                    }
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), values));
                }
            }
            String next = null;
            if (rows.size() > count) {
                rows = rows.subList(0, count);
                Row last = rows.get(rows.size() - 1);
                List<Object> position = new ArrayList<>(last.sortValues);
                position.add(last.id);
                position.add(last.rkey);
                next = SqlCursor.encode(fingerprint, position);
            }
            List<StoredResource> matches = load(rows);
            List<StoredResource> includes = includes(search, rows);
            return new EngineSearchPage(matches, includes, total, next);
        } catch (SQLException e) {
            throw SqliteSession.unavailable(e);
        }
    }

    private record Row(long rkey, String type, String id, List<Object> sortValues) {}

    /**
     * Picks the criterion that drives the query: the one whose matching keys, found through an index, are fewest
     * (counted up to {@value #PROBE_LIMIT} by a probe). The others are checked per candidate row from its key. When
     * even the fewest reach the limit, no criterion drives (-1): the query walks the type's resources in key order and
     * checks each, which finds a page of frequent matches quickly instead of collecting all of them first.
     */
    private int driver(List<String> types, List<Criterion> all) throws SQLException {
        int best = -1;
        long fewest = PROBE_LIMIT;
        int firstJoin = -1;
        List<Integer> large = new ArrayList<>();
        // the usually most selective kinds first: once one is small enough, the others need no probe
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingInt(i -> probeRank(all.get(i))));
        for (int i : order) {
            Criterion criterion = all.get(i);
            if (!SqlCriteria.hasKeys(criterion)) {
                continue;
            }
            if (criterion instanceof Criterion.Has has && SqlCriteria.hasKeys(has.inner()) && isValue(has.inner())) {
                // a _has drives when its sources are few; when they are many, each candidate's own referrers are
                // checked against them instead (most candidates then match at their first referrers)
                long n = probe(List.of(has.sourceType()), has.inner(), PROBE_LIMIT);
                if (n < fewest) {
                    fewest = n;
                    best = i;
                }
                continue;
            }
            if (criterion instanceof Criterion.Chain || criterion instanceof Criterion.Has) {
                // their inner sets are collected whole before a row comes out, so a probe costs the query itself
                if (firstJoin < 0) {
                    firstJoin = i;
                }
                continue;
            }
            if (all.size() == 1 && isId(criterion)) {
                return i;
            }
            long n = probe(types, criterion, PROBE_LIMIT);
            if (n < fewest) {
                fewest = n;
                best = i;
                if (n <= SMALL_ENOUGH) {
                    break;
                }
            } else if (n >= PROBE_LIMIT) {
                large.add(i);
            }
        }
        if (best < 0 && firstJoin < 0 && large.size() > 1) {
            // Several large criteria: their intersection may still be small, and walking the type would meet their
            // matches rarely; the smallest of them drives, counted further.
            long smallest = Long.MAX_VALUE;
            for (int i : large) {
                long n = probe(types, all.get(i), LARGE_PROBE_LIMIT);
                if (n < smallest) {
                    smallest = n;
                    best = i;
                }
            }
        }
        return best >= 0 ? best : firstJoin;
    }

    /** How many keys match the criterion, counted up to {@code limit}. */
    private long probe(List<String> types, Criterion criterion, int limit) throws SQLException {
        SqlStatement probe = new SqlStatement().text("SELECT count(*) FROM (");
        criteria.keys(probe, types, criterion);
        probe.bind(" LIMIT ?)", limit);
        try (PreparedStatement ps = probe.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Probe order: references to one resource and ids, then tokens, strings and the rest, dates and ranges last. */
    private static int probeRank(Criterion criterion) {
        if (!(criterion instanceof Criterion.Value v)) {
            return 5;
        }
        return switch (v.parameter().type()) {
            case REFERENCE -> 0;
            case TOKEN -> v.parameter().code().equals("_id") ? 0 : 1;
            case STRING, URI -> 2;
            case COMPOSITE -> 3;
            case NUMBER, QUANTITY, DATE, SPECIAL -> 4;
        };
    }

    private static boolean isValue(Criterion criterion) {
        return criterion instanceof Criterion.Value;
    }

    private static boolean isId(Criterion criterion) {
        return criterion instanceof Criterion.Value v && v.parameter().code().equals("_id");
    }

    private static Object normalize(Object o) {
        if (o instanceof Integer i) {
            return i.longValue();
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        return o;
    }

    private List<StoredResource> includes(ResolvedSearch search, List<Row> rows) throws SQLException {
        if (rows.isEmpty()
                || (search.includes().isEmpty() && search.revincludes().isEmpty())) {
            return List.of();
        }
        List<Long> matchKeys = new ArrayList<>();
        for (Row r : rows) {
            matchKeys.add(r.rkey);
        }
        List<Row> incRows = new ArrayList<>();
        for (SqlIncludes.Included k : new SqlIncludes(c, tenantKey).collect(search, matchKeys)) {
            incRows.add(new Row(k.rkey(), k.type(), k.id(), List.of()));
        }
        return load(incRows);
    }

    /** The current versions of the rows, in their order; tombstones (deleted meanwhile) left out. */
    private List<StoredResource> load(List<Row> rows) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (Row r : rows) {
            idsByType.computeIfAbsent(r.type, t -> new ArrayList<>()).add(r.id);
        }
        Map<String, StoredResource> byKey = new HashMap<>();
        idsByType.forEach((type, ids) -> {
            for (StoredResource s : session.currentMany(type, ids)) {
                byKey.put(type + "/" + s.id(), s);
            }
        });
        List<StoredResource> out = new ArrayList<>();
        for (Row r : rows) {
            StoredResource s = byKey.get(r.type + "/" + r.id);
            if (s != null && !s.deleted()) {
                out.add(s);
            }
        }
        return out;
    }
}
