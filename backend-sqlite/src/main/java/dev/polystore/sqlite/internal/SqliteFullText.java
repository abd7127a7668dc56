package dev.polystore.sqlite.internal;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.search.FullTextQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Full-text search ({@code _text}, {@code _content}) with SQLite FTS5. Migration 3 creates {@code idx_fulltext}, a
 * contentless FTS5 table (the words are indexed, not stored; {@code contentless_delete=1} lets a resource's row be
 * deleted and replaced) whose rowid is the resource's {@code rkey} in {@code search_resources}, which carries the
 * tenant: a match is always joined back to the searched tenant's resources. Column {@code narrative} holds the words of
 * the narrative, {@code body} the words of the rest ({@link FullTextEntry}). The text arrives already normalized and
 * split by core ({@code FullTextWords}); the {@code unicode61} tokenizer with the same token characters (L*, N*, Co) and
 * diacritic removal splits it into exactly those words. {@code detail=full} keeps word positions, which phrase queries
 * need. Resources written before this migration have no full-text rows until they are written again.
 */
final class SqliteFullText {
    private SqliteFullText() {}

    static final List<String> MIGRATION = List.of("CREATE VIRTUAL TABLE idx_fulltext USING fts5(narrative, body,"
            + " content='', contentless_delete=1, detail=full,"
            + " tokenize=\"unicode61 remove_diacritics 2 categories 'L* N* Co'\")");

    private static final String DELETE = "DELETE FROM idx_fulltext WHERE rowid = ?";
    private static final String INSERT = "INSERT INTO idx_fulltext (rowid, narrative, body) VALUES (?, ?, ?)";

    /** Removes the full-text row of resource {@code rkey}, if any. */
    static void delete(SqliteConnection c, long rkey) throws SQLException {
        PreparedStatement ps = c.prepare(DELETE);
        ps.setLong(1, rkey);
        ps.executeUpdate();
    }

    /** Inserts the full-text row of resource {@code rkey}; either side may be null, not both. */
    static void insert(SqliteConnection c, long rkey, String narrative, String body) throws SQLException {
        PreparedStatement ps = c.prepare(INSERT);
        ps.setLong(1, rkey);
        ps.setString(2, narrative);
        ps.setString(3, body);
        ps.executeUpdate();
    }

    /**
     * The FTS5 query for {@code query}, to be bound as the MATCH parameter: alternatives joined by {@code OR}, each a
     * parenthesized {@code AND} of phrases; every phrase is an FTS5 string (double-quoted, quotes doubled), so nothing
     * in user input acts as FTS5 syntax; {@code _text} restricts every phrase to column {@code narrative}.
     */
    static String matchExpression(FullTextQuery query) {
        String column = query.parameter().equals(FullTextEntry.NARRATIVE) ? "narrative : " : "";
        StringBuilder out = new StringBuilder();
        for (List<FullTextQuery.Phrase> conjunction : query.alternatives()) {
            out.append(out.isEmpty() ? "(" : " OR (");
            for (int i = 0; i < conjunction.size(); i++) {
                FullTextQuery.Phrase phrase = conjunction.get(i);
                out.append(i == 0 ? "" : " AND ").append(column).append('"');
                out.append(String.join(" ", phrase.words()).replace("\"", "\"\""));
                out.append(phrase.prefix() ? "\" *" : "\"");
            }
            out.append(')');
        }
        return out.toString();
    }
}
