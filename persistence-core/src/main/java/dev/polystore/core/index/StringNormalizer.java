package dev.polystore.core.index;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The normalization of string search values and indexed strings, so that the default string search is case- and
 * accent-insensitive (R4 search.html 3.1.1.4.9): Unicode NFD decomposition, combining marks (category M) removed,
 * lower case by {@link Locale#ROOT}, runs of whitespace folded to one space, leading and trailing whitespace removed.
 * {@code "Ébé  Müller"} becomes {@code "ebe muller"}. Characters without a decomposition (ø, ß, æ, ł) are kept as they
 * are (lower-cased). Search values must be normalized with the same function.
 *
 * @since 0.1
 */
public final class StringNormalizer {

    private StringNormalizer() {}

    /** The normalized form of {@code value}. */
    public static String normalize(String value) {
        boolean ascii = true;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        String decomposed = ascii ? value : Normalizer.normalize(value, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int category = Character.getType(cp);
            if (category == Character.NON_SPACING_MARK
                    || category == Character.COMBINING_SPACING_MARK
                    || category == Character.ENCLOSING_MARK) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
