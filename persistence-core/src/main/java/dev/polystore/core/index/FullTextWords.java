package dev.polystore.core.index;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of full-text search ({@code _text}, {@code _content}), shared by indexing, query parsing and every backend:
 * the text is normalized like string search ({@link StringNormalizer}: Unicode NFD, combining marks removed), case
 * folded per code point (lower case of the upper case, so {@code ς} is {@code σ} and the micro sign {@code µ} is
 * {@code μ}), then split into words, a word being a maximal run of letters (Unicode categories L*), numbers (N*) and
 * private-use characters (Co); every other character (space, punctuation, symbols) separates words. {@code "Covid-19
 * Ärzte"} has the words {@code covid 19 arzte}. These are the token characters of SQLite FTS5's {@code unicode61}
 * tokenizer, and its folding leaves text in this form unchanged, so it splits such text into the same words. ASCII text
 * takes a fast path without decomposition.
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
        Sink sink = new Sink(text.length());
        sink.append(text, 0, text.length());
        return sink.toString();
    }

    /**
     * Collects the normalized words of several pieces of text, without copying them first. Consecutive pieces are not
     * separated unless {@link #separate()} is called between them.
     */
    static final class Sink {
        private final StringBuilder out;
        private boolean pendingSpace;

        Sink(int capacity) {
            out = new StringBuilder(capacity);
        }

        /** Ends the current word, if any. */
        void separate() {
            pendingSpace = out.length() > 0;
        }

        /** Appends the words of {@code text[from, to)}. */
        void append(CharSequence text, int from, int to) {
            int i = from;
            while (i < to) {
                char ch = text.charAt(i);
                if (ch < 0x80) {
                    // ASCII, the common case: no decomposition, lower case by arithmetic
                    if (isAsciiWordChar(ch)) {
                        word();
                        out.append(ch <= 'Z' && ch >= 'A' ? (char) (ch + ('a' - 'A')) : ch);
                    } else {
                        separate();
                    }
                    i++;
                    continue;
                }
                // A run up to the next ASCII separator, decomposed as a whole.
                int end = i;
                while (end < to && (text.charAt(end) >= 0x80 || isAsciiWordChar(text.charAt(end)))) {
                    end++;
                }
                String decomposed = Normalizer.normalize(text.subSequence(i, end), Normalizer.Form.NFD);
                for (int k = 0; k < decomposed.length(); ) {
                    int cp = decomposed.codePointAt(k);
                    k += Character.charCount(cp);
                    int category = Character.getType(cp);
                    if (category == Character.NON_SPACING_MARK
                            || category == Character.COMBINING_SPACING_MARK
                            || category == Character.ENCLOSING_MARK) {
                        continue;
                    }
                    if (isWordChar(cp)) {
                        word();
                        out.appendCodePoint(fold(cp));
                    } else {
                        separate();
                    }
                }
                i = end;
            }
        }

        private void word() {
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /**
     * Simple case folding: lower case of the upper case, so that variants fold together as in FTS5's {@code unicode61}
     * ({@code ς}→{@code σ}, micro sign {@code µ}→{@code μ}, long {@code ſ}→{@code s}), except the dotless {@code ı},
     * which stays a letter of its own.
     */
    private static int fold(int cp) {
        return cp == 0x131 ? cp : Character.toLowerCase(Character.toUpperCase(cp));
    }

    private static boolean isAsciiWordChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
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
