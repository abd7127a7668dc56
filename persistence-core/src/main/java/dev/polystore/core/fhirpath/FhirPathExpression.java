package dev.polystore.core.fhirpath;

/**
 * A compiled FHIRPath expression of one {@link FhirPathEngine}. Immutable and safe to share between threads;
 * evaluate it with {@link FhirPathEngine#evaluate}.
 *
 * @since 0.1
 */
public final class FhirPathExpression {

    private final String source;
    private final Nodes.Node root;
    private final boolean definesVariables;
    private final FhirPathEngine engine;

    FhirPathExpression(String source, Parser.Parsed parsed, FhirPathEngine engine) {
        this.source = source;
        this.root = parsed.root();
        this.definesVariables = parsed.definesVariables();
        this.engine = engine;
    }

    boolean definesVariables() {
        return definesVariables;
    }

    /** The expression text as compiled. */
    public String source() {
        return source;
    }

    Nodes.Node root() {
        return root;
    }

    FhirPathEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return source;
    }
}
