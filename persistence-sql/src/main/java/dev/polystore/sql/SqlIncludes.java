package dev.polystore.sql;

import dev.polystore.core.search.ResolvedSearch;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Follows {@code _include} and {@code _revinclude} (with :iterate) from the matches of a page over idx_reference. */
final class SqlIncludes {
    private static final int IN_CHUNK = 500;

    private final SqlExecutor executor;
    private final String tenantKey;

    SqlIncludes(SqlExecutor executor, String tenantKey) {
        this.executor = executor;
        this.tenantKey = tenantKey;
    }

    /**
     * The live resources the includes and revincludes reach from the matches {@code matchKeys}, :iterate ones
     * transitively, each once and none of the matches, in the order first found.
     */
    Collection<SqlSearch.ResourceRow> collect(ResolvedSearch search, List<Long> matchKeys) throws SQLException {
        Set<Long> seen = new HashSet<>(matchKeys);
        LinkedHashMap<Long, SqlSearch.ResourceRow> included = new LinkedHashMap<>();
        // the first round from the matches, with every include; then :iterate ones from what is new
        List<Long> frontier = matchKeys;
        boolean firstRound = true;
        while (!frontier.isEmpty()) {
            LinkedHashSet<SqlSearch.ResourceRow> found = new LinkedHashSet<>();
            for (ResolvedSearch.Include inc : search.includes()) {
                if (firstRound || inc.iterate()) {
                    found.addAll(follow(inc, frontier, false));
                }
            }
            for (ResolvedSearch.Include inc : search.revincludes()) {
                if (firstRound || inc.iterate()) {
                    found.addAll(follow(inc, frontier, true));
                }
            }
            List<Long> next = new ArrayList<>();
            for (SqlSearch.ResourceRow k : found) {
                if (seen.add(k.rkey())) {
                    included.put(k.rkey(), k);
                    next.add(k.rkey());
                }
            }
            frontier = next;
            firstRound = false;
        }
        return included.values();
    }

    /** The live resources one include reaches from {@code from} (forward: referenced; reverse: referencing). */
    private List<SqlSearch.ResourceRow> follow(ResolvedSearch.Include inc, List<Long> from, boolean reverse)
            throws SQLException {
        List<SqlSearch.ResourceRow> out = new ArrayList<>();
        for (int start = 0; start < from.size(); start += IN_CHUNK) {
            List<Long> chunk = from.subList(start, Math.min(from.size(), start + IN_CHUNK));
            SqlStatement q = new SqlStatement();
            String result = reverse ? "s" : "t";
            // the joins in driving order, from the known keys (engines that keep the written order follow it)
            String sources = "search_resources s";
            String sourceToReference = " JOIN idx_reference x ON x.rkey = s.rkey";
            String referenceToTarget =
                    " JOIN search_resources t ON t.tenant = x.tenant AND t.type = x.target_type AND t.id = x.target_id";
            String targetToReference = " JOIN idx_reference x ON x.tenant = t.tenant AND x.target_type = t.type"
                    + " AND x.target_id = t.id";
            String referenceToSource = " JOIN search_resources s ON s.rkey = x.rkey";
            String joins = reverse
                    ? "search_resources t" + targetToReference + referenceToSource
                    : sources + sourceToReference + referenceToTarget;
            q.text("SELECT DISTINCT " + result + ".rkey, " + result + ".type, " + result + ".id FROM " + joins
                    + " WHERE x.tenant = ? AND x.url IS NULL AND x.contained = 0 AND s.live = 1 AND t.live = 1");
            q.bindValue(tenantKey);
            if (inc.sourceType() != null) {
                q.bind(" AND x.type = ?", inc.sourceType());
            }
            if (inc.parameter() != null) {
                q.bind(" AND x.code = ?", inc.parameter().code());
            }
            if (inc.targetType() != null) {
                q.bind(" AND x.target_type = ?", inc.targetType());
            }
            q.text(" AND " + (reverse ? "t" : "s") + ".rkey IN (").placeholders(chunk);
            q.text(") ORDER BY " + result + ".rkey");
            out.addAll(executor.query(
                    q, row -> new SqlSearch.ResourceRow(row.getLong(1), row.getString(2), row.getString(3))));
        }
        return out;
    }
}
