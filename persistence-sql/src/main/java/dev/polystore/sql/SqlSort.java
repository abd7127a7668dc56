package dev.polystore.sql;

import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.search.ResolvedSearch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The sort keys of a search, their SQL sort values and the keyset condition that continues a page. */
final class SqlSort {
    private SqlSort() {}

    record SortSpec(String code, SearchParamType type, boolean descending) {}

    static List<SortSpec> sortSpecs(SqlDialect dialect, ResolvedSearch search, List<String> types) {
        List<SortSpec> specs = new ArrayList<>();
        for (ResolvedSearch.SortKey key : search.sort()) {
            Set<SearchParamType> kinds = new HashSet<>();
            key.parameterByType().values().forEach(p -> kinds.add(p.type()));
            if (kinds.size() != 1) {
                throw new UnsupportedCapabilityException("The " + dialect.backendName() + " backend cannot sort by "
                        + key.code() + ": its type differs between the searched types");
            }
            SearchParamType type = kinds.iterator().next();
            if (type == SearchParamType.COMPOSITE || type == SearchParamType.SPECIAL) {
                throw new UnsupportedCapabilityException("The " + dialect.backendName() + " backend cannot sort by the "
                        + type.name().toLowerCase(Locale.ROOT) + " parameter " + key.code());
            }
            specs.add(new SortSpec(key.code(), type, key.descending()));
        }
        return specs;
    }

    /**
     * The key's sort value of resource {@code alias}: the lowest (ascending) or highest (descending) entry; {@code y}
     * is a fresh alias for the index rows.
     */
    static void sortExpression(SqlDialect dialect, SqlStatement q, String alias, String y, SortSpec spec) {
        if (spec.type == SearchParamType.TOKEN && spec.code.equals(SqlIndexLayout.ID_CODE)) {
            // the row's own id: what the idx_id view holds, without a subquery per row
            q.text(alias + ".id");
            return;
        }
        String f = spec.descending ? "max" : "min";
        String column;
        String table;
        switch (spec.type) {
            case STRING -> {
                table = "idx_string";
                column = y + ".norm";
            }
            case TOKEN -> {
                table = SqlIndexLayout.source("idx_token", spec.code);
                column = y + ".value";
            }
            case DATE -> {
                table = "idx_date";
                column = spec.descending
                        ? "coalesce(" + y + ".end_ms, " + (Long.MAX_VALUE - 1) + ")"
                        : "coalesce(" + y + ".start_ms, " + (Long.MIN_VALUE + 1) + ")";
            }
            case NUMBER, QUANTITY -> {
                table = spec.type == SearchParamType.NUMBER ? "idx_number" : "idx_quantity";
                column = spec.descending
                        ? "coalesce(" + y + ".point, " + y + ".high, 1e308)"
                        : "coalesce(" + y + ".point, " + y + ".low, -1e308)";
            }
            case REFERENCE -> {
                table = "idx_reference";
                column = "coalesce(" + y + ".target_type || '/' || " + y + ".target_id, " + y + ".url)";
            }
            case URI -> {
                table = "idx_uri";
                column = y + ".uri";
            }
            default ->
                throw new UnsupportedCapabilityException(
                        "The " + dialect.backendName() + " backend cannot sort by " + spec.code);
        }
        q.bind(
                "(SELECT " + f + "(" + column + ") FROM " + table + " " + y + " WHERE " + y + ".rkey = " + alias
                        + ".rkey AND " + y + ".code = ?)",
                spec.code);
    }

    /** The keyset condition: rows strictly after {@code position} (sort values, id, rkey) in the page order. */
    static void after(SqlStatement q, List<SortSpec> sort, List<Object> position, int i) {
        if (i == sort.size()) {
            String id = (String) position.get(i);
            long rkey = (Long) position.get(i + 1);
            if (sort.isEmpty()) {
                q.bind("rkey > ?", rkey);
            } else {
                q.bind("(id > ?", id).bind(" OR (id = ?", id).bind(" AND rkey > ?))", rkey);
            }
            return;
        }
        String s = "s" + i;
        Object last = position.get(i);
        if (last == null) {
            // missing values come last: only rows also missing it can follow
            q.text("(" + s + " IS NULL AND ");
            after(q, sort, position, i + 1);
            q.text(")");
            return;
        }
        q.bind("(" + s + " IS NULL OR " + s + (sort.get(i).descending ? " < ?" : " > ?"), last);
        q.bind(" OR (" + s + " = ? AND ", last);
        after(q, sort, position, i + 1);
        q.text("))");
    }
}
