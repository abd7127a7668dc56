package dev.polystore.postgres.internal;

import dev.polystore.core.search.FullTextQuery;
import dev.polystore.sql.SqlDialect;
import dev.polystore.sql.SqlStatement;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's spelling of the shared search SQL ({@link SqlDialect}): lists bound as {@code text[]} arrays, {@code
 * LIKE} for {@code :contains} (so that the trigram index can answer it), {@code right}, {@code TRUE}/{@code FALSE}, a
 * typed empty key set, and {@code tsvector @@ tsquery} for full text.
 */
final class PostgresDialect implements SqlDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {}

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
        return "SELECT CAST(NULL AS bigint) AS rkey WHERE FALSE";
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

    /**
     * {@code text LIKE '%part%'} with the LIKE wildcards and the escape character in {@code part} escaped: with the
     * value bound, the planner folds the pattern into a constant and can use the trigram index.
     */
    @Override
    public String contains(String text, String part) {
        return text + " LIKE '%' || replace(replace(replace(" + part
                + ", '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'";
    }

    /**
     * Yes: PostgreSQL estimates a key set from averages, so for a patient with thousands of Observations it would start
     * from their references and read every row; an array computed first keeps the planner to the driver Polystore
     * picked by probing, and the index scan over it returns the rows in key order.
     */
    @Override
    public boolean collectsDrivingKeys() {
        return true;
    }

    @Override
    public String openKeyCollection(String alias) {
        return alias + ".rkey = ANY(ARRAY(";
    }

    @Override
    public String closeKeyCollection() {
        return "))";
    }

    @Override
    public String lastCharacter(String text) {
        return "right(" + text + ", 1)";
    }

    @Override
    public void appendFullTextMatch(SqlStatement q, String alias, FullTextQuery query) {
        q.bind(
                alias + ".rkey IN (SELECT rkey FROM idx_fulltext WHERE words @@ CAST(? AS tsquery))",
                PostgresFullText.query(query));
    }
}
