package dev.polystore.api.terminology;

import java.util.Objects;

/**
 * A code in a code system, as a terminology answer carries it.
 *
 * @param system the code system's canonical URL (never null or empty)
 * @param code the code, or null for "every code of the system": used in an expansion for a whole-system include of a
 *     code system the service cannot enumerate (it matches any coding with that system)
 * @since 0.1
 */
public record Coding(String system, String code) {
    /** Checks the system is present and non-empty, and the code, when present, is non-empty. */
    public Coding {
        Objects.requireNonNull(system, "system");
        if (system.isEmpty()) {
            throw new IllegalArgumentException("a coding needs a system");
        }
        if (code != null && code.isEmpty()) {
            throw new IllegalArgumentException("a code must not be empty");
        }
    }

    /** A coding {@code system|code}. */
    public static Coding of(String system, String code) {
        return new Coding(system, Objects.requireNonNull(code, "code"));
    }

    /** Every code of a system (a {@code system|} wildcard). */
    public static Coding anyCodeOf(String system) {
        return new Coding(system, null);
    }

    /** True if this stands for every code of its system. */
    public boolean wholeSystem() {
        return code == null;
    }

    @Override
    public String toString() {
        return system + "|" + (code == null ? "" : code);
    }
}
