package dev.polystore.core.index;

import java.util.Objects;

/**
 * Why a search parameter gave fewer entries than it might have on one resource: its expression failed to compile or to
 * evaluate, or it produced a value its type cannot index.
 *
 * @param code the parameter code
 * @param expression the expression concerned (for a composite component, the component's), or null
 * @param kind what went wrong
 * @param message details
 * @since 0.1
 */
public record IndexWarning(String code, String expression, Kind kind, String message) {

    /** What went wrong. */
    public enum Kind {
        /** The expression does not compile; the parameter never gives entries. */
        COMPILE_FAILED,
        /** The expression threw on this resource; its other values are lost, the other parameters are not affected. */
        EVALUATION_FAILED,
        /** The expression gave a value of a type this parameter type does not index; that value is skipped. */
        UNSUPPORTED_VALUE,
        /** The expression gave a malformed value (a date {@code 2020-02-30}, ...); that value is skipped. */
        INVALID_VALUE,
        /** A composite gave more combinations than the limit; the rest are skipped. */
        TOO_MANY_COMBINATIONS
    }

    public IndexWarning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
