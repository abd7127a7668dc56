package dev.polystore.sql;

import dev.polystore.core.search.Criterion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The criteria that follow references, for {@link SqlCriteria}: chains (from the matching targets to the references
 * pointing at them, or from a row's own references), {@code _has} (from the matching sources to the resources they
 * point at, or from the references pointing at a row) and compartments, all through {@code idx_reference}. The inner
 * criteria, and the table aliases, are {@link SqlCriteria}'s.
 */
final class SqlReferenceCriteria {
    private final SqlCriteria criteria;
    private final SqlDialect dialect;
    private final String tenantKey;

    SqlReferenceCriteria(SqlCriteria criteria, SqlDialect dialect, String tenantKey) {
        this.criteria = criteria;
        this.dialect = dialect;
        this.tenantKey = tenantKey;
    }

    private static List<String> chainTargets(Criterion.Chain chain) {
        List<String> targets = new ArrayList<>();
        for (String t : chain.byTargetType().keySet()) {
            if (chain.typeHint() == null || chain.typeHint().equals(t)) {
                targets.add(t);
            }
        }
        return targets;
    }

    void chain(SqlStatement q, String alias, List<String> types, Criterion.Chain chain) {
        q.text(alias + ".rkey IN (");
        chainKeys(q, types, chain);
        q.text(")");
    }

    /** The targets' predicate on the row alias {@code t} of a chain's target. */
    private void chainTargetPredicate(
            SqlStatement q, String t, List<String> targets, Criterion.Chain chain, boolean perRow) {
        q.text("(");
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            q.bind((i == 0 ? "" : " OR ") + "(" + t + ".type = ? AND (", target);
            if (perRow) {
                criteria.correlated(q, t, List.of(target), chain.byTargetType().get(target));
            } else {
                criteria.predicate(q, t, List.of(target), chain.byTargetType().get(target));
            }
            q.text("))");
        }
        q.text(")");
    }

    /** Drives from the matching targets to the references pointing at them (the target index). */
    void chainKeys(SqlStatement q, List<String> types, Criterion.Chain chain) {
        List<String> targets = chainTargets(chain);
        if (targets.isEmpty()) {
            q.text(dialect.noKeys());
            return;
        }
        String x = criteria.alias();
        String t = criteria.alias();
        q.text("SELECT " + x + ".rkey FROM search_resources " + t + " " + dialect.orderedJoin() + " idx_reference " + x
                + " ON " + x + ".target_id = " + t + ".id AND " + x + ".target_type = " + t + ".type WHERE " + t
                + ".tenant = ?");
        q.bindValue(tenantKey);
        q.text(" AND " + t + ".live = 1 AND ");
        chainTargetPredicate(q, t, targets, chain, false);
        q.bind(" AND " + x + ".tenant = ?", tenantKey);
        q.typeFilter(x + ".type", types);
        q.bind(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0",
                chain.parameter().code());
    }

    /** From the row's own references to their targets. */
    void chainCorrelated(SqlStatement q, String alias, List<String> types, Criterion.Chain chain) {
        List<String> targets = chainTargets(chain);
        if (targets.isEmpty()) {
            q.text(dialect.alwaysFalse());
            return;
        }
        String x = criteria.alias();
        String t = criteria.alias();
        q.text("EXISTS (SELECT 1 FROM idx_reference " + x + " JOIN search_resources " + t + " ON " + t + ".tenant = "
                + x
                + ".tenant AND " + t + ".type = " + x + ".target_type AND " + t + ".id = " + x + ".target_id WHERE " + x
                + ".rkey = " + alias + ".rkey AND " + x + ".tenant = ?");
        q.bindValue(tenantKey);
        q.typeFilter(x + ".type", types);
        q.bind(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + t
                        + ".live = 1 AND ",
                chain.parameter().code());
        chainTargetPredicate(q, t, targets, chain, true);
        q.text(")");
    }

    void has(SqlStatement q, String alias, List<String> types, Criterion.Has has) {
        q.text(alias + ".rkey IN (");
        hasKeys(q, types, has);
        q.text(")");
    }

    /**
     * Drives from the matching sources to the resources they point at. When one of the inner criteria has a key set,
     * the statement starts from it as its first table ({@code FROM (keys) d JOIN idx_reference x ...}): engines that
     * keep the written join order (SQLite's CROSS JOIN, PostgreSQL with {@code join_collapse_limit = 1}) then read the
     * few matching sources first and follow their references, instead of every reference to every candidate target
     * (a planner that underestimates how many references a patient has picks the latter). The distinct targets are
     * looked up once each, however many sources point at them. A source reached through its index rows is live (the
     * engines keep index rows only for current versions, see {@code EngineWriter.append}), so its own row is read only
     * when other inner criteria need it.
     */
    void hasKeys(SqlStatement q, List<String> types, Criterion.Has has) {
        List<String> sourceTypes = List.of(has.sourceType());
        Criterion driver = null;
        List<Criterion> rest = new ArrayList<>();
        if (SqlCriteria.hasKeys(has.inner())) {
            driver = has.inner();
        } else if (has.inner() instanceof Criterion.And and) {
            for (Criterion c : and.criteria()) {
                if (driver == null && SqlCriteria.hasKeys(c)) {
                    driver = c;
                } else {
                    rest.add(c);
                }
            }
        }
        String x = criteria.alias();
        String s = criteria.alias();
        String t = criteria.alias();
        String r = criteria.alias();
        q.text("SELECT " + t + ".rkey FROM (SELECT DISTINCT " + x + ".target_type, " + x + ".target_id FROM ");
        if (driver != null) {
            String d = criteria.alias();
            q.text("(");
            criteria.keys(q, sourceTypes, driver);
            q.text(") " + d + " " + dialect.orderedJoin() + " ");
            if (rest.isEmpty()) {
                q.text("idx_reference " + x + " ON " + x + ".rkey = " + d + ".rkey WHERE ");
            } else {
                q.text("search_resources " + s + " ON " + s + ".rkey = " + d + ".rkey " + dialect.orderedJoin()
                        + " idx_reference " + x + " ON " + x + ".rkey = " + s + ".rkey WHERE ");
                q.bind(s + ".tenant = ?", tenantKey);
                q.bind(" AND " + s + ".type = ? AND " + s + ".live = 1", has.sourceType());
                for (Criterion c : rest) {
                    q.text(" AND (");
                    criteria.predicate(q, s, sourceTypes, c);
                    q.text(")");
                }
                q.text(" AND ");
            }
        } else {
            q.text("search_resources " + s + " " + dialect.orderedJoin() + " idx_reference " + x + " ON " + x
                    + ".rkey = " + s + ".rkey WHERE ");
            q.bind(s + ".tenant = ?", tenantKey);
            q.bind(" AND " + s + ".type = ? AND " + s + ".live = 1 AND (", has.sourceType());
            criteria.predicate(q, s, sourceTypes, has.inner());
            q.text(") AND ");
        }
        q.bind(x + ".tenant = ?", tenantKey);
        q.bind(" AND " + x + ".type = ?", has.sourceType());
        q.bind(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0",
                has.referenceParameter().code());
        q.typeFilter(x + ".target_type", types);
        q.text(") " + r + " " + dialect.orderedJoin() + " search_resources " + t + " ON " + t + ".tenant = ?");
        q.bindValue(tenantKey);
        q.text(" AND " + t + ".type = " + r + ".target_type AND " + t + ".id = " + r + ".target_id");
    }

    /** From the references pointing at the row (the target index) to their sources. */
    void hasCorrelated(SqlStatement q, String alias, Criterion.Has has) {
        String x = criteria.alias();
        String s = criteria.alias();
        q.text("EXISTS (SELECT 1 FROM idx_reference " + x + " JOIN search_resources " + s + " ON " + s + ".rkey = " + x
                + ".rkey WHERE " + x + ".target_id = " + alias + ".id AND " + x + ".target_type = " + alias
                + ".type AND "
                + x + ".tenant = ?");
        q.bindValue(tenantKey);
        q.bind(" AND " + x + ".type = ?", has.sourceType());
        q.bind(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + s + ".live = 1",
                has.referenceParameter().code());
        q.text(" AND (");
        criteria.predicate(q, s, List.of(has.sourceType()), has.inner());
        q.text("))");
    }

    void compartment(SqlStatement q, String alias, List<String> types, Criterion.Compartment compartment) {
        boolean any = false;
        for (Map.Entry<String, List<String>> e : compartment.paramsByType().entrySet()) {
            String type = e.getKey();
            if (!types.isEmpty() && !types.contains(type)) {
                continue;
            }
            q.bind((any ? " OR " : "") + "(" + alias + ".type = ? AND (", type);
            any = true;
            boolean first = true;
            for (String param : e.getValue()) {
                q.text(first ? "" : " OR ");
                first = false;
                if (Criterion.Compartment.SELF.equals(param)) {
                    q.bind(alias + ".type = ?", compartment.compartmentType())
                            .bind(" AND " + alias + ".id = ?", compartment.id());
                } else {
                    String x = criteria.alias();
                    q.text(alias + ".rkey IN (SELECT " + x + ".rkey FROM idx_reference " + x + " WHERE " + x
                            + ".tenant = ?");
                    q.bindValue(tenantKey);
                    q.bind(" AND " + x + ".type = ?", type);
                    q.bind(" AND " + x + ".code = ?", param);
                    q.bind(" AND " + x + ".target_id = ?", compartment.id());
                    q.bind(" AND " + x + ".target_type = ?", compartment.compartmentType());
                    q.text(" AND " + x + ".url IS NULL AND " + x + ".contained = 0)");
                }
            }
            if (first) {
                q.text(dialect.alwaysFalse());
            }
            q.text("))");
        }
        if (!any) {
            q.text(dialect.alwaysFalse());
        }
    }
}
