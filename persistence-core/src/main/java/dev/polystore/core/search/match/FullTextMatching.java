package dev.polystore.core.search.match;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.FullTextQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference semantics of {@code _text} and {@code _content} ({@link FullTextQuery}) over a resource's {@link
 * FullTextEntry full-text entries}: {@code _text} searches the narrative entry, {@code _content} the narrative and the
 * content entry. A conjunction matches when each of its phrases occurs in one of the searched entries (a phrase does not
 * span two entries; different phrases may be found in different entries); the query matches when one conjunction does.
 */
final class FullTextMatching {

    private FullTextMatching() {}

    static MatchResult evaluate(Criterion.FullText criterion, List<IndexEntry> entries) {
        FullTextQuery query = FullTextQuery.of(criterion);
        boolean content = criterion.parameter().equals(FullTextEntry.CONTENT);
        List<String[]> passages = new ArrayList<>(2);
        for (IndexEntry e : entries) {
            if (e instanceof FullTextEntry text && (content || text.code().equals(FullTextEntry.NARRATIVE))) {
                passages.add(text.words().split(" "));
            }
        }
        for (List<FullTextQuery.Phrase> conjunction : query.alternatives()) {
            if (allOccur(conjunction, passages)) {
                return MatchResult.MATCH;
            }
        }
        return MatchResult.NO_MATCH;
    }

    private static boolean allOccur(List<FullTextQuery.Phrase> conjunction, List<String[]> passages) {
        for (FullTextQuery.Phrase phrase : conjunction) {
            boolean found = false;
            for (String[] passage : passages) {
                if (occurs(phrase, passage)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean occurs(FullTextQuery.Phrase phrase, String[] passage) {
        List<String> words = phrase.words();
        int last = words.size() - 1;
        for (int start = 0; start + last < passage.length; start++) {
            boolean match = true;
            for (int j = 0; j <= last && match; j++) {
                String word = passage[start + j];
                String wanted = words.get(j);
                match = j == last && phrase.prefix() ? word.startsWith(wanted) : word.equals(wanted);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
