package dev.polystore.sqlite.internal;

import dev.polystore.core.search.FullTextQuery;
import dev.polystore.sql.SqlDialect;
import dev.polystore.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQLite's spelling of the shared search SQL ({@link SqlDialect}). */
final class SqliteDialect implements SqlDialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {}

    @Override
    public String backendName() {
        return "SQLite";
    }

    @Override
    public String orderedJoin() {
        // SQLite's planner never reorders a CROSS JOIN
        return "CROSS JOIN";
    }

    @Override
    public String alwaysTrue() {
        return "1";
    }

    @Override
    public String alwaysFalse() {
        return "0";
    }

    /**
     * Two: SQLite checks a candidate's referrers in-process, cheaply, so it keeps walking where PostgreSQL drives (at
     * 1,000 Synthea patients every _has of the benchmark walks, as before this hook; p95 45 ms).
     */
    @Override
    public int hasSourcesPerCandidateToWalk() {
        return 2;
    }

    @Override
    public String noKeys() {
        return "SELECT NULL WHERE 0";
    }

    @Override
    public void appendStrings(SqlStatement q, List<String> values) {
        q.bind("SELECT value FROM json_each(?)", jsonArray(values));
    }

    @Override
    public void appendStringPairs(SqlStatement q, List<Map.Entry<String, String>> pairs) {
        List<String> arrays = new ArrayList<>(pairs.size());
        for (Map.Entry<String, String> pair : pairs) {
            arrays.add(jsonArray(List.of(pair.getKey(), pair.getValue())));
        }
        q.bind("SELECT value ->> 0, value ->> 1 FROM json_each(?)", "[" + String.join(",", arrays) + "]");
    }

    @Override
    public String contains(String text, String part) {
        return "instr(" + text + ", " + part + ") > 0";
    }

    @Override
    public String lastCharacter(String text) {
        return "substr(" + text + ", -1, 1)";
    }

    @Override
    public void appendFullTextMatch(SqlStatement q, String alias, FullTextQuery query) {
        q.bind(
                alias + ".rkey IN (SELECT rowid FROM idx_fulltext WHERE idx_fulltext MATCH ?)",
                SqliteFullText.matchExpression(query));
    }

    /** A JSON array of strings, for {@code json_each}. */
    private static String jsonArray(List<String> strings) {
        StringBuilder json = new StringBuilder(strings.size() * 12).append('[');
        for (int i = 0; i < strings.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"");
            String s = strings.get(i);
            for (int j = 0; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }
}
