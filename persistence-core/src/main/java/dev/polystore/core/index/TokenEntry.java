package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.Objects;

/**
 * A token parameter value (R4 search.html 3.1.1.4.10).
 *
 * <ul>
 *   <li>Coding: {@code system}, {@code code} = Coding.code, {@code text} = Coding.display.
 *   <li>CodeableConcept: one entry per coding as above, plus one entry with only {@code text} = CodeableConcept.text
 *       (for {@code :text}), left out where one of its codings' displays has the same normalized text; {@link
 *       ResourceIndexer} also leaves it out of a composite's component that has coded entries (neither changes what
 *       matches).
 *   <li>Identifier: {@code system} = Identifier.system, {@code code} = Identifier.value; when Identifier.type has codings,
 *       one entry per type coding with {@link #typeSystem}/{@link #typeCode} set, for {@code :of-type}.
 *   <li>ContactPoint: {@code code} = ContactPoint.value, {@code system} null (the spec does not use ContactPoint.system
 *       as the token system; {@code phone}/{@code email} parameters select it in their expression).
 *   <li>code, string, uri, id and other string-valued primitives: {@code code} = the value, {@code system} null. A
 *       {@code code} element's system is implicit (its bound value set) and not in the JSON, so it is recorded as null;
 *       how {@code system|code} then matches is the executor's choice.
 *   <li>boolean: {@code code} = {@code true} or {@code false}, {@code system} null.
 * </ul>
 *
 * @param code the parameter code
 * @param system the system, or null when absent or implicit
 * @param value the code or value, or null for a CodeableConcept.text-only entry or a coding/identifier without one
 *     (which still matches {@code system|})
 * @param text Coding.display or CodeableConcept.text, or null
 * @param normalizedText {@code text} normalized as a string search value ({@link StringNormalizer}), or null
 * @param typeSystem for an Identifier, the system of one of its type codings, else null
 * @param typeCode for an Identifier, the code of one of its type codings, else null
 * @since 0.1
 */
public record TokenEntry(
        String code,
        String system,
        String value,
        String text,
        String normalizedText,
        String typeSystem,
        String typeCode)
        implements IndexEntry {

    public TokenEntry {
        Objects.requireNonNull(code, "code");
        if (value == null && text == null && system == null) {
            throw new IllegalArgumentException("a token entry needs a value, a system or a text");
        }
    }

    /** A token with a system (may be null), a value and an optional display text. */
    public static TokenEntry of(String code, String system, String value, String text) {
        return new TokenEntry(
                code, system, value, text, text == null ? null : StringNormalizer.normalize(text), null, null);
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.TOKEN;
    }
}
