package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.Objects;

/**
 * Searchable text of a resource for full-text search, as normalized words joined by single spaces ({@link
 * FullTextWords}). A resource has up to two: {@value #NARRATIVE} holds the words of its narrative ({@code text.div});
 * {@value #CONTENT} holds the words of the rest of the resource ({@link FullTextExtractor}). {@code _text} searches the
 * first, {@code _content} both (the narrative is part of the content; it is not stored twice). An entry is left out
 * when it would have no words.
 *
 * @param code {@value #NARRATIVE} or {@value #CONTENT}
 * @param words the normalized words, separated by one space, never empty
 * @since 0.1
 */
public record FullTextEntry(String code, String words) implements IndexEntry {

    /** The code of the narrative's words, searched by {@code _text} and {@code _content}. */
    public static final String NARRATIVE = "_text";

    /** The code of the words of everything but the narrative, searched by {@code _content}. */
    public static final String CONTENT = "_content";

    public FullTextEntry {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(words, "words");
        if (!code.equals(NARRATIVE) && !code.equals(CONTENT)) {
            throw new IllegalArgumentException("a full-text entry is " + NARRATIVE + " or " + CONTENT + ": " + code);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no words");
        }
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.SPECIAL;
    }
}
