package dev.polystore.core.fhirpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import dev.polystore.definitions.ElementInfo;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine reports a name that no item's type defines as an error. This walks the element paths of every official
 * SearchParameter expression through the element model (without data) so that such an error can never hit
 * indexing of valid resources: every path an official expression names must exist.
 */
class StaticPathCheckTest {

    /** Follows member chains; returns the possible paths after {@code node}, or null when unknown. */
    private static Set<String> walk(
            Nodes.Node node, Set<String> input, ElementModel model, List<String> errors, String expression) {
        if (node instanceof Nodes.Member) {
            String name = ((Nodes.Member) node).name;
            Set<String> out = new LinkedHashSet<>();
            if (input == null) {
                if (model.isType(name)) {
                    out.add(name);
                    return out;
                }
                return null;
            }
            for (String path : input) {
                Optional<ElementInfo> info = model.element(path, name);
                if (info.isEmpty()) {
                    if (model.isType(name)) {
                        out.add(name);
                    } else if (model.isType(path) || !model.children(path).isEmpty()) {
                        errors.add(expression + ": '" + name + "' is not an element of " + path);
                    }
                    continue;
                }
                ElementInfo e = info.get();
                if (e.choice()) {
                    out.addAll(e.types());
                } else if (e.childPath() != null) {
                    out.add(e.childPath());
                } else if (!e.types().isEmpty()) {
                    out.add(e.types().get(0));
                }
            }
            return out;
        }
        if (node instanceof Nodes.Invoke) {
            Nodes.Invoke inv = (Nodes.Invoke) node;
            Set<String> target = walk(inv.target, input, model, errors, expression);
            if (target == null) {
                return null;
            }
            return walk(inv.member, target, model, errors, expression);
        }
        if (node instanceof Nodes.Binary) {
            Nodes.Binary b = (Nodes.Binary) node;
            Set<String> l = walk(b.left, input, model, errors, expression);
            Set<String> r = walk(b.right, input, model, errors, expression);
            if (b.op == Operators.Op.UNION && l != null && r != null) {
                Set<String> out = new LinkedHashSet<>(l);
                out.addAll(r);
                return out;
            }
            return null;
        }
        if (node instanceof Nodes.TypeOp) {
            Nodes.TypeOp t = (Nodes.TypeOp) node;
            walk(t.operand, input, model, errors, expression);
            return t.as ? Set.of(t.type.name()) : null;
        }
        if (node instanceof Nodes.Indexer) {
            return walk(((Nodes.Indexer) node).target, input, model, errors, expression);
        }
        if (node instanceof Functions.Call) {
            Functions.Call c = (Functions.Call) node;
            switch (c.fn) {
                case WHERE:
                case FIRST:
                case LAST:
                case TAIL:
                case SKIP:
                case TAKE:
                case SINGLE:
                case DISTINCT:
                    if (c.fn == Functions.Fn.WHERE && input != null) {
                        for (String path : input) {
                            walk(c.args[0], Set.of(path), model, errors, expression);
                        }
                    }
                    return input;
                case EXISTS:
                case ALL:
                    if (c.args.length > 0 && input != null) {
                        for (String path : input) {
                            walk(c.args[0], Set.of(path), model, errors, expression);
                        }
                    }
                    return null;
                case SELECT:
                    if (input == null) {
                        return null;
                    }
                    Set<String> out = new LinkedHashSet<>();
                    for (String path : input) {
                        Set<String> r = walk(c.args[0], Set.of(path), model, errors, expression);
                        if (r == null) {
                            return null;
                        }
                        out.addAll(r);
                    }
                    return out;
                case OFTYPE:
                case AS:
                    return c.type.name().equals("DateTime") ? Set.of("dateTime") : Set.of(c.type.name());
                default:
                    return null;
            }
        }
        return null;
    }

    @ParameterizedTest
    @EnumSource(FhirVersion.class)
    void everyPathOfEveryOfficialExpressionExists(FhirVersion version) {
        FhirPathEngine engine = FhirPathEngine.forVersion(version);
        FhirDefinitions defs = FhirDefinitions.of(version);
        ElementModel model = defs.elements();
        List<String> errors = new ArrayList<>();
        int checked = 0;
        for (SearchParameterDefinition sp : defs.searchParameters()) {
            if (sp.expression() == null) {
                continue;
            }
            Set<String> result = walk(engine.compile(sp.expression()).root(), null, model, errors, sp.expression());
            checked++;
            for (SearchParameterDefinition.Component c : sp.components()) {
                walk(engine.compile(c.expression()).root(), result, model, errors, c.expression());
            }
        }
        assertThat(checked).isGreaterThan(1000);
        if (version == FhirVersion.R5) {
            // a mistake in the R5 specification: R5 Device has no element 'specification' (the composite
            // Device-code-value-concept); indexing must evaluate it with EvaluationContext.strictPaths(false)
            assertThat(errors)
                    .containsExactly(
                            "specification.ofType(CodeableConcept): 'specification' is not an element of Device");
            return;
        }
        assertThat(errors)
                .as(version + " expressions naming elements the model does not define")
                .isEmpty();
    }

    @Test
    void lenientPathsTurnTheR5MistakeIntoAnEmptyResult() throws Exception {
        FhirPathEngine r5 = FhirPathEngine.forVersion(FhirVersion.R5);
        com.fasterxml.jackson.databind.JsonNode device = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"resourceType\":\"Device\",\"id\":\"d\",\"status\":\"active\"}");
        FhirPathExpression component = r5.compile("specification.ofType(CodeableConcept)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r5.evaluate(component, device))
                .isInstanceOf(FhirPathException.class);
        EvaluationContext lenient =
                EvaluationContext.builder().strictPaths(false).build();
        assertThat(r5.evaluate(component, device, lenient)).isEmpty();
    }

    @Test
    void theCheckFindsWrongPaths() {
        FhirPathEngine engine = FhirPathEngine.forVersion(FhirVersion.R4);
        ElementModel model = FhirDefinitions.of(FhirVersion.R4).elements();
        List<String> errors = new ArrayList<>();
        walk(engine.compile("Observation.valueQuantity | Patient.name.given1").root(), null, model, errors, "x");
        assertThat(errors).hasSize(2);
    }
}
