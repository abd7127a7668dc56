package dev.polystore.api.search;

import java.util.Optional;

/**
 * A search parameter modifier (R4 search.html 3.1.1.5; R5 adds {@code code-text} and {@code text-advanced}). Which
 * modifiers a parameter accepts depends on its {@link SearchParamType}. The {@code :[type]} modifier of reference
 * parameters ({@code subject:Patient}) is not a constant: it is recorded as a type hint.
 *
 * @since 0.1
 */
public enum SearchModifier {
    MISSING("missing"),
    EXACT("exact"),
    CONTAINS("contains"),
    TEXT("text"),
    NOT("not"),
    ABOVE("above"),
    BELOW("below"),
    IN("in"),
    NOT_IN("not-in"),
    OF_TYPE("of-type"),
    IDENTIFIER("identifier"),
    CODE_TEXT("code-text"),
    TEXT_ADVANCED("text-advanced");

    private final String code;

    SearchModifier(String code) {
        this.code = code;
    }

    /** The modifier as written after the colon. */
    public String code() {
        return code;
    }

    /** The modifier with this code. */
    public static Optional<SearchModifier> of(String code) {
        for (SearchModifier m : values()) {
            if (m.code.equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
