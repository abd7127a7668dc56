package dev.polystore.postgres.internal;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.search.FullTextQuery;
import java.util.List;

/**
 * Full-text search ({@code _text}, {@code _content}) with {@code tsvector} and {@code tsquery}. Core has already
 * normalized and split the text into words ({@code FullTextWords}), so PostgreSQL's parsers and dictionaries (which
 * depend on the server's locale and language configuration) are not used: the document and the query are written as
 * {@code tsvector}/{@code tsquery} literals of exactly those words, every word quoted, so nothing in user input acts as
 * syntax.
 *
 * <p>A resource has one document: the narrative's words at positions 1..n with weight A, then, one position apart (so
 * that no phrase runs from one into the other), the words of the rest with the default weight D. {@code _content}
 * searches all of it; {@code _text} asks for weight A. Limits of the type: positions above 16,383 count as 16,383 (a
 * phrase that far into a long resource can match loosely), a word keeps at most 256 positions, and a document is at most
 * 1 MB, so a resource's words past {@value #MAX_DOCUMENT_CHARS} characters of document are not indexed. A lexeme is at
 * most 2,046 bytes: words (in documents and queries alike) are cut after {@value #MAX_WORD_CHARS} characters, so two
 * words that long match when they start alike.
 */
final class PostgresFullText {
    /** The longest document literal written; tsvector's own limit is 1 MB of lexemes and positions. */
    static final int MAX_DOCUMENT_CHARS = 600_000;

    /** The characters of a word kept: at most 1,500 bytes in UTF-8, within a lexeme's 2,046. */
    static final int MAX_WORD_CHARS = 500;

    /** PostgreSQL's highest word position. */
    private static final int MAX_POSITION = 16_383;

    private PostgresFullText() {}

    /** The {@code tsvector} literal of a resource's words, or null when it has none. */
    static String document(List<FullTextEntry> entries) {
        String narrative = null;
        String body = null;
        for (FullTextEntry e : entries) {
            if (e.code().equals(FullTextEntry.NARRATIVE)) {
                narrative = e.words();
            } else {
                body = e.words();
            }
        }
        if (narrative == null && body == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int position = 0;
        if (narrative != null) {
            position = append(out, narrative, 0, "A");
        }
        if (body != null) {
            append(out, body, position == 0 ? 0 : position + 1, "");
        }
        return out.toString();
    }

    /** Appends the words with positions after {@code position}; returns the last position used. */
    private static int append(StringBuilder out, String words, int position, String weight) {
        int start = 0;
        while (start < words.length() && out.length() < MAX_DOCUMENT_CHARS) {
            int end = words.indexOf(' ', start);
            if (end < 0) {
                end = words.length();
            }
            if (end > start) {
                position++;
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                quote(out, words, start, end).append(':').append(Math.min(position, MAX_POSITION));
                out.append(weight);
            }
            start = end + 1;
        }
        return position;
    }

    /**
     * The {@code tsquery} literal of a query: alternatives joined by {@code |}, each an {@code &} of phrases, a phrase
     * its words joined by {@code <->} (next to each other, in order), a prefix word marked {@code :*}; {@code _text}
     * restricts every word to weight A (the narrative).
     */
    static String query(FullTextQuery query) {
        String weight = query.parameter().equals(FullTextEntry.NARRATIVE) ? "A" : "";
        StringBuilder out = new StringBuilder();
        for (List<FullTextQuery.Phrase> conjunction : query.alternatives()) {
            out.append(out.isEmpty() ? "(" : " | (");
            for (int i = 0; i < conjunction.size(); i++) {
                FullTextQuery.Phrase phrase = conjunction.get(i);
                out.append(i == 0 ? "(" : " & (");
                List<String> words = phrase.words();
                for (int w = 0; w < words.size(); w++) {
                    if (w > 0) {
                        out.append(" <-> ");
                    }
                    String word = words.get(w);
                    quote(out, word, 0, word.length());
                    boolean prefix = phrase.prefix() && w == words.size() - 1;
                    if (prefix || !weight.isEmpty()) {
                        out.append(':').append(prefix ? "*" : "").append(weight);
                    }
                }
                out.append(')');
            }
            out.append(')');
        }
        return out.toString();
    }

    /**
     * Appends {@code text[start, end)} as a quoted lexeme, cut after {@link #MAX_WORD_CHARS} characters (not inside a
     * surrogate pair), quotes and backslashes escaped.
     */
    private static StringBuilder quote(StringBuilder out, String text, int start, int end) {
        if (end - start > MAX_WORD_CHARS) {
            end = start + MAX_WORD_CHARS;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
        }
        out.append('\'');
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '\\') {
                out.append(ch == '\'' ? '\'' : '\\');
            }
            out.append(ch);
        }
        return out.append('\'');
    }
}
