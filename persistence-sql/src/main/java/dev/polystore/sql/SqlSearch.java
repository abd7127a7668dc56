package dev.polystore.sql;

import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.search.SearchPrefix;
import dev.polystore.api.search.TotalMode;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchValue;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one page of a {@link ResolvedSearch} in SQL over the logical index schema ({@link SqlIndexLayout}), and answers
 * the keys of the matching and included resources; the engine loads their versions. Every criterion becomes a
 * semi-join ({@code rkey IN (SELECT ...)}) on the index tables ({@link SqlCriteria}); chains and {@code _has} nest such
 * semi-joins through {@code idx_reference}, so they are complete at any size. Values reach SQL only as bound
 * parameters. The semantics are those of {@code IndexMatcher} (the server has no configured bases: every absolute
 * reference is external). Sorting and paging are {@link SqlSort} and {@link SqlCursor}; includes are {@link
 * SqlIncludes}. What differs between engines is the {@link SqlDialect}; statements run through the {@link SqlExecutor}.
 */
public final class SqlSearch {
    static final int DEFAULT_COUNT = 50;

    /** How many matching keys a probe counts at most when it picks the driving criterion. */
    static final int PROBE_LIMIT = 2000;

    /** A driver with at most this many keys is taken without probing the other criteria. */
    static final int SMALL_ENOUGH = 1000;

    /** How far the probe counts when several criteria all reach {@link #PROBE_LIMIT}. */
    static final int LARGE_PROBE_LIMIT = 50_000;

    private final SqlDialect dialect;
    private final SqlExecutor executor;
    private final String tenantKey;
    private final SqlCriteria criteria;

    /**
     * A search of one tenant's resources ({@code tenant} in the index tables); {@code clock} is the present of {@code
     * ap} on dates. One instance builds the statements of one page (it numbers their table aliases).
     */
    public SqlSearch(SqlDialect dialect, SqlExecutor executor, String tenantKey, Clock clock) {
        this.dialect = dialect;
        this.executor = executor;
        this.tenantKey = tenantKey;
        this.criteria = new SqlCriteria(dialect, tenantKey, clock);
    }

    /** A row of {@code search_resources}: a resource's key, type and id. */
    public record ResourceRow(long rkey, String type, String id) {}

    /**
     * One page: the matches in page order, the resources {@code _include} and {@code _revinclude} reach from them (each
     * once, none of the matches), the total when asked for (else null) and the cursor of the next page (null on the
     * last). The rows are keys: resources deleted since may be among them, which the engine leaves out as it loads.
     */
    public record Page(List<ResourceRow> matches, List<ResourceRow> includes, Long total, String next) {
        /**
         * The page with the current versions of its rows, loaded by {@code loader} one type at a time, in the rows'
         * order; rows whose resource has been deleted since (or is gone) are left out.
         */
        public EngineSearchPage load(VersionLoader loader) {
            return new EngineSearchPage(loadRows(matches, loader), loadRows(includes, loader), total, next);
        }

        private static List<StoredResource> loadRows(List<ResourceRow> rows, VersionLoader loader) {
            Map<String, List<ResourceRow>> rowsByType = new LinkedHashMap<>();
            for (ResourceRow r : rows) {
                rowsByType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
            }
            Map<String, StoredResource> byKey = new HashMap<>();
            rowsByType.forEach((type, ofType) -> {
                for (StoredResource s : loader.current(type, ofType)) {
                    byKey.put(type + "/" + s.id(), s);
                }
            });
            List<StoredResource> out = new ArrayList<>(rows.size());
            for (ResourceRow r : rows) {
                StoredResource s = byKey.get(r.type() + "/" + r.id());
                if (s != null && !s.deleted()) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** Loads the current versions of the resources of a page, one type at a time. */
    @FunctionalInterface
    public interface VersionLoader {
        /**
         * The current versions of {@code rows}, all of type {@code type}, in any order; a resource gone since may be
         * left out. An engine loads them by key ({@code rkey}) or by id ({@link #ids}), whichever it finds faster.
         */
        List<StoredResource> current(String type, List<ResourceRow> rows);

        /** The ids of {@code rows}. */
        static List<String> ids(List<ResourceRow> rows) {
            List<String> ids = new ArrayList<>(rows.size());
            for (ResourceRow r : rows) {
                ids.add(r.id());
            }
            return ids;
        }
    }

    // ------------------------------------------------------------------ page

    /**
     * The page of {@code search} after {@code cursor} (null: the first page).
     *
     * @throws InvalidRequestException for a negative {@code _count} or a cursor of another search
     * @throws dev.polystore.api.error.UnsupportedCapabilityException for what the SQL cannot decide
     */
    public Page run(ResolvedSearch search, String cursor) throws SQLException {
        List<String> types = search.resourceType() != null ? List.of(search.resourceType()) : search.types();
        List<SqlSort.SortSpec> sort = SqlSort.sortSpecs(dialect, search, types);
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
        List<Criterion> all = search.criteria();
        int driver = driver(types, all);
        boolean collect = driver >= 0 && dialect.collectsDrivingKeys() && SqlCriteria.hasKeys(all.get(driver));
        if (collect) {
            // the driver's keys, checked against the criteria that need only a key, before any row is read
            where.text(" AND " + dialect.openKeyCollection("k") + "SELECT d.rkey FROM (");
            criteria.keys(where, types, all.get(driver));
            where.text(") d");
            String joiner = " WHERE (";
            for (int i = 0; i < all.size(); i++) {
                if (i != driver && SqlCriteria.checksKeyOnly(all.get(i))) {
                    where.text(joiner);
                    if (SqlCriteria.hasKeys(all.get(i))) {
                        // a key set the engine may hash or probe per key, by its estimate of the two sizes
                        where.text("d.rkey IN (");
                        criteria.keys(where, types, all.get(i));
                        where.text(")");
                    } else {
                        criteria.correlated(where, "d", types, all.get(i));
                    }
                    where.text(")");
                    joiner = " AND (";
                }
            }
            where.text(dialect.closeKeyCollection());
        }
        for (int i = 0; i < all.size(); i++) {
            if (collect && (i == driver || SqlCriteria.checksKeyOnly(all.get(i)))) {
                continue;
            }
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
            total = executor.count(q);
        }
        if (count == 0) {
            return new Page(List.of(), List.of(), total, null);
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
            SqlSort.sortExpression(dialect, q, "k", criteria.alias(), sort.get(i));
            q.text(" AS s" + i);
        }
        q.text(" FROM search_resources k WHERE ");
        q.append(where);
        q.text(") page");
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
        List<Row> rows = executor.query(q, row -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < sort.size(); i++) {
                values.add(normalize(row.getObject(4 + i)));
            }
            return new Row(new ResourceRow(row.getLong(1), row.getString(2), row.getString(3)), values);
        });
        String next = null;
        if (rows.size() > count) {
            rows = rows.subList(0, count);
            Row last = rows.get(rows.size() - 1);
            List<Object> position = new ArrayList<>(last.sortValues);
            position.add(last.resource.id());
            position.add(last.resource.rkey());
            next = SqlCursor.encode(fingerprint, position);
        }
        List<ResourceRow> matches = new ArrayList<>(rows.size());
        for (Row r : rows) {
            matches.add(r.resource);
        }
        return new Page(matches, includes(search, matches), total, next);
    }

    /** A match with its sort values. */
    private record Row(ResourceRow resource, List<Object> sortValues) {}

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
        order.sort(Comparator.comparingInt(i -> probeRank(all.get(i))));
        boolean closedKeys = all.stream().anyMatch(c -> SqlCriteria.hasKeys(c) && !isOpenRange(c));
        for (int i : order) {
            Criterion criterion = all.get(i);
            if (!SqlCriteria.hasKeys(criterion)) {
                continue;
            }
            if (criterion instanceof Criterion.Has has && SqlCriteria.hasKeys(has.inner()) && isValue(has.inner())) {
                // a _has drives when its sources are few; when they are many, each candidate's own referrers are
                // checked against them instead (most candidates then match at their first referrers)
                long n = probeCost(types, has, (int) fewest);
                if (n < fewest) {
                    fewest = n;
                    best = i;
                } else if (n >= PROBE_LIMIT) {
                    large.add(i);
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
            if (isOpenRange(criterion) && (best >= 0 || closedKeys)) {
                // an open range (date=ge2015) rarely beats another criterion, and counting it costs as much
                continue;
            }
            // counting past the fewest so far cannot change the choice
            long n = probe(types, criterion, (int) fewest);
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
        boolean largeHas = large.stream().anyMatch(i -> all.get(i) instanceof Criterion.Has);
        if (best < 0 && firstJoin < 0 && (large.size() > 1 || largeHas)) {
            // Several large criteria: their intersection may still be small, and walking the type would meet their
            // matches rarely; the smallest of them drives, counted further. So does a _has with many sources, unless
            // there are so many per candidate that most candidates match at their first referrers
            // (SqlDialect.hasSourcesPerCandidateToWalk): checked per candidate while walking, a candidate without a
            // match costs all of its referrers, while driving costs one reference lookup per source. Measured at
            // 1,000 Synthea patients on PostgreSQL: HbA1c (9,723 Observations, 1,163 patients) 70 ms driven and 1.1 s
            // walked; heart rate (17,158) 175 ms driven and 80 ms walked.
            long smallest = Long.MAX_VALUE;
            for (int i : large) {
                long n = probeCost(types, all.get(i), (int) Math.min(LARGE_PROBE_LIMIT, smallest));
                if (n < smallest) {
                    smallest = n;
                    best = i;
                }
            }
            int perCandidate = dialect.hasSourcesPerCandidateToWalk();
            if (best >= 0
                    && all.get(best) instanceof Criterion.Has
                    && (smallest >= LARGE_PROBE_LIMIT
                            || countResources(types, (int) (smallest / perCandidate) + 1) <= smallest / perCandidate)) {
                // sources so many per candidate that most candidates have one among their first referrers: walk
                best = -1;
            }
        }
        return best >= 0 ? best : firstJoin;
    }

    /** How many live resources of {@code types} (any, when empty) the tenant has, counted up to {@code limit}. */
    private long countResources(List<String> types, int limit) throws SQLException {
        SqlStatement q = new SqlStatement().text("SELECT count(*) FROM (SELECT rkey FROM search_resources WHERE ");
        q.bind("tenant = ?", tenantKey).text(" AND live = 1");
        q.typeFilter("type", types);
        q.bind(" LIMIT ?) n", limit);
        return executor.count(q);
    }

    /**
     * What driving by the criterion costs, counted up to {@code limit}: its matching keys, or for a {@code _has} its
     * sources (each is followed to its target).
     */
    private long probeCost(List<String> types, Criterion criterion, int limit) throws SQLException {
        return criterion instanceof Criterion.Has has
                ? probe(List.of(has.sourceType()), has.inner(), limit)
                : probe(types, criterion, limit);
    }

    /** How many keys match the criterion, counted up to {@code limit}. */
    private long probe(List<String> types, Criterion criterion, int limit) throws SQLException {
        SqlStatement probe = new SqlStatement().text("SELECT count(*) FROM (");
        criteria.keys(probe, types, criterion);
        probe.bind(" LIMIT ?) probe", limit);
        return executor.count(probe);
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

    /** A criterion all of whose values are open-ended ranges of dates, numbers or quantities ({@code gt}, {@code le}...). */
    private static boolean isOpenRange(Criterion criterion) {
        if (!(criterion instanceof Criterion.Value v) || v.values().isEmpty()) {
            return false;
        }
        for (SearchValue value : v.values()) {
            SearchPrefix prefix;
            if (value instanceof SearchValue.Date d) {
                prefix = d.prefix();
            } else if (value instanceof SearchValue.Number n) {
                prefix = n.prefix();
            } else if (value instanceof SearchValue.Quantity q) {
                prefix = q.number().prefix();
            } else {
                return false;
            }
            if (prefix == null || prefix == SearchPrefix.EQ || prefix == SearchPrefix.AP) {
                return false;
            }
        }
        return true;
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

    private List<ResourceRow> includes(ResolvedSearch search, List<ResourceRow> matches) throws SQLException {
        if (matches.isEmpty()
                || (search.includes().isEmpty() && search.revincludes().isEmpty())) {
            return List.of();
        }
        List<Long> matchKeys = new ArrayList<>();
        for (ResourceRow r : matches) {
            matchKeys.add(r.rkey());
        }
        return new ArrayList<>(new SqlIncludes(executor, tenantKey).collect(search, matchKeys));
    }
}
