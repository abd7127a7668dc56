package dev.polystore.definitions;

import dev.polystore.api.search.SearchParamType;
import java.util.List;
import java.util.Objects;

/**
 * One official FHIR SearchParameter, reduced to what search needs. Values are verbatim from the specification: R4
 * expressions keep {@code as}, for example {@code Condition.onset.as(dateTime)}. A definition with several {@link #base}
 * types (common in R5, and for shared parameters such as {@code clinical-patient}) applies to each of them; its
 * expression is then a union of one path per type.
 *
 * @param url the canonical url, for example {@code http://hl7.org/fhir/SearchParameter/Observation-code}
 * @param code the name used in a search, for example {@code code}
 * @param base the resource types the parameter is defined on (never empty)
 * @param type how values are indexed and matched
 * @param expression the FHIRPath expression, or null for parameters the server implements itself ({@code _text},
 *     {@code _content}, {@code _query}, ...); from {@link FhirDefinitions#searchParametersFor} a shared definition
 *     carries only the union branches of the requested type
 * @param target for reference parameters, the resource types a reference may point to
 * @param modifiers the modifiers the definition lists (rarely any: the usual ones follow from the type)
 * @param comparators the prefixes the definition lists ({@code eq}, {@code gt}, ...)
 * @param components for composite parameters, the parts in order
 * @param multipleOr whether a value may be a comma separated list (true when the definition does not say)
 * @param multipleAnd whether the parameter may repeat (true when the definition does not say)
 * @since 0.1
 */
public record SearchParameterDefinition(
        String url,
        String code,
        List<String> base,
        SearchParamType type,
        String expression,
        List<String> target,
        List<String> modifiers,
        List<String> comparators,
        List<Component> components,
        boolean multipleOr,
        boolean multipleAnd) {

    /**
     * One part of a composite parameter.
     *
     * @param definitionUrl the url of the SearchParameter that indexes this part
     * @param expression the FHIRPath expression of the part, relative to the composite's expression
     */
    public record Component(String definitionUrl, String expression) {
        public Component {
            Objects.requireNonNull(definitionUrl, "definitionUrl");
            Objects.requireNonNull(expression, "expression");
        }
    }

    public SearchParameterDefinition {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(type, "type");
        base = List.copyOf(base);
        target = target == null ? List.of() : List.copyOf(target);
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
        comparators = comparators == null ? List.of() : List.copyOf(comparators);
        components = components == null ? List.of() : List.copyOf(components);
    }
}
