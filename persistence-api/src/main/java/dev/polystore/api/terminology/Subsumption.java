package dev.polystore.api.terminology;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The answer of {@link TerminologyService#subsumption}: the concept's descendants and ancestors in its code system.
 * Subsumption here is the code system's is-a hierarchy (R4 codesystem.html, {@code hierarchyMeaning}).
 *
 * @param concept the concept asked about
 * @param known false when the service does not know the concept's code system (then both sets are empty)
 * @param subsumed the concept and every code it subsumes (its descendants): what {@code :below} matches
 * @param subsumers the concept and every code that subsumes it (its ancestors): what {@code :above} matches
 * @since 0.1
 */
public record Subsumption(Coding concept, boolean known, Set<Coding> subsumed, Set<Coding> subsumers) {
    /** Checks and copies (insertion order kept). */
    public Subsumption {
        Objects.requireNonNull(concept, "concept");
        if (concept.wholeSystem()) {
            throw new IllegalArgumentException("subsumption needs a code");
        }
        subsumed = Collections.unmodifiableSet(new LinkedHashSet<>(subsumed));
        subsumers = Collections.unmodifiableSet(new LinkedHashSet<>(subsumers));
        if (!known && !(subsumed.isEmpty() && subsumers.isEmpty())) {
            throw new IllegalArgumentException("an unknown concept has no relatives");
        }
    }

    /** A known concept with these descendants and ancestors (the concept itself is added to both). */
    public static Subsumption of(Coding concept, Set<Coding> descendants, Set<Coding> ancestors) {
        Set<Coding> below = new LinkedHashSet<>();
        below.add(concept);
        below.addAll(descendants);
        Set<Coding> above = new LinkedHashSet<>();
        above.add(concept);
        above.addAll(ancestors);
        return new Subsumption(concept, true, below, above);
    }

    /** The service does not know the concept's code system. */
    public static Subsumption unknown(Coding concept) {
        return new Subsumption(concept, false, Set.of(), Set.of());
    }
}
