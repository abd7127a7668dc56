package dev.polystore.core.patch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** A parsed and validated RFC 6902 JSON Patch document that can be applied to Jackson trees. */
public final class JsonPatch {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final List<Operation> operations;
    private final List<Step> steps;

    /**
     * One operation of a patch. {@code from} is null unless {@code op} is move or copy; {@code value} is null unless
     * {@code op} is add, replace or test (a JSON {@code null} value is a {@code NullNode}, not null).
     */
    public record Operation(String op, String path, String from, JsonNode value) {
        /** Creates an operation, keeping a private copy of the value. */
        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
            value = value == null ? null : value.deepCopy();
        }

        /** Returns a copy of the value, so that the operation stays immutable. */
        @Override
        public JsonNode value() {
            return value == null ? null : value.deepCopy();
        }
    }

    /** An operation with its JSON Pointers already split into unescaped reference tokens. */
    private record Step(Operation operation, List<String> path, List<String> from) {}

    private JsonPatch(List<Step> steps) {
        this.steps = List.copyOf(steps);
        this.operations = steps.stream().map(Step::operation).toList();
    }

    /** Parses and validates a JSON Patch document; throws {@link InvalidRequestException} (400) if it is invalid. */
    public static JsonPatch parse(String patchJson) {
        if (patchJson == null) {
            throw new InvalidRequestException("JSON Patch document is missing");
        }
        List<Step> steps = new ArrayList<>();
        boolean inArray = false;
        try (JsonParser parser = MAPPER.createParser(patchJson)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidRequestException("JSON Patch document is empty");
            }
            if (token != JsonToken.START_ARRAY) {
                throw new InvalidRequestException("JSON Patch document must be a JSON array of operations");
            }
            inArray = true;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode element = MAPPER.readTree(parser);
                steps.add(parseOperation(steps.size(), element));
            }
            inArray = false;
            if (parser.nextToken() != null) {
                throw new InvalidRequestException("JSON Patch document has content after the closing ']'");
            }
        } catch (JsonProcessingException e) {
            String where = inArray ? "JSON Patch operation " + steps.size() : "JSON Patch document";
            throw new InvalidRequestException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRequestException("JSON Patch document could not be read: " + e.getMessage(), e);
        }
        return new JsonPatch(steps);
    }

    /** The operations of this patch, in order. */
    public List<Operation> operations() {
        return operations;
    }

    /**
     * Applies the operations in order to a copy of the document and returns the copy; the document itself is never
     * changed. Throws {@link InvalidResourceException} (422) if an operation cannot be applied.
     */
    public JsonNode apply(JsonNode document) {
        Objects.requireNonNull(document, "document");
        JsonNode root = document.deepCopy();
        for (int i = 0; i < steps.size(); i++) {
            root = applyStep(i, steps.get(i), root);
        }
        return root;
    }

    private static Step parseOperation(int index, JsonNode element) {
        if (element == null || !element.isObject()) {
            throw invalid(index, "must be a JSON object, not " + kind(element));
        }
        String op = requiredString(index, element, "op");
        boolean needsFrom;
        boolean needsValue;
        switch (op) {
            case "add", "replace", "test" -> {
                needsFrom = false;
                needsValue = true;
            }
            case "remove" -> {
                needsFrom = false;
                needsValue = false;
            }
            case "move", "copy" -> {
                needsFrom = true;
                needsValue = false;
            }
            default ->
                throw invalid(index, "unknown op '" + op + "' (expected add, remove, replace, move, copy or test)");
        }
        String path = requiredString(index, element, "path");
        List<String> pathTokens = parsePointer(index, "path", path);
        String from = null;
        List<String> fromTokens = null;
        if (needsFrom) {
            from = requiredString(index, element, "from");
            fromTokens = parsePointer(index, "from", from);
        }
        JsonNode value = null;
        if (needsValue) {
            value = element.get("value");
            if (value == null) {
                throw invalid(index, "'value' is missing");
            }
        }
        return new Step(new Operation(op, path, from, value), pathTokens, fromTokens);
    }

    private static String requiredString(int index, JsonNode element, String member) {
        JsonNode node = element.get(member);
        if (node == null) {
            throw invalid(index, "'" + member + "' is missing");
        }
        if (!node.isTextual()) {
            throw invalid(index, "'" + member + "' must be a string, not " + kind(node));
        }
        return node.textValue();
    }

    /** Splits an RFC 6901 JSON Pointer into unescaped reference tokens. */
    private static List<String> parsePointer(int index, String member, String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (pointer.charAt(0) != '/') {
            throw invalid(
                    index,
                    "'" + member + "' is not a valid JSON Pointer (it must be empty or start with '/'): '" + pointer
                            + "'");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        int i = 1;
        while (i < pointer.length()) {
            char c = pointer.charAt(i);
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : ' ';
                if (next == '0') {
                    token.append('~');
                } else if (next == '1') {
                    token.append('/');
                } else {
                    throw invalid(
                            index,
                            "'" + member + "' is not a valid JSON Pointer ('~' must be followed by '0' or '1'): '"
                                    + pointer + "'");
                }
                i++;
            } else {
                token.append(c);
            }
            i++;
        }
        tokens.add(token.toString());
        return List.copyOf(tokens);
    }

    private static JsonNode applyStep(int index, Step step, JsonNode root) {
        Operation operation = step.operation();
        String where = "JSON Patch operation " + index + " (op '" + operation.op() + "'"
                + (operation.from() == null ? "" : ", from '" + operation.from() + "'")
                + ", path '" + operation.path() + "')";
        return switch (operation.op()) {
            case "add" -> add(root, step.path(), operation.value(), where);
            case "remove" -> {
                remove(root, step.path(), where);
                yield root;
            }
            case "replace" -> replace(root, step.path(), operation.value(), where);
            case "move" -> move(root, step.from(), step.path(), where);
            case "copy" -> add(root, step.path(), find(root, step.from(), where).deepCopy(), where);
            case "test" -> {
                if (!jsonEquals(find(root, step.path(), where), operation.value())) {
                    throw failed(
                            where, "test failed: the value at '" + operation.path() + "' is not the expected value");
                }
                yield root;
            }
            default -> throw new IllegalStateException("Unexpected op " + operation.op());
        };
    }

    private static JsonNode add(JsonNode root, List<String> path, JsonNode value, String where) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = parentOf(root, path, where);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(arrayIndex(array, last, true, path, where), value);
            }
        } else {
            throw notContainer(parent, path, where);
        }
        return root;
    }

    private static JsonNode remove(JsonNode root, List<String> path, String where) {
        if (path.isEmpty()) {
            throw failed(where, "the whole document cannot be removed");
        }
        JsonNode parent = parentOf(root, path, where);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            JsonNode removed = object.remove(last);
            if (removed == null) {
                throw failed(where, "'" + toPointer(path, path.size()) + "' does not exist");
            }
            return removed;
        }
        if (parent instanceof ArrayNode array) {
            return array.remove(arrayIndex(array, last, false, path, where));
        }
        throw notContainer(parent, path, where);
    }

    private static JsonNode replace(JsonNode root, List<String> path, JsonNode value, String where) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = parentOf(root, path, where);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (!object.has(last)) {
                throw failed(where, "'" + toPointer(path, path.size()) + "' does not exist");
            }
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(arrayIndex(array, last, false, path, where), value);
        } else {
            throw notContainer(parent, path, where);
        }
        return root;
    }

    private static JsonNode move(JsonNode root, List<String> from, List<String> path, String where) {
        if (from.equals(path)) {
            find(root, from, where);
            return root;
        }
        if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
            throw failed(where, "a value cannot be moved into one of its own children");
        }
        JsonNode value = remove(root, from, where);
        return add(root, path, value, where);
    }

    /** Returns the container that holds the last token of the path; it must exist. */
    private static JsonNode parentOf(JsonNode root, List<String> path, String where) {
        return find(root, path.subList(0, path.size() - 1), where);
    }

    /** Returns the node the tokens point to, or throws if there is none. */
    private static JsonNode find(JsonNode root, List<String> tokens, String where) {
        JsonNode node = root;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            List<String> upToHere = tokens.subList(0, i + 1);
            if (node instanceof ObjectNode object) {
                node = object.get(token);
                if (node == null) {
                    throw failed(where, "'" + toPointer(upToHere, upToHere.size()) + "' does not exist");
                }
            } else if (node instanceof ArrayNode array) {
                node = array.get(arrayIndex(array, token, false, upToHere, where));
            } else {
                throw notContainer(node, upToHere, where);
            }
        }
        return node;
    }

    /**
     * Reads an array index token: "0" or digits without a leading zero, below the array size, or equal to it when
     * inserting. The pointer's last token is the index.
     */
    private static int arrayIndex(ArrayNode array, String token, boolean insert, List<String> pointer, String where) {
        String arrayPointer = toPointer(pointer, pointer.size() - 1);
        if (token.equals("-")) {
            throw failed(
                    where, "'-' (past the end of array '" + arrayPointer + "') can only be used to add an element");
        }
        boolean digits = !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (token.length() > 1 && token.charAt(0) == '0')) {
            throw failed(where, "'" + token + "' is not a valid index for array '" + arrayPointer + "'");
        }
        int limit = insert ? array.size() : array.size() - 1;
        if (token.length() > 9 || Integer.parseInt(token) > limit) {
            throw failed(
                    where,
                    "index " + token + " is out of bounds for array '" + arrayPointer + "' of size " + array.size());
        }
        return Integer.parseInt(token);
    }

    /** Compares two JSON values: numbers by numeric value, objects ignoring member order, arrays in order. */
    private static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (isNonFinite(a) || isNonFinite(b)) {
                return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                JsonNode other = b.get(member.getKey());
                if (other == null || !jsonEquals(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isNonFinite(JsonNode number) {
        return (number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue());
    }

    /** Renders the first count tokens back as an escaped JSON Pointer. */
    private static String toPointer(List<String> tokens, int count) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < count; i++) {
            pointer.append('/').append(tokens.get(i).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** Names the JSON type of a node with its article, for messages: "an object", "a string", "null". */
    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return (node.isObject() || node.isArray() ? "an " : "a ") + type;
    }

    private static InvalidRequestException invalid(int index, String message) {
        return new InvalidRequestException("JSON Patch operation " + index + ": " + message);
    }

    private static InvalidResourceException failed(String where, String message) {
        return InvalidResourceException.unprocessable(where + ": " + message);
    }

    private static InvalidResourceException notContainer(JsonNode node, List<String> pointer, String where) {
        return failed(
                where,
                "'" + toPointer(pointer, pointer.size() - 1) + "' is " + kind(node) + ", not an object or array");
    }
}
