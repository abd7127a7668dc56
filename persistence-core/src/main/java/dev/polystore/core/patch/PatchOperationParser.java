package dev.polystore.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathException;
import dev.polystore.core.fhirpath.FhirPathExpression;
import dev.polystore.definitions.ElementModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates the {@code operation} parameters of a FHIRPath Patch, and the values they carry, into {@link
 * PatchOperation}s; every problem is an {@link InvalidRequestException} naming the operation.
 */
final class PatchOperationParser {

    private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> PART_NAMES =
            Set.of("type", "path", "name", "value", "index", "source", "destination");

    private final FhirPathEngine engine;
    private final ElementModel model;
    private final Set<String> valueTypes = new HashSet<>();

    PatchOperationParser(FhirPathEngine engine, ElementModel model) {
        this.engine = engine;
        this.model = model;
        model.element("Parameters.parameter", "value").ifPresent(info -> valueTypes.addAll(info.types()));
    }

    PatchOperation operation(int number, JsonNode param) {
        if (param == null || !param.isObject()) {
            throw invalid(number, "must be a JSON object");
        }
        JsonNode name = param.get("name");
        if (name == null || !name.isTextual()) {
            throw invalid(number, "the parameter has no name; it must be named 'operation'");
        }
        if (!name.textValue().equals("operation")) {
            throw invalid(number, "the parameter is named '" + name.textValue() + "'; it must be 'operation'");
        }
        for (String field : fieldNames(param)) {
            if (field.equals("resource") || isValueKey(field)) {
                throw invalid(number, "an operation has no value of its own ('" + field + "'); give its parts");
            }
        }
        JsonNode partsNode = param.get("part");
        if (partsNode == null || !partsNode.isArray() || partsNode.isEmpty()) {
            throw invalid(number, "the operation has no parts");
        }
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        for (JsonNode part : partsNode) {
            if (!part.isObject()) {
                throw invalid(number, "each part must be a JSON object");
            }
            JsonNode partName = part.get("name");
            if (partName == null || !partName.isTextual()) {
                throw invalid(number, "a part has no name");
            }
            String n = partName.textValue();
            if (!PART_NAMES.contains(n)) {
                throw invalid(
                        number,
                        "unknown part '" + n + "' (expected type, path, name, value, index, source, destination)");
            }
            if (parts.put(n, part) != null) {
                throw invalid(number, "part '" + n + "' is given more than once");
            }
        }
        JsonNode typePart = parts.get("type");
        if (typePart == null) {
            throw invalid(number, "part 'type' is missing");
        }
        JsonNode code = typePart.get("valueCode");
        if (code == null || !code.isTextual()) {
            throw invalid(number, "part 'type' must have a valueCode");
        }
        PatchOperation.Type type = PatchOperation.Type.of(code.textValue());
        if (type == null) {
            throw invalid(
                    number,
                    "unknown operation type '" + code.textValue()
                            + "' (expected add, insert, delete, replace or move)");
        }
        for (String n : parts.keySet()) {
            if (!n.equals("type") && !n.equals("path") && !type.parts.contains(n)) {
                throw invalid(number, "part '" + n + "' does not apply to " + type.article() + " operation");
            }
        }
        if (!parts.containsKey("path")) {
            throw invalid(number, type.article() + " operation needs part 'path'");
        }
        for (String n : type.parts) {
            if (!parts.containsKey(n)) {
                throw invalid(number, type.article() + " operation needs part '" + n + "'");
            }
        }
        String pathText = string(number, parts.get("path"), "path");
        FhirPathExpression path;
        try {
            path = engine.compile(pathText);
        } catch (FhirPathException e) {
            throw invalid(number, "path '" + pathText + "' is not a valid FHIRPath expression: " + e.getMessage());
        }
        FhirPathExpression list = null;
        String listName = null;
        if (type == PatchOperation.Type.INSERT) {
            int dot = lastTopLevelDot(pathText);
            if (dot > 0) {
                String tail = pathText.substring(dot + 1).trim();
                if (tail.length() > 2 && tail.startsWith("`") && tail.endsWith("`")) {
                    tail = tail.substring(1, tail.length() - 1);
                }
                if (IDENTIFIER.matcher(tail).matches()) {
                    try {
                        list = engine.compile(pathText.substring(0, dot));
                        listName = tail;
                    } catch (FhirPathException e) {
                        list = null;
                    }
                }
            }
        }
        String elementName = null;
        if (parts.containsKey("name")) {
            elementName = string(number, parts.get("name"), "name");
            if (!ELEMENT_NAME.matcher(elementName).matches()) {
                throw invalid(number, "part 'name' must be an element name, not '" + elementName + "'");
            }
        }
        PatchValue value = parts.containsKey("value") ? value(number, parts.get("value"), "part 'value'") : null;
        int index = parts.containsKey("index") ? integer(number, parts.get("index"), "index") : -1;
        int source = parts.containsKey("source") ? integer(number, parts.get("source"), "source") : -1;
        int destination =
                parts.containsKey("destination") ? integer(number, parts.get("destination"), "destination") : -1;
        return new PatchOperation(
                number, type, pathText, path, list, listName, elementName, value, index, source, destination);
    }

    private static String string(int number, JsonNode part, String name) {
        JsonNode v = part.get("valueString");
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw invalid(number, "part '" + name + "' must have a non-empty valueString");
        }
        return v.textValue();
    }

    private static int integer(int number, JsonNode part, String name) {
        JsonNode v = part.get("valueInteger");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(number, "part '" + name + "' must have a valueInteger");
        }
        if (v.intValue() < 0) {
            throw invalid(number, "part '" + name + "' must not be negative, not " + v.intValue());
        }
        return v.intValue();
    }

    /** A value part: exactly one of value[x], resource, or parts (named values). */
    private PatchValue value(int number, JsonNode part, String where) {
        List<String> alternatives = new ArrayList<>();
        for (String field : fieldNames(part)) {
            if (field.equals("resource") || field.equals("part") || isValueKey(field)) {
                alternatives.add(field);
            }
        }
        if (alternatives.isEmpty()) {
            throw invalid(number, where + " has no value: give a value[x], a resource or parts");
        }
        if (alternatives.size() > 1) {
            throw invalid(number, where + " has more than one value: " + String.join(", ", alternatives));
        }
        String field = alternatives.get(0);
        JsonNode v = part.get(field);
        if (field.equals("resource")) {
            JsonNode rt = v.isObject() ? v.get("resourceType") : null;
            if (rt == null || !rt.isTextual() || !model.isResourceType(rt.textValue())) {
                throw invalid(number, where + " has a resource without a known resourceType");
            }
            return new PatchValue(rt.textValue(), v.deepCopy(), null, true, null);
        }
        if (field.equals("part")) {
            if (!v.isArray() || v.isEmpty()) {
                throw invalid(number, where + " has no parts");
            }
            List<PatchValue.Named> named = new ArrayList<>();
            for (JsonNode sub : v) {
                if (!sub.isObject()) {
                    throw invalid(number, where + " has a part that is not a JSON object");
                }
                JsonNode n = sub.get("name");
                if (n == null
                        || !n.isTextual()
                        || !ELEMENT_NAME.matcher(n.textValue()).matches()) {
                    throw invalid(number, where + " has a part without a valid element name");
                }
                named.add(new PatchValue.Named(
                        n.textValue(), value(number, sub, "part '" + n.textValue() + "' of " + where)));
            }
            return new PatchValue(null, null, null, false, List.copyOf(named));
        }
        String type = valueType(field.substring("value".length()));
        if (type == null) {
            throw invalid(number, where + " has a value of unknown type '" + field + "'");
        }
        String problem = shapeProblem(type, v);
        if (problem != null) {
            throw invalid(number, where + ": " + field + " " + problem);
        }
        JsonNode ext = part.get("_" + field);
        if (ext != null && !ext.isNull() && !ext.isObject()) {
            throw invalid(number, where + ": _" + field + " must be a JSON object");
        }
        if (ext != null && (ext.isNull() || !model.isPrimitiveType(type))) {
            ext = null;
        }
        return new PatchValue(type, v.deepCopy(), ext == null ? null : ext.deepCopy(), false, null);
    }

    /** The FHIR type named by the suffix of a value[x] key ({@code Date} → date, {@code HumanName}). */
    private String valueType(String suffix) {
        if (suffix.isEmpty()) {
            return null;
        }
        String primitive = Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
        for (String candidate : List.of(suffix, primitive)) {
            if (valueTypes.isEmpty()
                    ? model.isType(candidate) && !model.isResourceType(candidate)
                    : valueTypes.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Why {@code v} is not JSON of FHIR type {@code type}, or null when it is. */
    private String shapeProblem(String type, JsonNode v) {
        if (!model.isPrimitiveType(type)) {
            return v.isObject() ? null : "must be a JSON object";
        }
        switch (type) {
            case "boolean":
                return v.isBoolean() ? null : "must be true or false";
            case "integer":
                return v.isIntegralNumber() && v.canConvertToInt() ? null : "must be an integer";
            case "unsignedInt":
                return v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0
                        ? null
                        : "must be an integer of at least 0";
            case "positiveInt":
                return v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 1
                        ? null
                        : "must be an integer of at least 1";
            case "decimal":
                return v.isNumber() ? null : "must be a number";
            case "integer64":
                return v.isTextual() || v.isIntegralNumber() ? null : "must be an integer";
            default:
                return v.isTextual() && !v.textValue().isEmpty() ? null : "must be a non-empty string";
        }
    }

    private static boolean isValueKey(String field) {
        return field.length() > 5 && field.startsWith("value") && Character.isUpperCase(field.charAt(5));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            names.add(e.getKey());
        }
        return names;
    }

    /**
     * The position of the last {@code .} of {@code path} outside parentheses, brackets, braces, strings and
     * delimited identifiers, or -1.
     */
    static int lastTopLevelDot(String path) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int j = i + 1;
                while (j < path.length() && path.charAt(j) != c) {
                    j += path.charAt(j) == '\\' ? 2 : 1;
                }
                i = j;
            } else if (c == '/' && i + 1 < path.length() && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '*')) {
                return -1; // comments: do not guess
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '.' && depth == 0) {
                boolean decimal = i > 0
                        && Character.isDigit(path.charAt(i - 1))
                        && i + 1 < path.length()
                        && Character.isDigit(path.charAt(i + 1));
                if (!decimal) {
                    last = i;
                }
            }
        }
        return last;
    }

    private static InvalidRequestException invalid(int number, String message) {
        return new InvalidRequestException("FHIRPath Patch operation " + number + ": " + message);
    }
}
