package dev.polystore.api;

/**
 * How a version came about; the {@code request.method} of its history entry.
 *
 * @since 0.1
 */
public enum ChangeKind {
    /** The first version of a resource, or the first after a delete (HTTP POST, or PUT of a new id). */
    CREATE,
    /** A new version of a live resource (HTTP PUT or PATCH). */
    UPDATE,
    /** A delete tombstone: the resource has no content in this version (HTTP DELETE). */
    DELETE;

    /** The HTTP method of this change in a history Bundle. */
    public String httpMethod() {
        return switch (this) {
            case CREATE -> "POST";
            case UPDATE -> "PUT";
            case DELETE -> "DELETE";
        };
    }
}
