package dev.polystore.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathException;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a custom {@code SearchParameter} resource into a {@link SearchParameterDefinition}, refusing what search
 * could not use or what would silently change an existing parameter. The rules:
 *
 * <ul>
 *   <li>{@code url} is required; {@code code} is required and must be a plain name ({@code [A-Za-z][A-Za-z0-9_-]*}):
 *       codes starting with {@code _} are reserved for the specification's own parameters, and {@code .}, {@code :}
 *       and {@code $} would collide with chains, modifiers and composite components.
 *   <li>{@code type} is one of string, token, reference, date, number, quantity and uri; composite and special are
 *       valid FHIR but not offered for custom parameters ({@link UnsupportedCapabilityException}).
 *   <li>{@code base} names at least one resource type of the release, or {@code Resource} / {@code DomainResource}
 *       (every type, every type but Bundle, Binary and Parameters); {@code target} names resource types only.
 *   <li>{@code expression} is required and must compile with the library's FHIRPath engine.
 *   <li>On every type it applies to, a parameter with the same code that already exists (official, store-wide or
 *       another of the tenant's) must have the same type: the custom definition then replaces it there. A different
 *       type is refused.
 * </ul>
 *
 * @since 0.1
 */
public final class CustomSearchParameters {
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> NOT_DOMAIN_RESOURCES = Set.of("Bundle", "Binary", "Parameters");

    private CustomSearchParameters() {}

    /** Whether a SearchParameter resource is in force: its {@code status} is {@code active}. */
    public static boolean isActive(JsonNode searchParameter) {
        JsonNode status = searchParameter.get("status");
        return status != null && "active".equals(status.asText());
    }

    /**
     * The definition a SearchParameter resource declares, checked against {@code existing} (the parameters in force
     * where it will apply).
     *
     * @throws InvalidResourceException naming what is wrong
     * @throws UnsupportedCapabilityException for a composite or special parameter
     */
    public static SearchParameterDefinition parse(JsonNode sp, SearchParameterRegistry existing) {
        FhirVersion version = existing.version();
        String url = requiredText(sp, "url");
        String code = requiredText(sp, "code");
        if (!CODE.matcher(code).matches()) {
            throw invalid(
                    code,
                    "code must match [A-Za-z][A-Za-z0-9_-]* (codes starting with '_' are reserved for"
                            + " the specification; '.', ':' and '$' would clash with chains, modifiers and composites)");
        }
        String typeCode = requiredText(sp, "type");
        SearchParamType type;
        try {
            type = SearchParamType.fromCode(typeCode);
        } catch (IllegalArgumentException e) {
            throw invalid(code, "unknown type '" + typeCode + "'");
        }
        if (type == SearchParamType.COMPOSITE || type == SearchParamType.SPECIAL) {
            throw new UnsupportedCapabilityException("SearchParameter '" + code + "': custom parameters of type "
                    + type.code() + " are not supported (string, token, reference, date, number, quantity and uri"
                    + " are)");
        }
        List<String> base = codes(sp, "base", code);
        if (base.isEmpty()) {
            throw invalid(code, "'base' must name at least one resource type");
        }
        for (String b : base) {
            if (!b.equals("Resource") && !b.equals("DomainResource") && !existing.isResourceType(b)) {
                throw invalid(code, "base '" + b + "' is not a resource type of FHIR " + version);
            }
        }
        List<String> target = codes(sp, "target", code);
        for (String t : target) {
            if (!existing.isResourceType(t)) {
                throw invalid(code, "target '" + t + "' is not a resource type of FHIR " + version);
            }
        }
        String expression = requiredText(sp, "expression");
        try {
            FhirPathEngine.forVersion(version).compile(expression);
        } catch (FhirPathException | IllegalArgumentException e) {
            throw invalid(code, "expression '" + expression + "' does not compile: " + e.getMessage());
        }
        for (String t : appliesTo(base, existing)) {
            existing.find(t, code).ifPresent(other -> {
                if (other.type() != type) {
                    throw invalid(
                            code,
                            "'" + code + "' is already a " + other.type().code() + " parameter of " + t + " ("
                                    + other.url() + "); a custom parameter may replace it only with the same type,"
                                    + " not " + type.code());
                }
            });
        }
        return new SearchParameterDefinition(
                url,
                code,
                base,
                type,
                expression,
                target,
                codes(sp, "modifier", code),
                codes(sp, "comparator", code),
                List.of(),
                bool(sp, "multipleOr", code),
                bool(sp, "multipleAnd", code));
    }

    /** The concrete resource types a definition with {@code base} applies to. */
    public static Set<String> appliesTo(List<String> base, SearchParameterRegistry registry) {
        Set<String> types = new LinkedHashSet<>();
        for (String b : base) {
            if (b.equals("Resource")) {
                types.addAll(registry.resourceTypes());
            } else if (b.equals("DomainResource")) {
                registry.resourceTypes().stream()
                        .filter(t -> !NOT_DOMAIN_RESOURCES.contains(t))
                        .forEach(types::add);
            } else {
                types.add(b);
            }
        }
        return types;
    }

    private static String requiredText(JsonNode sp, String element) {
        JsonNode n = sp.get(element);
        if (n == null || !n.isTextual() || n.textValue().isBlank()) {
            String code = sp.path("code").isTextual() ? sp.get("code").textValue() : "?";
            throw invalid(code, "'" + element + "' is required");
        }
        return n.textValue().trim();
    }

    private static List<String> codes(JsonNode sp, String element, String code) {
        JsonNode n = sp.get(element);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw invalid(code, "'" + element + "' must be an array of codes");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw invalid(code, "'" + element + "' must be an array of codes");
            }
            out.add(item.textValue().trim());
        }
        return List.copyOf(out);
    }

    private static boolean bool(JsonNode sp, String element, String code) {
        JsonNode n = sp.get(element);
        if (n == null) {
            return true;
        }
        if (!n.isBoolean()) {
            throw invalid(code, "'" + element + "' must be a boolean");
        }
        return n.booleanValue();
    }

    private static InvalidResourceException invalid(String code, String problem) {
        return InvalidResourceException.unprocessable("Invalid SearchParameter '" + code + "': " + problem);
    }
}
