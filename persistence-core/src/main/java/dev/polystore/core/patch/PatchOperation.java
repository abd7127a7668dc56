package dev.polystore.core.patch;

import dev.polystore.core.fhirpath.FhirPathExpression;
import java.util.List;

/**
 * One parsed operation of a {@link FhirPathPatch}; {@code list} and {@code listName} locate an absent list for insert
 * (else null). {@code index}, {@code source} and {@code destination} are -1 when the type takes no such part.
 */
record PatchOperation(
        int number,
        Type type,
        String pathText,
        FhirPathExpression path,
        FhirPathExpression list,
        String listName,
        String name,
        PatchValue value,
        int index,
        int source,
        int destination) {

    /** The operation types and the parts each takes besides {@code type} and {@code path}. */
    enum Type {
        ADD("add", List.of("name", "value")),
        INSERT("insert", List.of("value", "index")),
        DELETE("delete", List.of()),
        REPLACE("replace", List.of("value")),
        MOVE("move", List.of("source", "destination"));

        final String code;
        final List<String> parts;

        Type(String code, List<String> parts) {
            this.code = code;
            this.parts = parts;
        }

        /** "an add", "a delete", ... */
        String article() {
            return (this == ADD || this == INSERT ? "an " : "a ") + code;
        }

        static Type of(String code) {
            for (Type t : values()) {
                if (t.code.equals(code)) {
                    return t;
                }
            }
            return null;
        }
    }
}
