package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A FHIRPath engine over Jackson trees for one FHIR release. Compile each expression once
 * ({@link #compile(String)}) and evaluate it as often as needed; engines and compiled expressions are immutable and
 * thread-safe.
 *
 * <p>Navigation is typed by the release's element model: {@code Observation.value} finds {@code valueQuantity} and
 * knows it is a Quantity, primitive extensions ({@code _birthDate}) are merged into their primitive, and naming an
 * element that the model does not define on a known type is an error.
 *
 * @since 0.1
 */
public final class FhirPathEngine {

    private static final Map<FhirVersion, FhirPathEngine> ENGINES = new EnumMap<>(FhirVersion.class);

    private final FhirVersion version;
    private final Navigator navigator;

    private FhirPathEngine(FhirVersion version, ElementModel model) {
        this.version = version;
        this.navigator = new Navigator(model);
    }

    /** The shared engine for {@code version}. */
    public static FhirPathEngine forVersion(FhirVersion version) {
        Objects.requireNonNull(version, "version");
        synchronized (ENGINES) {
            return ENGINES.computeIfAbsent(
                    version, v -> new FhirPathEngine(v, FhirDefinitions.of(v).elements()));
        }
    }

    public FhirVersion version() {
        return version;
    }

    ElementModel model() {
        return navigator.model();
    }

    Navigator navigator() {
        return navigator;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws FhirPathException on a syntax error (with its position), an unknown function or a wrong argument count
     */
    public FhirPathExpression compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new FhirPathExpression(expression, Parser.parse(expression), this);
    }

    /** Evaluates {@code expression} on {@code resource} (also {@code %resource} and {@code %rootResource}). */
    public List<FhirPathValue> evaluate(FhirPathExpression expression, JsonNode resource) {
        return evaluate(expression, resource, EvaluationContext.empty());
    }

    /**
     * Evaluates {@code expression} with {@code input} as its focus ({@code %context}); {@code %resource} and
     * {@code %rootResource} come from {@code context}, defaulting to {@code input}.
     *
     * @throws FhirPathException on an execution error
     */
    public List<FhirPathValue> evaluate(FhirPathExpression expression, JsonNode input, EvaluationContext context) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(context, "context");
        List<FhirPathValue> focus = input == null ? List.of() : List.of(navigator.wrap(input));
        JsonNode resourceNode = context.resource() != null ? context.resource() : input;
        JsonNode rootNode = context.rootResource() != null ? context.rootResource() : resourceNode;
        List<FhirPathValue> resource = resourceNode == input
                ? focus
                : resourceNode == null ? List.of() : List.of(navigator.wrap(resourceNode));
        List<FhirPathValue> root =
                rootNode == resourceNode ? resource : rootNode == null ? List.of() : List.of(navigator.wrap(rootNode));
        return run(expression, context, focus, resource, root, rootNode);
    }

    /**
     * Evaluates {@code expression} with one earlier result item as its focus, for example a composite
     * SearchParameter's component expressions on each item of the composite expression's result; typing carries
     * over ({@code value} on an {@code Observation.component} still finds {@code valueQuantity}). {@code %resource}
     * comes from {@code context} (give it when the expression may use it or resolve contained references).
     */
    public List<FhirPathValue> evaluate(
            FhirPathExpression expression, FhirPathValue focusItem, EvaluationContext context) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(focusItem, "focusItem");
        Objects.requireNonNull(context, "context");
        List<FhirPathValue> focus = List.of(focusItem);
        JsonNode resourceNode = context.resource();
        JsonNode rootNode = context.rootResource() != null ? context.rootResource() : resourceNode;
        List<FhirPathValue> resource = resourceNode == null ? List.of() : List.of(navigator.wrap(resourceNode));
        List<FhirPathValue> root =
                rootNode == resourceNode ? resource : rootNode == null ? List.of() : List.of(navigator.wrap(rootNode));
        return run(expression, context, focus, resource, root, rootNode);
    }

    private List<FhirPathValue> run(
            FhirPathExpression expression,
            EvaluationContext context,
            List<FhirPathValue> focus,
            List<FhirPathValue> resource,
            List<FhirPathValue> root,
            JsonNode rootNode) {
        if (expression.engine() != this) {
            throw new IllegalArgumentException(
                    "expression was compiled by the " + expression.engine().version + " engine");
        }
        Env.Shared shared = new Env.Shared(this, context, focus, resource, root, rootNode);
        shared.definesVariables = expression.definesVariables();
        Env env = new Env(shared, focus, -1, null, null);
        try {
            return expression.root().eval(env, focus);
        } catch (FhirPathException e) {
            throw new FhirPathException("evaluating '" + expression.source() + "': " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new FhirPathException("evaluation of '" + expression.source() + "' recursed too deeply", e);
        } catch (RuntimeException e) {
            throw new FhirPathException("evaluation of '" + expression.source() + "' failed: " + e, e);
        }
    }

    /** Compiles and evaluates in one go (convenience; compile once on hot paths). */
    public List<FhirPathValue> evaluate(String expression, JsonNode resource) {
        return evaluate(compile(expression), resource);
    }
}
