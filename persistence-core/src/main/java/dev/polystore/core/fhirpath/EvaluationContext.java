package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an evaluation may use besides its input: the {@code %resource} and {@code %rootResource} nodes (default: the
 * evaluated resource), user variables ({@code %name}), a {@link ReferenceResolver} for {@code resolve()}, and the clock
 * for {@code now()}, {@code today()} and {@code timeOfDay()}. Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class EvaluationContext {

    private static final EvaluationContext EMPTY = builder().build();

    private final JsonNode resource;
    private final JsonNode rootResource;
    private final Map<String, List<FhirPathValue>> variables;
    private final ReferenceResolver resolver;
    private final Clock clock;
    private final TraceListener traceListener;
    private final boolean strictPaths;

    /** Receives {@code trace(name)} output. */
    @FunctionalInterface
    public interface TraceListener {
        void trace(String name, List<FhirPathValue> values);
    }

    private EvaluationContext(Builder b) {
        this.resource = b.resource;
        this.rootResource = b.rootResource;
        this.variables = Map.copyOf(b.variables);
        this.resolver = b.resolver;
        this.clock = b.clock;
        this.traceListener = b.traceListener;
        this.strictPaths = b.strictPaths;
    }

    public static EvaluationContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code %resource}, or null to use the evaluated resource. */
    public JsonNode resource() {
        return resource;
    }

    /** {@code %rootResource}, or null to use {@code %resource}. */
    public JsonNode rootResource() {
        return rootResource;
    }

    /** User variables by name (without {@code %}). */
    public Map<String, List<FhirPathValue>> variables() {
        return variables;
    }

    public ReferenceResolver resolver() {
        return resolver;
    }

    public Clock clock() {
        return clock;
    }

    public TraceListener traceListener() {
        return traceListener;
    }

    /** Whether naming an element that no item's type defines is an error (default) rather than empty. */
    public boolean strictPaths() {
        return strictPaths;
    }

    /** Builds an {@link EvaluationContext}. */
    public static final class Builder {
        private JsonNode resource;
        private JsonNode rootResource;
        private final Map<String, List<FhirPathValue>> variables = new HashMap<>();
        private ReferenceResolver resolver;
        private Clock clock = Clock.systemDefaultZone();
        private TraceListener traceListener;
        private boolean strictPaths = true;

        private Builder() {}

        public Builder resource(JsonNode resource) {
            this.resource = resource;
            return this;
        }

        public Builder rootResource(JsonNode rootResource) {
            this.rootResource = rootResource;
            return this;
        }

        /** A variable holding FHIRPath values. */
        public Builder variable(String name, List<FhirPathValue> values) {
            variables.put(Objects.requireNonNull(name, "name"), List.copyOf(values));
            return this;
        }

        /**
         * A variable holding a plain Java value: String, Boolean, Integer, Long, BigDecimal, {@link FhirPathTemporal},
         * {@link FhirPathQuantity}, or a JsonNode (a resource, typed by its resourceType).
         */
        public Builder variable(String name, Object value) {
            Objects.requireNonNull(name, "name");
            variables.put(name, value == null ? List.of() : List.of(Values.fromJava(value)));
            return this;
        }

        public Builder resolver(ReferenceResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder traceListener(TraceListener listener) {
            this.traceListener = listener;
            return this;
        }

        /**
         * Whether a name that no item's type defines ({@code Patient.name.given1}, {@code Observation.valueQuantity})
         * is an error (true, the default, as the FHIRPath specification asks) or yields an empty collection (false,
         * for indexing with expressions that may contain such mistakes: the R5 SearchParameter
         * Device-code-value-concept has the component {@code specification.ofType(CodeableConcept)}, which R5 Device
         * does not define).
         */
        public Builder strictPaths(boolean strict) {
            this.strictPaths = strict;
            return this;
        }

        public EvaluationContext build() {
            return new EvaluationContext(this);
        }
    }
}
