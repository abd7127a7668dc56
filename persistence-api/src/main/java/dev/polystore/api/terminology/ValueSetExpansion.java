package dev.polystore.api.terminology;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The answer of {@link TerminologyService#expand}: the codes a ValueSet contains, or that the service does not know it.
 *
 * @param canonical the canonical that was expanded, as asked ({@code url} or {@code url|version})
 * @param known false when the service does not know the ValueSet (then {@code codes} is empty)
 * @param codes the codes, in expansion order; a {@link Coding#wholeSystem()} entry stands for every code of its system
 * @since 0.1
 */
public record ValueSetExpansion(String canonical, boolean known, Set<Coding> codes) {
    /** Checks and copies (insertion order kept). */
    public ValueSetExpansion {
        Objects.requireNonNull(canonical, "canonical");
        codes = Collections.unmodifiableSet(new LinkedHashSet<>(codes));
        if (!known && !codes.isEmpty()) {
            throw new IllegalArgumentException("an unknown ValueSet has no codes");
        }
    }

    /** A known ValueSet with these codes (possibly none). */
    public static ValueSetExpansion of(String canonical, Set<Coding> codes) {
        return new ValueSetExpansion(canonical, true, codes);
    }

    /** The service does not know this ValueSet. */
    public static ValueSetExpansion unknown(String canonical) {
        return new ValueSetExpansion(canonical, false, Set.of());
    }
}
