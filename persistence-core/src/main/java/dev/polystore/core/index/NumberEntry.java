package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A number parameter value with the range its written precision implies (R4 search.html 3.1.1.4.6): {@code 100} covers
 * {@code [99.5, 100.5)}, {@code 100.00} covers {@code [99.995, 100.005)}. A Range value has no {@link #value} and covers
 * {@code [low's lower bound, high's upper bound)}, a missing side being unbounded (null).
 *
 * @param code the parameter code
 * @param value the value as written, or null for a Range
 * @param low the lower bound (inclusive), or null when unbounded
 * @param high the upper bound (exclusive), or null when unbounded
 * @since 0.1
 */
public record NumberEntry(String code, BigDecimal value, BigDecimal low, BigDecimal high) implements IndexEntry {

    public NumberEntry {
        Objects.requireNonNull(code, "code");
        if (value == null && low == null && high == null) {
            throw new IllegalArgumentException("a number entry needs a value or a bound");
        }
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.NUMBER;
    }
}
