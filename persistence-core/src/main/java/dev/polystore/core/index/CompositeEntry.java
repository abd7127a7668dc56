package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.List;
import java.util.Objects;

/**
 * A composite parameter value (R4 search.html 3.1.1.5.1): for one item of the composite's expression (an Observation,
 * an Observation.component, ...), one combination of its component values, in component order. Each component is an
 * entry of the component parameter's type, with that parameter's code; an item gives one entry per combination of its
 * components' values, and none when a component has no value.
 *
 * @param code the composite parameter's code, for example {@code code-value-quantity}
 * @param components one entry per component, in the definition's order
 * @since 0.1
 */
public record CompositeEntry(String code, List<IndexEntry> components) implements IndexEntry {

    public CompositeEntry {
        Objects.requireNonNull(code, "code");
        components = List.copyOf(components);
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.COMPOSITE;
    }
}
