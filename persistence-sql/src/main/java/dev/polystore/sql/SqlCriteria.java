package dev.polystore.sql;

import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.FullTextQuery;
import dev.polystore.core.search.SearchValue;
import dev.polystore.definitions.SearchParameterDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns criteria into boolean SQL expressions on a resource row: every criterion becomes a semi-join ({@code rkey IN
 * (SELECT ...)}) on the index tables; chains, {@code _has} and compartments nest such semi-joins through {@code
 * idx_reference} ({@link SqlReferenceCriteria}). Also hands out the table aliases of one statement, so they stay unique
 * across its parts.
 */
final class SqlCriteria {
    /** From how many {@code system|code} values an OR-list binds one list of codes per system (a dialect hook). */
    private static final int CODE_LIST_MIN = 8;
    /** Past how many systems such a list binds one list of {@code (system, code)} pairs instead. */
    private static final int CODE_LIST_MAX_SYSTEMS = 16;

    private final SqlDialect dialect;
    private final String tenantKey;
    private final SqlValueConditions values;
    private final SqlReferenceCriteria references;
    private int aliases;

    SqlCriteria(SqlDialect dialect, String tenantKey, Clock clock) {
        this.dialect = dialect;
        this.tenantKey = tenantKey;
        this.values = new SqlValueConditions(dialect, clock);
        this.references = new SqlReferenceCriteria(this, dialect, tenantKey);
    }

    /** A fresh table alias for the statement being built. */
    String alias() {
        return "a" + (++aliases);
    }

    /** A boolean SQL expression: the resource {@code alias} (of one of {@code types}, empty = any) satisfies c. */
    void predicate(SqlStatement q, String alias, List<String> types, Criterion criterion) {
        if (criterion instanceof Criterion.Value value) {
            value(q, alias, types, value);
        } else if (criterion instanceof Criterion.Missing missing) {
            q.text(alias + ".rkey " + (missing.missing() ? "NOT IN" : "IN") + " (");
            presence(q, types, missing.parameter(), null);
            q.text(")");
        } else if (criterion instanceof Criterion.Constant constant) {
            q.text(constant.matches() ? dialect.alwaysTrue() : dialect.alwaysFalse());
        } else if (criterion instanceof Criterion.PerType perType) {
            List<String> branches = new ArrayList<>();
            for (String t : perType.byType().keySet()) {
                if (types.isEmpty() || types.contains(t)) {
                    branches.add(t);
                }
            }
            if (branches.isEmpty()) {
                q.text(dialect.alwaysFalse());
                return;
            }
            for (int i = 0; i < branches.size(); i++) {
                String t = branches.get(i);
                q.bind((i == 0 ? "" : " OR ") + "(" + alias + ".type = ? AND (", t);
                predicate(q, alias, List.of(t), perType.byType().get(t));
                q.text("))");
            }
        } else if (criterion instanceof Criterion.Chain chain) {
            references.chain(q, alias, types, chain);
        } else if (criterion instanceof Criterion.Has has) {
            references.has(q, alias, types, has);
        } else if (criterion instanceof Criterion.Compartment compartment) {
            references.compartment(q, alias, types, compartment);
        } else if (criterion instanceof Criterion.FullText fullText) {
            dialect.appendFullTextMatch(q, alias, FullTextQuery.of(fullText));
        } else if (criterion instanceof Criterion.Filter filter) {
            predicate(q, alias, types, filter.criterion());
        } else if (criterion instanceof Criterion.And and) {
            junction(q, alias, types, and.criteria(), " AND ");
        } else if (criterion instanceof Criterion.Or or) {
            junction(q, alias, types, or.criteria(), " OR ");
        } else if (criterion instanceof Criterion.Not not) {
            // the semi-joins are never NULL, so SQL's NOT is the matcher's (two-valued where both decide)
            q.text("NOT (");
            predicate(q, alias, types, not.criterion());
            q.text(")");
        } else if (criterion instanceof Criterion.InList) {
            throw new UnsupportedCapabilityException(
                    "The " + dialect.backendName() + " backend does not support _list");
        } else {
            throw new UnsupportedCapabilityException(
                    "The " + dialect.backendName() + " backend does not support the criterion " + criterion);
        }
    }

    private void junction(SqlStatement q, String alias, List<String> types, List<Criterion> parts, String operator) {
        q.text("(");
        for (int i = 0; i < parts.size(); i++) {
            q.text(i == 0 ? "(" : operator + "(");
            predicate(q, alias, types, parts.get(i));
            q.text(")");
        }
        q.text(")");
    }

    /**
     * {@code SELECT rkey} of the resources (of {@code types}; with {@code correlate}, only that row's resource) that
     * have a value of the parameter. A composite has a value where its first component has one: every combination
     * stores all its components.
     */
    private void presence(SqlStatement q, List<String> types, SearchParameterDefinition p, String correlate) {
        List<String> tables;
        String code = p.code();
        switch (p.type()) {
            case STRING -> tables = List.of("idx_string");
            case TOKEN -> tables = List.of(SqlIndexLayout.source("idx_token", code));
            case DATE -> tables = List.of("idx_date");
            case NUMBER -> tables = List.of("idx_number");
            case QUANTITY -> tables = List.of("idx_quantity");
            case REFERENCE -> tables = List.of("idx_reference");
            case URI -> tables = List.of("idx_uri");
            case COMPOSITE -> {
                tables = SqlIndexLayout.VALUE_VIEWS;
                code = SqlIndexLayout.componentCode(code, 0);
            }
            default ->
                throw new UnsupportedCapabilityException("The " + dialect.backendName()
                        + " backend does not support parameters of type special (" + p.code() + ")");
        }
        for (int i = 0; i < tables.size(); i++) {
            String x = alias();
            q.text((i == 0 ? "" : " UNION ALL ") + "SELECT " + x + ".rkey FROM " + tables.get(i) + " " + x + " WHERE ");
            if (correlate != null) {
                q.text(x + ".rkey = " + correlate + ".rkey AND ");
            }
            q.bind(x + ".tenant = ?", tenantKey);
            q.typeFilter(x + ".type", types);
            q.bind(" AND " + x + ".code = ?", code);
        }
    }

    /** Refuses what the matcher calls undecidable from the entries (and so what this backend does not execute). */
    private void checkDecidable(SearchValue value, SearchModifier modifier, String code) {
        if (value instanceof SearchValue.Special) {
            throw new UnsupportedCapabilityException("The " + dialect.backendName()
                    + " backend does not support parameters of type special (" + code + ")");
        }
        if (value instanceof SearchValue.Composite composite) {
            for (SearchValue v : composite.components()) {
                checkDecidable(v, null, code);
            }
        }
        if (modifier == null) {
            return;
        }
        boolean unsupported =
                switch (modifier) {
                    case ABOVE, BELOW -> !(value instanceof SearchValue.Uri);
                    case IN, NOT_IN, CODE_TEXT, TEXT_ADVANCED, MISSING -> true;
                    case TEXT -> value instanceof SearchValue.StringValue;
                    case EXACT, CONTAINS -> !(value instanceof SearchValue.StringValue);
                    case NOT, OF_TYPE, IDENTIFIER -> false;
                };
        if (unsupported) {
            throw new UnsupportedCapabilityException(
                    "The " + dialect.backendName() + " backend does not support the modifier :" + modifier.code()
                            + " on " + code + " (it needs terminology, full text or a hierarchy)");
        }
    }

    private void value(SqlStatement q, String alias, List<String> types, Criterion.Value criterion) {
        boolean not = criterion.modifier() == SearchModifier.NOT;
        q.text(alias + ".rkey " + (not ? "NOT IN" : "IN") + " (");
        valueKeys(q, types, criterion, null);
        q.text(")");
    }

    /** {@code SELECT rkey} of the resources with a value matching the criterion ({@code :not} ignored here). */
    private void valueKeys(SqlStatement q, List<String> types, Criterion.Value criterion, String correlate) {
        String code = criterion.parameter().code();
        boolean not = criterion.modifier() == SearchModifier.NOT;
        for (SearchValue v : criterion.values()) {
            checkDecidable(v, not ? null : criterion.modifier(), code);
        }
        matchSet(
                q,
                types,
                code,
                criterion.values(),
                not ? null : criterion.modifier(),
                criterion.typeHint(),
                null,
                correlate);
    }

    // ------------------------------------------------------ plans: driving key sets and correlated checks

    /**
     * Whether {@link #keys} can write the criterion as the set of matching resource keys, found through an index (so
     * the criterion can drive a query).
     */
    static boolean hasKeys(Criterion c) {
        return (c instanceof Criterion.Value v && v.modifier() != SearchModifier.NOT)
                || (c instanceof Criterion.Missing m && !m.missing())
                || c instanceof Criterion.Chain
                || c instanceof Criterion.Has;
    }

    /**
     * Whether {@link #correlated} checks the criterion from the row's key alone (no other column of the row), so that
     * the check can run on a bare key set.
     */
    static boolean checksKeyOnly(Criterion c) {
        return c instanceof Criterion.Value || c instanceof Criterion.Missing || c instanceof Criterion.Chain;
    }

    /** {@code SELECT rkey ...} of the resources (of {@code types}) matching a criterion for which {@link #hasKeys}. */
    void keys(SqlStatement q, List<String> types, Criterion criterion) {
        if (criterion instanceof Criterion.Value value) {
            valueKeys(q, types, value, null);
        } else if (criterion instanceof Criterion.Missing missing) {
            presence(q, types, missing.parameter(), null);
        } else if (criterion instanceof Criterion.Chain chain) {
            references.chainKeys(q, types, chain);
        } else if (criterion instanceof Criterion.Has has) {
            references.hasKeys(q, types, has);
        } else {
            throw new IllegalArgumentException("no key set for " + criterion);
        }
    }

    /**
     * A boolean expression checking the criterion on the row {@code alias} alone: every check starts from the row's
     * key (a primary-key range of the clustered index tables), so it costs the same whatever the criterion's
     * selectivity. Used for all but the driving criterion of a query.
     */
    void correlated(SqlStatement q, String alias, List<String> types, Criterion criterion) {
        if (criterion instanceof Criterion.Value value) {
            boolean not = value.modifier() == SearchModifier.NOT;
            q.text((not ? "NOT EXISTS (" : "EXISTS ("));
            valueKeys(q, types, value, alias);
            q.text(")");
        } else if (criterion instanceof Criterion.Missing missing) {
            q.text(missing.missing() ? "NOT EXISTS (" : "EXISTS (");
            presence(q, types, missing.parameter(), alias);
            q.text(")");
        } else if (criterion instanceof Criterion.Chain chain) {
            references.chainCorrelated(q, alias, types, chain);
        } else if (criterion instanceof Criterion.Has has) {
            references.hasCorrelated(q, alias, has);
        } else {
            predicate(q, alias, types, criterion);
        }
    }

    /**
     * {@code SELECT rkey} of the resources with an entry of {@code code} that matches one of the values; with {@code
     * comp} (the alias of a composite's component row), only the rows of that combination of the same resource.
     */
    private void matchSet(
            SqlStatement q,
            List<String> types,
            String code,
            List<SearchValue> values,
            SearchModifier modifier,
            String typeHint,
            String comp,
            String correlate) {
        if (values.stream().anyMatch(v -> v instanceof SearchValue.Composite)) {
            compositeMatchSet(q, types, code, values, correlate);
        } else {
            tableArms(q, types, code, values, modifier, typeHint, comp, correlate, null);
        }
    }

    /**
     * Composite values: the combinations whose components all match, found from the first component's rows (through
     * its value index) and checked for the others on the rows of the same combination ({@code comp}).
     */
    private void compositeMatchSet(
            SqlStatement q, List<String> types, String code, List<SearchValue> values, String correlate) {
        boolean first = true;
        for (SearchValue value : values) {
            if (!(value instanceof SearchValue.Composite composite)) {
                continue;
            }
            q.text(first ? "" : " UNION ALL ");
            first = false;
            List<SearchValue> parts = composite.components();
            tableArms(
                    q,
                    types,
                    SqlIndexLayout.componentCode(code, 0),
                    List.of(parts.get(0)),
                    null,
                    null,
                    null,
                    correlate,
                    anchor -> {
                        for (int i = 1; i < parts.size(); i++) {
                            q.text(" AND EXISTS (");
                            tableArms(
                                    q,
                                    List.of(),
                                    SqlIndexLayout.componentCode(code, i),
                                    List.of(parts.get(i)),
                                    null,
                                    null,
                                    anchor,
                                    null,
                                    null);
                            q.text(")");
                        }
                    });
        }
    }

    /**
     * The UNION ALL of one {@code SELECT rkey} per index table that can hold a match; {@code then}, when given, adds
     * conditions on each arm's row (its alias passed).
     */
    private void tableArms(
            SqlStatement q,
            List<String> types,
            String code,
            List<SearchValue> values,
            SearchModifier modifier,
            String typeHint,
            String comp,
            String correlate,
            java.util.function.Consumer<String> then) {
        boolean first = true;
        for (String table : SqlIndexLayout.VALUE_VIEWS) {
            String x = alias();
            SqlStatement conds = new SqlStatement();
            boolean any = false;
            Map<String, List<String>> codeLists =
                    table.equals("idx_token") && modifier == null ? codeLists(values) : Map.of();
            if (codeLists.size() > CODE_LIST_MAX_SYSTEMS) {
                // codes of many systems: one list of (system, code) pairs
                List<Map.Entry<String, String>> pairs = new ArrayList<>();
                codeLists.forEach((system, codes) -> codes.forEach(c -> pairs.add(Map.entry(system, c))));
                conds.text("((" + x + ".system, " + x + ".value) IN (");
                dialect.appendStringPairs(conds, pairs);
                conds.text("))");
                any = true;
            } else {
                for (Map.Entry<String, List<String>> list : codeLists.entrySet()) {
                    // long OR-lists (terminology expansions): one bound list of codes per system
                    conds.text(any ? " OR (" : "(");
                    conds.bind(x + ".system = ? AND ", list.getKey());
                    conds.text(x + ".value IN (");
                    dialect.appendStrings(conds, list.getValue());
                    conds.text("))");
                    any = true;
                }
            }
            for (SearchValue v : values) {
                if (v instanceof SearchValue.Token t
                        && t.system() != null
                        && t.code() != null
                        && codeLists.containsKey(t.system())) {
                    continue;
                }
                SqlStatement cond = new SqlStatement();
                if (this.values.condition(cond, table, x, v, modifier, typeHint)) {
                    conds.text(any ? " OR (" : "(");
                    conds.append(cond);
                    conds.text(")");
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            q.text(first ? "" : " UNION ALL ");
            first = false;
            String source = SqlIndexLayout.source(table, code);
            if (comp == null) {
                q.text("SELECT " + x + ".rkey FROM " + source + " " + x + " WHERE ");
                if (correlate != null) {
                    q.text(x + ".rkey = " + correlate + ".rkey AND ");
                }
                q.bind(x + ".code = ?", code);
                q.bind(" AND " + x + ".tenant = ?", tenantKey);
                q.typeFilter(x + ".type", types);
            } else {
                q.bind("SELECT " + x + ".rkey FROM " + source + " " + x + " WHERE " + x + ".code = ?", code);
                q.text(" AND " + x + ".rkey = " + comp + ".rkey AND " + x + ".comp = " + comp + ".comp");
            }
            q.text(" AND (");
            q.append(conds);
            q.text(")");
            if (then != null) {
                then.accept(x);
            }
        }
        if (first) {
            // no table can hold a match (a value type that never meets an entry type)
            q.text(dialect.noKeys());
        }
    }

    /**
     * The {@code system|code} values by system, when there are at least {@value #CODE_LIST_MIN} of them (else none):
     * SQLite allows 32,766 bound parameters (PostgreSQL 65,535) and an expression depth of 1,000, which a long OR-list
     * would pass.
     */
    private static Map<String, List<String>> codeLists(List<SearchValue> values) {
        if (values.size() < CODE_LIST_MIN) {
            return Map.of();
        }
        Map<String, List<String>> bySystem = new LinkedHashMap<>();
        int codes = 0;
        for (SearchValue v : values) {
            if (v instanceof SearchValue.Token t
                    && t.system() != null
                    && !t.system().isEmpty()
                    && t.code() != null) {
                bySystem.computeIfAbsent(t.system(), k -> new ArrayList<>()).add(t.code());
                codes++;
            }
        }
        return codes < CODE_LIST_MIN ? Map.of() : bySystem;
    }

    /** The compartment's condition on the resource {@code alias} ({@link SqlReferenceCriteria#compartment}). */
    void compartment(SqlStatement q, String alias, List<String> types, Criterion.Compartment compartment) {
        references.compartment(q, alias, types, compartment);
    }
}
