package dev.polystore.sql;

import dev.polystore.core.search.FullTextQuery;
import java.util.List;
import java.util.Map;

/**
 * What differs between the SQL engines that run the shared search SQL ({@link SqlSearch}): the few functions, literals
 * and constructs that have no common spelling, and full-text search. Everything else the planner writes is common
 * SQL (subqueries, {@code UNION ALL}, {@code EXISTS}, row values in {@code IN}, {@code LIMIT ?}, {@code coalesce},
 * {@code substr}, {@code length}, {@code ||}) over the logical index schema of views {@code search_resources}, {@code
 * idx_string}, {@code idx_token}, {@code idx_date}, {@code idx_number}, {@code idx_quantity}, {@code idx_reference} and
 * {@code idx_uri}.
 */
public interface SqlDialect {
    /** The backend's name as error messages give it, e.g. {@code SQLite} in "The SQLite backend cannot sort by ...". */
    String backendName();

    /**
     * The join operator that keeps the tables in the written order, for the joins the planner orders itself (a chain's
     * targets before their references): SQLite's {@code CROSS JOIN} (which then also takes an {@code ON} clause); plain
     * {@code JOIN} where the engine has no such hint.
     */
    String orderedJoin();

    /** A boolean SQL expression that is always true ({@code 1} in SQLite, {@code TRUE} elsewhere). */
    String alwaysTrue();

    /** A boolean SQL expression that is always false ({@code 0} in SQLite, {@code FALSE} elsewhere). */
    String alwaysFalse();

    /**
     * A query of one integer column ({@code rkey}) with no rows, for a match set no index table can hold; it must be
     * usable as an arm of {@code UNION ALL} and on the right of {@code rkey IN}.
     */
    String noKeys();

    /**
     * Appends a query of one text column whose rows are {@code values}, binding them as few parameters (a long OR-list
     * of codes becomes {@code value IN (<this>)}); SQLite: {@code SELECT value FROM json_each(?)} with a JSON array.
     */
    void appendStrings(SqlStatement q, List<String> values);

    /**
     * Appends a query of two text columns whose rows are {@code pairs} (key, value), binding them as few parameters, for
     * {@code (system, value) IN (<this>)}; SQLite: {@code SELECT value ->> 0, value ->> 1 FROM json_each(?)}.
     */
    void appendStringPairs(SqlStatement q, List<Map.Entry<String, String>> pairs);

    /** A boolean expression: text {@code part} occurs in {@code text} (SQLite {@code instr(text, part) > 0}). */
    String contains(String text, String part);

    /** The last character of {@code text}, empty for an empty text (SQLite {@code substr(text, -1, 1)}). */
    String lastCharacter(String text);

    /**
     * Appends a boolean expression: the resource row {@code alias} (its {@code rkey}) matches the full-text query, with
     * its words bound as parameters. The engine's full-text index holds the words core extracts ({@code FullTextEntry}).
     */
    void appendFullTextMatch(SqlStatement q, String alias, FullTextQuery query);

    /**
     * From how many sources per candidate a {@code _has} with more sources than a probe counts stops driving the query,
     * so that the candidates are walked and each is checked by its own referrers. The crossover depends on the engine:
     * the default suits an engine that pays a round of index lookups per source (PostgreSQL); SQLite checks a
     * candidate's referrers in-process cheaply and walks sooner.
     */
    default int hasSourcesPerCandidateToWalk() {
        return 10;
    }

    /**
     * Whether a query with a driving criterion collects its keys first, checks them against the criteria that need
     * only a key, and only then reads the resource rows ({@link #openKeyCollection}); otherwise the driver is one
     * semi-join ({@code k.rkey IN (keys)}) beside the others, which suits an engine that keeps the written order, as
     * SQLite does. A cost-based planner that misjudges skewed key sets (one patient's thousands of Observations) would
     * otherwise reorder the semi-joins and start from the largest set.
     */
    default boolean collectsDrivingKeys() {
        return false;
    }

    /**
     * Opens a boolean expression: the row {@code alias}'s key is one of those the query that follows returns, computed
     * once before any row is read (PostgreSQL {@code alias.rkey = ANY(ARRAY(}); {@link #closeKeyCollection} closes it.
     */
    default String openKeyCollection(String alias) {
        return alias + ".rkey IN (";
    }

    /** Closes what {@link #openKeyCollection} opened. */
    default String closeKeyCollection() {
        return ")";
    }
}
