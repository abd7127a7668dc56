package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A quantity parameter value (R4 search.html 3.1.1.4.11). Quantity and its profiles (Age, Duration, Distance, Count,
 * SimpleQuantity, MoneyQuantity) give {@link #value} and its implicit-precision range {@code [low, high)}; a comparator
 * ({@code <}, {@code <=}, {@code >}, {@code >=}) opens the range on its side. Money gives {@code system}
 * {@code urn:iso:std:iso:4217} and the currency as {@code unitCode}. A Range gives one entry without {@link #value}
 * covering {@code [low's lower bound, high's upper bound)}, unit and system from low (else high).
 *
 * <p>When the system is UCUM ({@code http://unitsofmeasure.org}) and the code converts, {@link #canonicalValue},
 * {@link #canonicalLow}, {@link #canonicalHigh} and {@link #canonicalUnit} hold the value and bounds in UCUM canonical
 * (base) units ({@code 60 kg} → {@code 60000 g}), so that searches in other but comparable units can match.
 *
 * @param code the parameter code
 * @param value the value, or null for a Range
 * @param low lower bound (inclusive), or null when unbounded
 * @param high upper bound (exclusive), or null when unbounded
 * @param system Quantity.system, or null
 * @param unitCode Quantity.code (Money: the currency), or null
 * @param unit Quantity.unit (the human display), or null
 * @param canonicalValue the value in UCUM canonical units, or null
 * @param canonicalLow low in UCUM canonical units, or null
 * @param canonicalHigh high in UCUM canonical units, or null
 * @param canonicalUnit the UCUM canonical unit code, or null when not converted
 * @since 0.1
 */
public record QuantityEntry(
        String code,
        BigDecimal value,
        BigDecimal low,
        BigDecimal high,
        String system,
        String unitCode,
        String unit,
        BigDecimal canonicalValue,
        BigDecimal canonicalLow,
        BigDecimal canonicalHigh,
        String canonicalUnit)
        implements IndexEntry {

    public QuantityEntry {
        Objects.requireNonNull(code, "code");
        if (value == null && low == null && high == null) {
            throw new IllegalArgumentException("a quantity entry needs a value or a bound");
        }
    }

    /** Whether the canonical UCUM form is present. */
    public boolean hasCanonical() {
        return canonicalUnit != null;
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.QUANTITY;
    }
}
