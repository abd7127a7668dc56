package dev.polystore.sql;

import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.core.search.FullTextQuery;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's spelling of the hooks, as far as the tests need it: lists bound as {@code text[]} arrays, {@code
 * strpos}, {@code right}, {@code TRUE}/{@code FALSE}, a typed empty key set. Full text (tsvector) comes with the
 * PostgreSQL backend's own dialect.
 */
final class PostgresTestDialect implements SqlDialect {
    @Override
    public String backendName() {
        return "PostgreSQL";
    }

    @Override
    public String orderedJoin() {
        // PostgreSQL's CROSS JOIN takes no ON clause, and its planner orders joins itself
        return "JOIN";
    }

    @Override
    public String alwaysTrue() {
        return "TRUE";
    }

    @Override
    public String alwaysFalse() {
        return "FALSE";
    }

    @Override
    public String noKeys() {
        // an untyped NULL would be text, which bigint IN (...) refuses
        return "SELECT CAST(NULL AS bigint) WHERE FALSE";
    }

    @Override
    public void appendStrings(SqlStatement q, List<String> values) {
        q.bind("SELECT unnest(CAST(? AS text[]))", values.toArray(String[]::new));
    }

    @Override
    public void appendStringPairs(SqlStatement q, List<Map.Entry<String, String>> pairs) {
        String[] keys = new String[pairs.size()];
        String[] values = new String[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            keys[i] = pairs.get(i).getKey();
            values[i] = pairs.get(i).getValue();
        }
        q.bind("SELECT * FROM unnest(CAST(? AS text[]), ", keys).bind("CAST(? AS text[]))", values);
    }

    @Override
    public String contains(String text, String part) {
        return "strpos(" + text + ", " + part + ") > 0";
    }

    @Override
    public String lastCharacter(String text) {
        return "right(" + text + ", 1)";
    }

    @Override
    public void appendFullTextMatch(SqlStatement q, String alias, FullTextQuery query) {
        throw new UnsupportedCapabilityException("Full text on PostgreSQL comes with its backend");
    }
}
