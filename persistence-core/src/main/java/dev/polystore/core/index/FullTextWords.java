package dev.polystore.core.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of full-text search ({@code _text}, {@code _content}), shared by indexing, query parsing and every backend:
 * the text is normalized like string search ({@link StringNormalizer}: Unicode NFD, combining marks removed, lower case),
 * then split into words, a word being a maximal run of letters (Unicode categories L*), numbers (N*) and private-use
 * characters (Co); every other character (space, punctuation, symbols) separates words. {@code "Covid-19 Ärzte"} has the
 * words {@code covid 19 arzte}. These are the token characters of SQLite FTS5's {@code unicode61} tokenizer, so text in
 * this form is split into the same words by it.
 *
 * @since 0.1
 */
public final class FullTextWords {

    private FullTextWords() {}

    /** Whether {@code codePoint} belongs to a word (after normalization). */
    public static boolean isWordChar(int codePoint) {
        if (codePoint < 0x80) {
            return (codePoint >= 'a' && codePoint <= 'z')
                    || (codePoint >= '0' && codePoint <= '9')
                    || (codePoint >= 'A' && codePoint <= 'Z');
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    /** The normalized words of {@code text}, joined by single spaces ({@code ""} when it has none). */
    public static String joined(CharSequence text) {
        String normalized = StringNormalizer.normalize(text.toString());
        StringBuilder out = new StringBuilder(normalized.length());
        boolean pendingSpace = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordChar(cp)) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            } else {
                pendingSpace = out.length() > 0;
            }
        }
        return out.toString();
    }

    /** The normalized words of {@code text}, in order. */
    public static List<String> split(CharSequence text) {
        String joined = joined(text);
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start < joined.length()) {
            int end = joined.indexOf(' ', start);
            if (end < 0) {
                end = joined.length();
            }
            words.add(joined.substring(start, end));
            start = end + 1;
        }
        return words;
    }
}
