package dev.polystore.sqlite.internal;

import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.FullTextQuery;
import dev.polystore.core.search.SearchValue;
import dev.polystore.definitions.SearchParameterDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns criteria into boolean SQL expressions on a resource row: every criterion becomes a semi-join ({@code rkey IN
 * (SELECT ...)}) on the index tables; chains, {@code _has} and compartments nest such semi-joins through {@code
 * idx_reference}. Also hands out the table aliases of one statement, so they stay unique across its parts.
 */
final class SqliteCriteria {
    private final String tenantKey;
    private final SqliteValueConditions values;
    private int aliases;

    SqliteCriteria(String tenantKey, Clock clock) {
        this.tenantKey = tenantKey;
        this.values = new SqliteValueConditions(clock);
    }

    /** A fresh table alias for the statement being built. */
    String alias() {
        return "a" + (++aliases);
    }

    /** A boolean SQL expression: the resource {@code alias} (of one of {@code types}, empty = any) satisfies c. */
    void predicate(SqliteSql q, String alias, List<String> types, Criterion criterion) {
        if (criterion instanceof Criterion.Value value) {
            value(q, alias, types, value);
        } else if (criterion instanceof Criterion.Missing missing) {
            SearchParameterDefinition p = missing.parameter();
            String table = tableOf(p);
            String x = alias();
            q.a(alias + ".rkey " + (missing.missing() ? "NOT IN" : "IN") + " (SELECT " + x + ".rkey FROM " + table + " "
                    + x + " WHERE " + x + ".tenant = ?");
            q.args.add(tenantKey);
            q.typeFilter(x + ".type", types);
            q.b(" AND " + x + ".code = ?)", p.code());
        } else if (criterion instanceof Criterion.PerType perType) {
            List<String> branches = new ArrayList<>();
            for (String t : perType.byType().keySet()) {
                if (types.isEmpty() || types.contains(t)) {
                    branches.add(t);
                }
            }
            if (branches.isEmpty()) {
                q.a("0");
                return;
            }
            for (int i = 0; i < branches.size(); i++) {
                String t = branches.get(i);
                q.b((i == 0 ? "" : " OR ") + "(" + alias + ".type = ? AND (", t);
                predicate(q, alias, List.of(t), perType.byType().get(t));
                q.a("))");
            }
        } else if (criterion instanceof Criterion.Chain chain) {
            chain(q, alias, types, chain);
        } else if (criterion instanceof Criterion.Has has) {
            has(q, alias, types, has);
        } else if (criterion instanceof Criterion.Compartment compartment) {
            compartment(q, alias, types, compartment);
        } else if (criterion instanceof Criterion.FullText fullText) {
            q.b(
                    alias + ".rkey IN (SELECT rowid FROM idx_fulltext WHERE idx_fulltext MATCH ?)",
                    SqliteFullText.matchExpression(FullTextQuery.of(fullText)));
        } else if (criterion instanceof Criterion.Filter) {
            throw new UnsupportedCapabilityException("The SQLite backend does not support _filter");
        } else if (criterion instanceof Criterion.InList) {
            throw new UnsupportedCapabilityException("The SQLite backend does not support _list");
        } else {
            throw new UnsupportedCapabilityException("The SQLite backend does not support the criterion " + criterion);
        }
    }

    private static String tableOf(SearchParameterDefinition p) {
        return switch (p.type()) {
            case STRING -> "idx_string";
            case TOKEN -> "idx_token";
            case DATE -> "idx_date";
            case NUMBER -> "idx_number";
            case QUANTITY -> "idx_quantity";
            case REFERENCE -> "idx_reference";
            case URI -> "idx_uri";
            case COMPOSITE -> "idx_composite";
            case SPECIAL ->
                throw new UnsupportedCapabilityException(
                        "The SQLite backend does not support parameters of type special (" + p.code() + ")");
        };
    }

    /** Refuses what the matcher calls undecidable from the entries (and so what this backend does not execute). */
    private static void checkDecidable(SearchValue value, SearchModifier modifier, String code) {
        if (value instanceof SearchValue.Special) {
            throw new UnsupportedCapabilityException(
                    "The SQLite backend does not support parameters of type special (" + code + ")");
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
            throw new UnsupportedCapabilityException("The SQLite backend does not support the modifier :"
                    + modifier.code() + " on " + code + " (it needs terminology, full text or a hierarchy)");
        }
    }

    private void value(SqliteSql q, String alias, List<String> types, Criterion.Value criterion) {
        String code = criterion.parameter().code();
        for (SearchValue v : criterion.values()) {
            checkDecidable(v, criterion.modifier() == SearchModifier.NOT ? null : criterion.modifier(), code);
        }
        boolean not = criterion.modifier() == SearchModifier.NOT;
        SearchModifier modifier = not ? null : criterion.modifier();
        q.a(alias + ".rkey " + (not ? "NOT IN" : "IN") + " (");
        matchSet(q, types, code, criterion.values(), modifier, criterion.typeHint(), null);
        q.a(")");
    }

    private static final List<String> VALUE_TABLES = List.of(
            "idx_string",
            "idx_token",
            "idx_date",
            "idx_number",
            "idx_quantity",
            "idx_reference",
            "idx_uri",
            "idx_composite");

    /**
     * {@code SELECT rkey} of the resources with an entry of {@code code} that matches one of the values; with {@code
     * comp} (a composite's row alias), only the component rows of that combination.
     */
    private void matchSet(
            SqliteSql q,
            List<String> types,
            String code,
            List<SearchValue> values,
            SearchModifier modifier,
            String typeHint,
            String comp) {
        boolean first = true;
        for (String table : VALUE_TABLES) {
            String x = alias();
            SqliteSql conds = new SqliteSql();
            boolean any = false;
            for (SearchValue v : values) {
                SqliteSql cond = new SqliteSql();
                if (valueCondition(cond, table, x, v, modifier, typeHint)) {
                    conds.a(any ? " OR (" : "(");
                    conds.append(cond);
                    conds.a(")");
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            q.a(first ? "" : " UNION ALL ");
            first = false;
            if (comp == null) {
                q.b("SELECT " + x + ".rkey FROM " + table + " " + x + " WHERE " + x + ".code = ?", code);
                q.b(" AND " + x + ".tenant = ?", tenantKey);
                q.typeFilter(x + ".type", types);
            } else {
                // code is the component's suffix of the composite's code
                q.b(
                        "SELECT " + x + ".rkey FROM " + table + " " + x + " WHERE " + x + ".code = " + comp
                                + ".code || ?",
                        code);
                q.a(" AND " + x + ".rkey = " + comp + ".rkey AND " + x + ".comp = " + comp + ".combo");
            }
            q.a(" AND (");
            q.append(conds);
            q.a(")");
        }
        if (first) {
            // no table can hold a match (a value type that never meets an entry type)
            q.a("SELECT NULL WHERE 0");
        }
    }

    private boolean valueCondition(
            SqliteSql q, String table, String x, SearchValue value, SearchModifier modifier, String typeHint) {
        if (table.equals("idx_composite")) {
            if (!(value instanceof SearchValue.Composite composite)) {
                return false;
            }
            composite(q, x, composite);
            return true;
        }
        return values.condition(q, table, x, value, modifier, typeHint);
    }

    /** Every component must match the same combination {@code x}: the component rows share its combo. */
    private void composite(SqliteSql q, String x, SearchValue.Composite value) {
        List<SearchValue> components = value.components();
        q.a("1");
        for (int i = 0; i < components.size(); i++) {
            q.a(" AND EXISTS (");
            matchSet(q, List.of(), SqliteIndexWriter.componentCode("", i), List.of(components.get(i)), null, null, x);
            q.a(")");
        }
    }

    // ------------------------------------------------------ chains and _has

    private void chain(SqliteSql q, String alias, List<String> types, Criterion.Chain chain) {
        List<String> targets = new ArrayList<>();
        for (String t : chain.byTargetType().keySet()) {
            if (chain.typeHint() == null || chain.typeHint().equals(t)) {
                targets.add(t);
            }
        }
        if (targets.isEmpty()) {
            q.a("0");
            return;
        }
        String x = alias();
        String t = alias();
        q.a(alias + ".rkey IN (SELECT " + x + ".rkey FROM idx_reference " + x + " JOIN search_resources " + t
                + " ON " + t + ".tenant = " + x + ".tenant AND " + t + ".type = " + x + ".target_type AND " + t
                + ".id = " + x + ".target_id WHERE " + x + ".tenant = ?");
        q.args.add(tenantKey);
        q.typeFilter(x + ".type", types);
        q.b(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + t
                        + ".live = 1 AND (",
                chain.parameter().code());
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            q.b((i == 0 ? "" : " OR ") + "(" + t + ".type = ? AND (", target);
            predicate(q, t, List.of(target), chain.byTargetType().get(target));
            q.a("))");
        }
        q.a("))");
    }

    private void has(SqliteSql q, String alias, List<String> types, Criterion.Has has) {
        String x = alias();
        String s = alias();
        String t = alias();
        q.a(alias + ".rkey IN (SELECT " + t + ".rkey FROM idx_reference " + x + " JOIN search_resources " + s + " ON "
                + s + ".rkey = " + x + ".rkey JOIN search_resources " + t + " ON " + t + ".tenant = " + x
                + ".tenant AND " + t + ".type = " + x + ".target_type AND " + t + ".id = " + x + ".target_id WHERE "
                + x + ".tenant = ?");
        q.args.add(tenantKey);
        q.b(" AND " + x + ".type = ?", has.sourceType());
        q.b(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + s + ".live = 1",
                has.referenceParameter().code());
        q.typeFilter(t + ".type", types);
        q.a(" AND (");
        predicate(q, s, List.of(has.sourceType()), has.inner());
        q.a("))");
    }

    void compartment(SqliteSql q, String alias, List<String> types, Criterion.Compartment compartment) {
        boolean any = false;
        for (Map.Entry<String, List<String>> e : compartment.paramsByType().entrySet()) {
            String type = e.getKey();
            if (!types.isEmpty() && !types.contains(type)) {
                continue;
            }
            q.b((any ? " OR " : "") + "(" + alias + ".type = ? AND (", type);
            any = true;
            boolean first = true;
            for (String param : e.getValue()) {
                q.a(first ? "" : " OR ");
                first = false;
                if (Criterion.Compartment.SELF.equals(param)) {
                    q.b(alias + ".type = ?", compartment.compartmentType())
                            .b(" AND " + alias + ".id = ?", compartment.id());
                } else {
                    String x = alias();
                    q.a(alias + ".rkey IN (SELECT " + x + ".rkey FROM idx_reference " + x + " WHERE " + x
                            + ".tenant = ?");
                    q.args.add(tenantKey);
                    q.b(" AND " + x + ".type = ?", type);
                    q.b(" AND " + x + ".code = ?", param);
                    q.b(" AND " + x + ".target_id = ?", compartment.id());
                    q.b(" AND " + x + ".target_type = ?", compartment.compartmentType());
                    q.a(" AND " + x + ".url IS NULL AND " + x + ".contained = 0)");
                }
            }
            if (first) {
                q.a("0");
            }
            q.a("))");
        }
        if (!any) {
            q.a("0");
        }
    }
}
