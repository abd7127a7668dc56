package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.definitions.ElementModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The evaluation state of one evaluation: shared parts plus the current $this, $index and $total. */
final class Env {

    /** What every Env of one evaluation shares. */
    static final class Shared {
        final FhirPathEngine engine;
        final ElementModel model;
        final EvaluationContext context;
        final List<FhirPathValue> resource;
        final List<FhirPathValue> rootResource;
        final List<FhirPathValue> contextItems;
        final JsonNode rootNode;
        FhirPathTemporal now;
        boolean definesVariables;

        Shared(
                FhirPathEngine engine,
                EvaluationContext context,
                List<FhirPathValue> input,
                List<FhirPathValue> resource,
                List<FhirPathValue> rootResource,
                JsonNode rootNode) {
            this.engine = engine;
            this.model = engine.model();
            this.context = context;
            this.contextItems = input;
            this.resource = resource;
            this.rootResource = rootResource;
            this.rootNode = rootNode;
        }
    }

    final Shared shared;
    final List<FhirPathValue> thisColl;
    final int index;
    final List<FhirPathValue> total;
    /** Variables from defineVariable(); null when none. Visible to the rest of the chain and nested lambdas. */
    Map<String, List<FhirPathValue>> defined;

    Env(
            Shared shared,
            List<FhirPathValue> thisColl,
            int index,
            List<FhirPathValue> total,
            Map<String, List<FhirPathValue>> defined) {
        this.shared = shared;
        this.thisColl = thisColl;
        this.index = index;
        this.total = total;
        this.defined = defined;
    }

    Env withThis(FhirPathValue item, int idx) {
        return new Env(shared, List.of(item), idx, total, copy());
    }

    Env fork() {
        return new Env(shared, thisColl, index, total, copy());
    }

    private Map<String, List<FhirPathValue>> copy() {
        return defined == null ? null : new HashMap<>(defined);
    }

    Env withThisAndTotal(FhirPathValue item, int idx, List<FhirPathValue> tot) {
        return new Env(shared, List.of(item), idx, tot, copy());
    }

    void define(String name, List<FhirPathValue> value) {
        if (defined == null) {
            defined = new HashMap<>();
        }
        if (defined.containsKey(name)
                || shared.context.variables().containsKey(name)
                || java.util.Set.of("context", "resource", "rootResource", "ucum", "sct", "loinc")
                        .contains(name)) {
            throw new FhirPathException("variable %" + name + " is already defined");
        }
        defined.put(name, value);
    }
}
