package dev.polystore.core.index;

import java.util.List;
import java.util.Objects;

/**
 * The index entries of one resource, in parameter order (by code), duplicates removed per parameter, and the warnings of
 * the parameters that could not be fully indexed.
 *
 * @param entries the entries
 * @param warnings what could not be indexed; empty when everything was
 * @since 0.1
 */
public record IndexResult(List<IndexEntry> entries, List<IndexWarning> warnings) {

    public IndexResult {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** The entries of parameter {@code code}. */
    public List<IndexEntry> entries(String code) {
        Objects.requireNonNull(code, "code");
        return entries.stream().filter(e -> e.code().equals(code)).toList();
    }

    /** The entries of parameter {@code code} of one entry type. */
    public <T extends IndexEntry> List<T> entries(String code, Class<T> type) {
        Objects.requireNonNull(code, "code");
        return entries.stream()
                .filter(e -> e.code().equals(code) && type.isInstance(e))
                .map(type::cast)
                .toList();
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}
