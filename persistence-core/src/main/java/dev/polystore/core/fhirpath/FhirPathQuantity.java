package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A System.Quantity: a decimal value and a unit, either a UCUM code (for example {@code mg}) or a calendar duration
 * keyword ({@code year}, {@code month}, {@code week}, {@code day}, {@code hour}, {@code minute}, {@code second},
 * {@code millisecond}; always singular here).
 *
 * @param value the value
 * @param unit the UCUM code or calendar keyword; {@code 1} for a unitless quantity
 * @param calendar whether {@link #unit} is a calendar duration keyword rather than UCUM
 * @since 0.1
 */
public record FhirPathQuantity(BigDecimal value, String unit, boolean calendar) {

    public FhirPathQuantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
    }

    @Override
    public String toString() {
        return value.toPlainString() + (calendar ? " " + unit : " '" + unit + "'");
    }
}
