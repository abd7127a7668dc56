package dev.polystore.cli;

/** A failure the command line reports as one line with a hint, without a stack trace. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    CliException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    String hint() {
        return hint;
    }
}
