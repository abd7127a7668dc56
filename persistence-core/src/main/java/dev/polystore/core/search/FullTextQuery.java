package dev.polystore.core.search;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.core.index.FullTextWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code _text} or {@code _content} value: a disjunction of conjunctions of phrases, the one model the reference
 * matcher and every backend's full-text engine execute.
 *
 * <p>Syntax of one value (the comma-separated values of the parameter are ORed, as for every parameter):
 *
 * <ul>
 *   <li>words separated by spaces must all occur, in any order and place: {@code heart failure};
 *   <li>{@code "a quoted phrase"}: its words must occur next to each other in this order;
 *   <li>{@code OR} (upper case, between terms) separates alternatives; it binds looser than the implicit AND: {@code a b
 *       OR c} is {@code (a AND b) OR c}. An explicit {@code AND} is accepted and changes nothing. Lower-case {@code or}
 *       and {@code and} are ordinary words. {@code NOT} is refused (not supported);
 *   <li>a trailing {@code *} makes the (last) word a prefix: {@code diab*} matches {@code diabetes}, {@code "heart
 *       fail"*} matches {@code heart failure};
 *   <li>words are normalized and split like the indexed text ({@link FullTextWords}): case and accents are ignored, and
 *       punctuation separates words, so an unquoted {@code covid-19} is the phrase {@code "covid 19"}. Other punctuation
 *       (parentheses included) has no meaning of its own.
 * </ul>
 *
 * A value without any word, an unbalanced quote, an empty phrase, or {@code OR} without a term on each side is an
 * {@link InvalidSearchException} naming the parameter.
 *
 * @param parameter {@code _text} or {@code _content}
 * @param alternatives the ORed conjunctions (never empty; none is empty)
 * @since 0.1
 */
public record FullTextQuery(String parameter, List<List<Phrase>> alternatives) {

    /**
     * Words that must occur next to each other, in order; a single word is a phrase of one.
     *
     * @param words the normalized words (never empty)
     * @param prefix whether the last word is a prefix
     */
    public record Phrase(List<String> words, boolean prefix) {
        /** Checks and copies. */
        public Phrase {
            words = List.copyOf(words);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no words");
            }
        }
    }

    /** Checks and copies. */
    public FullTextQuery {
        Objects.requireNonNull(parameter, "parameter");
        List<List<Phrase>> copy = new ArrayList<>();
        for (List<Phrase> conjunction : alternatives) {
            if (conjunction.isEmpty()) {
                throw new IllegalArgumentException("empty conjunction");
            }
            copy.add(List.copyOf(conjunction));
        }
        alternatives = List.copyOf(copy);
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives");
        }
    }

    /** Parses a criterion's values (ORed). */
    public static FullTextQuery of(Criterion.FullText criterion) {
        return parse(criterion.parameter(), criterion.texts());
    }

    /** Parses the ORed {@code values} of {@code parameter}; throws {@link InvalidSearchException} when malformed. */
    public static FullTextQuery parse(String parameter, List<String> values) {
        List<List<Phrase>> alternatives = new ArrayList<>();
        for (String value : values) {
            alternatives.addAll(parseOne(parameter, value));
        }
        if (alternatives.isEmpty()) {
            throw new InvalidSearchException("Invalid " + parameter + " value: no words to search for");
        }
        return new FullTextQuery(parameter, alternatives);
    }

    private static List<List<Phrase>> parseOne(String parameter, String value) {
        List<List<Phrase>> alternatives = new ArrayList<>();
        List<Phrase> current = new ArrayList<>();
        boolean afterOr = false;
        int n = value.length();
        int i = 0;
        while (i < n) {
            char ch = value.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '"') {
                int close = value.indexOf('"', i + 1);
                if (close < 0) {
                    throw invalid(parameter, value, "unbalanced quote");
                }
                List<String> words = FullTextWords.split(value.substring(i + 1, close));
                if (words.isEmpty()) {
                    throw invalid(parameter, value, "empty phrase");
                }
                i = close + 1;
                boolean prefix = i < n && value.charAt(i) == '*';
                while (i < n && value.charAt(i) == '*') {
                    i++;
                }
                current.add(new Phrase(words, prefix));
                afterOr = false;
            } else {
                int end = i;
                while (end < n && value.charAt(end) != '"' && !Character.isWhitespace(value.charAt(end))) {
                    end++;
                }
                String token = value.substring(i, end);
                i = end;
                switch (token) {
                    case "OR" -> {
                        if (current.isEmpty()) {
                            throw invalid(parameter, value, "OR needs a term on each side");
                        }
                        alternatives.add(current);
                        current = new ArrayList<>();
                        afterOr = true;
                    }
                    case "AND" -> {
                        // the default; changes nothing
                    }
                    case "NOT" -> throw invalid(parameter, value, "NOT is not supported");
                    default -> {
                        boolean prefix = token.endsWith("*");
                        List<String> words = FullTextWords.split(token);
                        if (!words.isEmpty()) {
                            current.add(new Phrase(words, prefix));
                            afterOr = false;
                        }
                    }
                }
            }
        }
        if (afterOr) {
            throw invalid(parameter, value, "OR needs a term on each side");
        }
        if (!current.isEmpty()) {
            alternatives.add(current);
        }
        return alternatives;
    }

    private static InvalidSearchException invalid(String parameter, String value, String problem) {
        return new InvalidSearchException("Invalid " + parameter + " value '" + value + "': " + problem);
    }
}
