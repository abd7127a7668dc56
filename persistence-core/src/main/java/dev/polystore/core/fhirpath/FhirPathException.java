package dev.polystore.core.fhirpath;

/**
 * A FHIRPath expression could not be compiled (syntax or semantic error) or evaluated (execution error). For syntax
 * errors {@link #position()} is the zero-based character offset in the expression, otherwise -1.
 *
 * @since 0.1
 */
public class FhirPathException extends RuntimeException {

    private final int position;

    public FhirPathException(String message) {
        this(message, -1);
    }

    public FhirPathException(String message, int position) {
        super(position >= 0 ? message + " (at position " + position + ")" : message);
        this.position = position;
    }

    public FhirPathException(String message, Throwable cause) {
        super(message, cause);
        this.position = -1;
    }

    /** The zero-based character offset of a syntax error in the expression, or -1. */
    public int position() {
        return position;
    }
}
