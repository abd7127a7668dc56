package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.Objects;

/**
 * A string parameter value. Default string search (starts-with) and {@code :contains} compare {@link #normalized} with
 * the equally normalized search value ({@link StringNormalizer#normalize}); {@code :exact} compares {@link #exact}.
 * HumanName and Address values produce one entry per part (R4 search.html 3.1.1.4.9).
 *
 * @param code the parameter code
 * @param normalized case- and accent-folded form with whitespace runs folded to one space and trimmed
 * @param exact the value as written
 * @since 0.1
 */
public record StringEntry(String code, String normalized, String exact) implements IndexEntry {

    public StringEntry {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(normalized, "normalized");
        Objects.requireNonNull(exact, "exact");
    }

    /** An entry for {@code value}, normalized with {@link StringNormalizer#normalize}. */
    public static StringEntry of(String code, String value) {
        return new StringEntry(code, StringNormalizer.normalize(value), value);
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.STRING;
    }
}
