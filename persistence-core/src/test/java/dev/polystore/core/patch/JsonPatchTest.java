package dev.polystore.core.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return PLAIN.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies the patch, checks the exact result, and checks that the input document was left untouched. */
    private static void assertPatched(String document, String patch, String expected) {
        JsonNode input = json(document);
        JsonNode result = JsonPatch.parse(patch).apply(input);
        assertThat((Object) result).isEqualTo(json(expected));
        assertThat((Object) input).isEqualTo(json(document));
    }

    /** Applies the patch, expects a 422, and checks that the input document was left untouched. */
    private static InvalidResourceException assertUnprocessable(String document, String patch) {
        JsonNode input = json(document);
        JsonPatch parsed = JsonPatch.parse(patch);
        Throwable thrown = catchThrowable(() -> parsed.apply(input));
        assertThat(thrown).isExactlyInstanceOf(InvalidResourceException.class);
        InvalidResourceException e = (InvalidResourceException) thrown;
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat((Object) input).isEqualTo(json(document));
        return e;
    }

    /** Parses the patch and expects a 400 (exactly InvalidRequestException, not a subclass). */
    private static InvalidRequestException assertBadRequest(String patch) {
        Throwable thrown = catchThrowable(() -> JsonPatch.parse(patch));
        assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class);
        InvalidRequestException e = (InvalidRequestException) thrown;
        assertThat(e.httpStatus()).isEqualTo(400);
        return e;
    }

    @Nested
    class Rfc6902AppendixA {
        @Test
        void a01AddingAnObjectMember() {
            assertPatched(
                    """
                    { "foo": "bar"}
                    """,
                    """
                    [
                      { "op": "add", "path": "/baz", "value": "qux" }
                    ]
                    """,
                    """
                    {
                      "baz": "qux",
                      "foo": "bar"
                    }
                    """);
        }

        @Test
        void a02AddingAnArrayElement() {
            assertPatched(
                    """
                    { "foo": [ "bar", "baz" ] }
                    """,
                    """
                    [
                      { "op": "add", "path": "/foo/1", "value": "qux" }
                    ]
                    """,
                    """
                    { "foo": [ "bar", "qux", "baz" ] }
                    """);
        }

        @Test
        void a03RemovingAnObjectMember() {
            assertPatched(
                    """
                    {
                      "baz": "qux",
                      "foo": "bar"
                    }
                    """,
                    """
                    [
                      { "op": "remove", "path": "/baz" }
                    ]
                    """,
                    """
                    { "foo": "bar" }
                    """);
        }

        @Test
        void a04RemovingAnArrayElement() {
            assertPatched(
                    """
                    { "foo": [ "bar", "qux", "baz" ] }
                    """,
                    """
                    [
                      { "op": "remove", "path": "/foo/1" }
                    ]
                    """,
                    """
                    { "foo": [ "bar", "baz" ] }
                    """);
        }

        @Test
        void a05ReplacingAValue() {
            assertPatched(
                    """
                    {
                      "baz": "qux",
                      "foo": "bar"
                    }
                    """,
                    """
                    [
                      { "op": "replace", "path": "/baz", "value": "boo" }
                    ]
                    """,
                    """
                    {
                      "baz": "boo",
                      "foo": "bar"
                    }
                    """);
        }

        @Test
        void a06MovingAValue() {
            assertPatched(
                    """
                    {
                      "foo": {
                        "bar": "baz",
                        "waldo": "fred"
                      },
                      "qux": {
                        "corge": "grault"
                      }
                    }
                    """,
                    """
                    [
                      { "op": "move", "from": "/foo/waldo", "path": "/qux/thud" }
                    ]
                    """,
                    """
                    {
                      "foo": {
                        "bar": "baz"
                      },
                      "qux": {
                        "corge": "grault",
                        "thud": "fred"
                      }
                    }
                    """);
        }

        @Test
        void a07MovingAnArrayElement() {
            assertPatched(
                    """
                    { "foo": [ "all", "grass", "cows", "eat" ] }
                    """,
                    """
                    [
                      { "op": "move", "from": "/foo/1", "path": "/foo/3" }
                    ]
                    """,
                    """
                    { "foo": [ "all", "cows", "eat", "grass" ] }
                    """);
        }

        @Test
        void a08TestingAValueSuccess() {
            assertPatched(
                    """
                    {
                      "baz": "qux",
                      "foo": [ "a", 2, "c" ]
                    }
                    """,
                    """
                    [
                      { "op": "test", "path": "/baz", "value": "qux" },
                      { "op": "test", "path": "/foo/1", "value": 2 }
                    ]
                    """,
                    """
                    {
                      "baz": "qux",
                      "foo": [ "a", 2, "c" ]
                    }
                    """);
        }

        @Test
        void a09TestingAValueError() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    { "baz": "qux" }
                    """,
                    """
                    [
                      { "op": "test", "path": "/baz", "value": "bar" }
                    ]
                    """);
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'test', path '/baz'): "
                            + "test failed: the value at '/baz' is not the expected value");
        }

        @Test
        void a10AddingANestedMemberObject() {
            assertPatched(
                    """
                    { "foo": "bar" }
                    """,
                    """
                    [
                      { "op": "add", "path": "/child", "value": { "grandchild": { } } }
                    ]
                    """,
                    """
                    {
                      "foo": "bar",
                      "child": {
                        "grandchild": {
                        }
                      }
                    }
                    """);
        }

        @Test
        void a11IgnoringUnrecognizedElements() {
            assertPatched(
                    """
                    { "foo": "bar" }
                    """,
                    """
                    [
                      { "op": "add", "path": "/baz", "value": "qux", "xyz": 123 }
                    ]
                    """,
                    """
                    {
                      "foo": "bar",
                      "baz": "qux"
                    }
                    """);
        }

        @Test
        void a12AddingToANonexistentTarget() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    { "foo": "bar" }
                    """,
                    """
                    [
                      { "op": "add", "path": "/baz/bat", "value": "qux" }
                    ]
                    """);
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'add', path '/baz/bat'): '/baz' does not exist");
        }

        @Test
        void a13InvalidJsonPatchDocument() {
            InvalidRequestException e = assertBadRequest(
                    """
                    [
                      { "op": "add", "path": "/baz", "value": "qux", "op": "remove" }
                    ]
                    """);
            assertThat(e.getMessage()).startsWith("JSON Patch operation 0: not valid JSON: Duplicate field 'op'");
        }

        @Test
        void a14TildeEscapeOrdering() {
            assertPatched(
                    """
                    {
                      "/": 9,
                      "~1": 10
                    }
                    """,
                    """
                    [
                      {"op": "test", "path": "/~01", "value": 10}
                    ]
                    """,
                    """
                    {
                      "/": 9,
                      "~1": 10
                    }
                    """);
        }

        @Test
        void a15ComparingStringsAndNumbers() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {
                      "/": 9,
                      "~1": 10
                    }
                    """,
                    """
                    [
                      {"op": "test", "path": "/~01", "value": "10"}
                    ]
                    """);
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'test', path '/~01'): "
                            + "test failed: the value at '/~01' is not the expected value");
        }

        @Test
        void a16AddingAnArrayValue() {
            assertPatched(
                    """
                    { "foo": ["bar"] }
                    """,
                    """
                    [
                      { "op": "add", "path": "/foo/-", "value": ["abc", "def"] }
                    ]
                    """,
                    """
                    { "foo": ["bar", ["abc", "def"]] }
                    """);
        }
    }

    @Nested
    class Pointers {
        @Test
        void slashInAMemberNameIsEscapedAsTildeOne() {
            assertPatched(
                    """
                    {"a/b": 1, "a": {"b": 2}}""",
                    """
                    [{"op": "replace", "path": "/a~1b", "value": 3}]""",
                    """
                    {"a/b": 3, "a": {"b": 2}}""");
        }

        @Test
        void tildeInAMemberNameIsEscapedAsTildeZero() {
            assertPatched(
                    """
                    {"m~n": 8}""",
                    """
                    [{"op": "replace", "path": "/m~0n", "value": 9}, {"op": "add", "path": "/x~0~1y", "value": 1}]""",
                    """
                    {"m~n": 9, "x~/y": 1}""");
        }

        @Test
        void singleSlashAddressesTheEmptyMemberName() {
            assertPatched(
                    """
                    {"": 0, "foo": {"": 1}}""",
                    """
                    [{"op": "replace", "path": "/", "value": 5}, {"op": "remove", "path": "/foo/"}]""",
                    """
                    {"": 5, "foo": {}}""");
        }

        @Test
        void errorMessagesRenderPointersEscaped() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a/b": {}}""",
                    """
                    [{"op": "add", "path": "/a~1b/c~0d/e", "value": 1}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'add', path '/a~1b/c~0d/e'): '/a~1b/c~0d' does not exist");
        }
    }

    @Nested
    class WholeDocument {
        @Test
        void addWithEmptyPathReplacesTheDocument() {
            assertPatched(
                    """
                    {"foo": 1}""",
                    """
                    [{"op": "add", "path": "", "value": ["x"]}]""",
                    """
                    ["x"]""");
        }

        @Test
        void replaceWithEmptyPathReplacesTheDocument() {
            assertPatched(
                    """
                    {"foo": 1}""",
                    """
                    [{"op": "replace", "path": "", "value": {"bar": 2}}, {"op": "add", "path": "/baz", "value": 3}]""",
                    """
                    {"bar": 2, "baz": 3}""");
        }

        @Test
        void testWithEmptyPathComparesTheDocument() {
            assertPatched(
                    """
                    {"a": [1, 2]}""",
                    """
                    [{"op": "test", "path": "", "value": {"a": [1, 2]}}]""",
                    """
                    {"a": [1, 2]}""");
            assertUnprocessable(
                    """
                    {"a": [1, 2]}""",
                    """
                    [{"op": "test", "path": "", "value": {"a": [2, 1]}}]""");
        }

        @Test
        void removingTheDocumentIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a": 1}""", """
                    [{"op": "remove", "path": ""}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'remove', path ''): the whole document cannot be removed");
        }

        @Test
        void movingAMemberToTheRootReplacesTheDocument() {
            assertPatched(
                    """
                    {"a": {"b": 1}, "c": 2}""",
                    """
                    [{"op": "move", "from": "/a", "path": ""}]""",
                    """
                    {"b": 1}""");
        }

        @Test
        void copyingTheRootIntoAMemberCopiesTheWholeDocument() {
            assertPatched(
                    """
                    {"a": 1}""",
                    """
                    [{"op": "copy", "from": "", "path": "/b"}]""",
                    """
                    {"a": 1, "b": {"a": 1}}""");
        }
    }

    @Nested
    class Arrays {
        @Test
        void dashAppends() {
            assertPatched(
                    """
                    {"list": [1, 2], "empty": []}""",
                    """
                    [{"op": "add", "path": "/list/-", "value": 3}, {"op": "add", "path": "/empty/-", "value": "x"}]""",
                    """
                    {"list": [1, 2, 3], "empty": ["x"]}""");
        }

        @Test
        void addInsertsInTheMiddleAndShiftsTheRest() {
            assertPatched(
                    """
                    {"list": [1, 2, 4]}""",
                    """
                    [{"op": "add", "path": "/list/2", "value": 3}]""",
                    """
                    {"list": [1, 2, 3, 4]}""");
        }

        @Test
        void addAtIndexZeroPrepends() {
            assertPatched(
                    """
                    {"list": [1, 2]}""",
                    """
                    [{"op": "add", "path": "/list/0", "value": 0}]""",
                    """
                    {"list": [0, 1, 2]}""");
        }

        @Test
        void addAtIndexEqualToSizeAppends() {
            assertPatched(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "add", "path": "/list/3", "value": 4}]""",
                    """
                    {"list": [1, 2, 3, 4]}""");
        }

        @Test
        void addBeyondSizeIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "add", "path": "/list/4", "value": 5}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'add', path '/list/4'): "
                            + "index 4 is out of bounds for array '/list' of size 3");
        }

        @Test
        void removeAndReplaceNeedAnIndexBelowSize() {
            InvalidResourceException remove = assertUnprocessable(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "remove", "path": "/list/3"}]""");
            assertThat(remove.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'remove', path '/list/3'): "
                            + "index 3 is out of bounds for array '/list' of size 3");
            InvalidResourceException replace = assertUnprocessable(
                    """
                    {"list": []}""",
                    """
                    [{"op": "replace", "path": "/list/0", "value": 1}]""");
            assertThat(replace.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'replace', path '/list/0'): "
                            + "index 0 is out of bounds for array '/list' of size 0");
        }

        @Test
        void leadingZeroIndexIsRefused() {
            InvalidResourceException add = assertUnprocessable(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "add", "path": "/list/01", "value": 9}]""");
            assertThat(add.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'add', path '/list/01'): "
                            + "'01' is not a valid index for array '/list'");
            assertUnprocessable(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "remove", "path": "/list/00"}]""");
            assertUnprocessable(
                    """
                    {"list": [1, 2, 3]}""",
                    """
                    [{"op": "test", "path": "/list/01", "value": 2}]""");
        }

        @Test
        void zeroItselfIsAValidIndex() {
            assertPatched(
                    """
                    {"list": [1, 2]}""",
                    """
                    [{"op": "remove", "path": "/list/0"}]""",
                    """
                    {"list": [2]}""");
        }

        @Test
        void nonNumericNegativeAndHugeIndexesAreRefused() {
            assertThat(assertUnprocessable(
                                    """
                            {"list": [1]}""",
                                    """
                            [{"op": "replace", "path": "/list/a", "value": 0}]""")
                            .getMessage())
                    .endsWith("'a' is not a valid index for array '/list'");
            assertThat(assertUnprocessable(
                                    """
                            {"list": [1]}""",
                                    """
                            [{"op": "remove", "path": "/list/-1"}]""")
                            .getMessage())
                    .endsWith("'-1' is not a valid index for array '/list'");
            assertThat(assertUnprocessable(
                                    """
                            {"list": [1]}""",
                                    """
                            [{"op": "add", "path": "/list/", "value": 0}]""")
                            .getMessage())
                    .endsWith("'' is not a valid index for array '/list'");
            assertThat(assertUnprocessable(
                                    """
                            {"list": [1]}""",
                                    """
                            [{"op": "add", "path": "/list/99999999999", "value": 0}]""")
                            .getMessage())
                    .endsWith("index 99999999999 is out of bounds for array '/list' of size 1");
        }

        @Test
        void dashIsOnlyForAdd() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"list": [1]}""",
                    """
                    [{"op": "remove", "path": "/list/-"}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'remove', path '/list/-'): "
                            + "'-' (past the end of array '/list') can only be used to add an element");
            assertUnprocessable(
                    """
                    {"list": [1]}""",
                    """
                    [{"op": "replace", "path": "/list/-", "value": 2}]""");
            assertUnprocessable(
                    """
                    {"list": [[1]]}""",
                    """
                    [{"op": "add", "path": "/list/-/0", "value": 2}]""");
        }

        @Test
        void replaceAnElement() {
            assertPatched(
                    """
                    {"list": ["a", "b", "c"]}""",
                    """
                    [{"op": "replace", "path": "/list/1", "value": {"x": "B"}}]""",
                    """
                    {"list": ["a", {"x": "B"}, "c"]}""");
        }

        @Test
        void digitTokensAreMemberNamesInObjects() {
            assertPatched(
                    """
                    {"map": {"0": "a"}}""",
                    """
                    [{"op": "add", "path": "/map/01", "value": "b"}, {"op": "add", "path": "/map/-", "value": "c"}]""",
                    """
                    {"map": {"0": "a", "01": "b", "-": "c"}}""");
        }
    }

    @Nested
    class Operations {
        @Test
        void addReplacesAnExistingMember() {
            assertPatched(
                    """
                    {"a": 1}""",
                    """
                    [{"op": "add", "path": "/a", "value": [2]}]""",
                    """
                    {"a": [2]}""");
        }

        @Test
        void addingUnderAScalarIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"foo": "bar"}""",
                    """
                    [{"op": "add", "path": "/foo/x", "value": 1}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'add', path '/foo/x'): "
                            + "'/foo' is a string, not an object or array");
        }

        @Test
        void walkingThroughAScalarIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"foo": 3}""",
                    """
                    [{"op": "test", "path": "/foo/bar/baz", "value": 1}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'test', path '/foo/bar/baz'): "
                            + "'/foo' is a number, not an object or array");
        }

        @Test
        void removeOfAMissingMemberIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a": 1}""", """
                    [{"op": "remove", "path": "/b"}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'remove', path '/b'): '/b' does not exist");
        }

        @Test
        void removeOfANullMemberWorks() {
            assertPatched(
                    """
                    {"a": null, "b": 1}""",
                    """
                    [{"op": "remove", "path": "/a"}]""",
                    """
                    {"b": 1}""");
        }

        @Test
        void replaceOfAMissingMemberIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a": 1}""",
                    """
                    [{"op": "replace", "path": "/b", "value": 2}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'replace', path '/b'): '/b' does not exist");
        }

        @Test
        void nullValueIsAValueForAddReplaceAndTest() {
            assertPatched(
                    """
                    {"a": 1}""",
                    """
                    [
                      {"op": "add", "path": "/b", "value": null},
                      {"op": "replace", "path": "/a", "value": null},
                      {"op": "test", "path": "/b", "value": null}
                    ]""",
                    """
                    {"a": null, "b": null}""");
        }

        @Test
        void moveBetweenObjectAndArray() {
            assertPatched(
                    """
                    {"a": {"x": 1}, "list": [0]}""",
                    """
                    [{"op": "move", "from": "/a/x", "path": "/list/0"}, {"op": "move", "from": "/list/1", "path": "/a/y"}]""",
                    """
                    {"a": {"y": 0}, "list": [1]}""");
        }

        @Test
        void moveToTheSameLocationChangesNothing() {
            assertPatched(
                    """
                    {"a": {"b": 1}}""",
                    """
                    [{"op": "move", "from": "/a/b", "path": "/a/b"}]""",
                    """
                    {"a": {"b": 1}}""");
        }

        @Test
        void moveToTheSameLocationStillNeedsTheSource() {
            assertUnprocessable(
                    """
                    {"a": {}}""",
                    """
                    [{"op": "move", "from": "/a/b", "path": "/a/b"}]""");
        }

        @Test
        void moveIntoOwnChildIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a": {"b": {}}}""",
                    """
                    [{"op": "move", "from": "/a", "path": "/a/b/c"}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'move', from '/a', path '/a/b/c'): "
                            + "a value cannot be moved into one of its own children");
        }

        @Test
        void moveToASiblingWithAPrefixNameIsAllowed() {
            assertPatched(
                    """
                    {"a": 1}""",
                    """
                    [{"op": "move", "from": "/a", "path": "/ab"}]""",
                    """
                    {"ab": 1}""");
        }

        @Test
        void moveFromAMissingLocationIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"a": 1}""",
                    """
                    [{"op": "test", "path": "/a", "value": 1}, {"op": "move", "from": "/missing", "path": "/b"}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 1 (op 'move', from '/missing', path '/b'): "
                            + "'/missing' does not exist");
        }

        @Test
        void copyMakesAnIndependentCopy() {
            assertPatched(
                    """
                    {"a": {"x": [1]}}""",
                    """
                    [
                      {"op": "copy", "from": "/a", "path": "/b"},
                      {"op": "add", "path": "/b/x/-", "value": 2},
                      {"op": "add", "path": "/b/y", "value": 3}
                    ]""",
                    """
                    {"a": {"x": [1]}, "b": {"x": [1, 2], "y": 3}}""");
        }

        @Test
        void copyOfAMissingLocationIsRefused() {
            InvalidResourceException e = assertUnprocessable(
                    """
                    {"list": [1]}""",
                    """
                    [{"op": "copy", "from": "/list/1", "path": "/b"}]""");
            assertThat(e.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'copy', from '/list/1', path '/b'): "
                            + "index 1 is out of bounds for array '/list' of size 1");
        }

        @Test
        void copyAnArrayElementIntoTheSameArray() {
            assertPatched(
                    """
                    {"list": ["a", "b"]}""",
                    """
                    [{"op": "copy", "from": "/list/0", "path": "/list/-"}]""",
                    """
                    {"list": ["a", "b", "a"]}""");
        }

        @Test
        void valuesInsertedTwiceAreIndependent() {
            JsonPatch patch = JsonPatch.parse(
                    """
                    [{"op": "add", "path": "/a", "value": {"n": 1}}, {"op": "add", "path": "/b", "value": {"n": 1}}]""");
            JsonNode first = patch.apply(json("{}"));
            ((ObjectNode) first.get("a")).put("n", 99);
            assertThat((Object) first).isEqualTo(json("""
                    {"a": {"n": 99}, "b": {"n": 1}}"""));
            assertThat((Object) patch.apply(json("{}")))
                    .isEqualTo(json("""
                    {"a": {"n": 1}, "b": {"n": 1}}"""));
        }
    }

    @Nested
    class TestOperation {
        @Test
        void numbersCompareByValue() {
            assertPatched(
                    """
                    {"i": 1, "d": 1.5, "big": 12345678901234567890, "list": [1, {"x": 2}]}""",
                    """
                    [
                      {"op": "test", "path": "/i", "value": 1.0},
                      {"op": "test", "path": "/d", "value": 1.50},
                      {"op": "test", "path": "/big", "value": 1.234567890123456789E19},
                      {"op": "test", "path": "/list", "value": [1.00, {"x": 2.0}]}
                    ]""",
                    """
                    {"i": 1, "d": 1.5, "big": 12345678901234567890, "list": [1, {"x": 2}]}""");
        }

        @Test
        void differentNumbersAreNotEqual() {
            assertUnprocessable(
                    """
                    {"i": 1}""",
                    """
                    [{"op": "test", "path": "/i", "value": 1.01}]""");
        }

        @Test
        void numberIsNotEqualToItsStringOrBoolean() {
            assertUnprocessable(
                    """
                    {"i": 1}""",
                    """
                    [{"op": "test", "path": "/i", "value": "1"}]""");
            assertUnprocessable(
                    """
                    {"b": true}""",
                    """
                    [{"op": "test", "path": "/b", "value": "true"}]""");
        }

        @Test
        void objectsIgnoreMemberOrder() {
            assertPatched(
                    """
                    {"o": {"a": 1, "b": [true, null]}}""",
                    """
                    [{"op": "test", "path": "/o", "value": {"b": [true, null], "a": 1}}]""",
                    """
                    {"o": {"a": 1, "b": [true, null]}}""");
        }

        @Test
        void objectsMustHaveTheSameMembers() {
            assertUnprocessable(
                    """
                    {"o": {"a": 1}}""",
                    """
                    [{"op": "test", "path": "/o", "value": {"a": 1, "b": 2}}]""");
            assertUnprocessable(
                    """
                    {"o": {"a": 1, "b": 2}}""",
                    """
                    [{"op": "test", "path": "/o", "value": {"a": 1}}]""");
            assertUnprocessable(
                    """
                    {"o": {"a": 1}}""",
                    """
                    [{"op": "test", "path": "/o", "value": {"b": 1}}]""");
        }

        @Test
        void arraysAreOrdered() {
            assertUnprocessable(
                    """
                    {"list": [1, 2]}""",
                    """
                    [{"op": "test", "path": "/list", "value": [2, 1]}]""");
            assertUnprocessable(
                    """
                    {"list": [1, 2]}""",
                    """
                    [{"op": "test", "path": "/list", "value": [1, 2, 3]}]""");
        }

        @Test
        void nullMatchesOnlyNull() {
            assertPatched(
                    """
                    {"a": null}""",
                    """
                    [{"op": "test", "path": "/a", "value": null}]""",
                    """
                    {"a": null}""");
            assertUnprocessable(
                    """
                    {"a": null}""",
                    """
                    [{"op": "test", "path": "/a", "value": false}]""");
            InvalidResourceException missing = assertUnprocessable(
                    """
                    {}""",
                    """
                    [{"op": "test", "path": "/a", "value": null}]""");
            assertThat(missing.getMessage())
                    .isEqualTo("JSON Patch operation 0 (op 'test', path '/a'): '/a' does not exist");
        }
    }

    @Nested
    class Numbers {
        @Test
        void decimalPrecisionIsPreserved() {
            JsonNode result = JsonPatch.parse(
                            """
                    [
                      {"op": "replace", "path": "/amount", "value": 1.50},
                      {"op": "add", "path": "/rate", "value": 0.10},
                      {"op": "add", "path": "/pi", "value": 3.14159265358979323846264338327950288},
                      {"op": "copy", "from": "/amount", "path": "/again"}
                    ]""")
                    .apply(json("""
                            {"amount": 1}"""));
            assertThat(write(result))
                    .isEqualTo("{\"amount\":1.50,\"rate\":0.10,\"pi\":3.14159265358979323846264338327950288,"
                            + "\"again\":1.50}");
        }

        @Test
        void decimalValueInOperationKeepsItsPrecision() {
            JsonPatch patch = JsonPatch.parse("""
                    [{"op": "add", "path": "/x", "value": 2.500}]""");
            assertThat(patch.operations().get(0).value().decimalValue().toPlainString())
                    .isEqualTo("2.500");
        }

        @Test
        void integersStayIntegers() {
            JsonNode result = JsonPatch.parse("""
                    [{"op": "add", "path": "/n", "value": 7}]""")
                    .apply(json("{}"));
            assertThat(write(result)).isEqualTo("{\"n\":7}");
        }
    }

    @Nested
    class Atomicity {
        @Test
        void inputIsUnchangedAfterASuccessfulPatch() {
            JsonNode input = json("""
                    {"a": {"b": [1, 2]}, "c": "d"}""");
            JsonNode result = JsonPatch.parse(
                            """
                    [
                      {"op": "remove", "path": "/a/b/0"},
                      {"op": "replace", "path": "/c", "value": "e"},
                      {"op": "move", "from": "/a", "path": "/z"}
                    ]""")
                    .apply(input);
            assertThat((Object) result).isEqualTo(json("""
                    {"c": "e", "z": {"b": [2]}}"""));
            assertThat((Object) input).isEqualTo(json("""
                    {"a": {"b": [1, 2]}, "c": "d"}"""));
            assertThat(result).isNotSameAs(input);
        }

        @Test
        void inputIsUnchangedAfterAFailingPatch() {
            JsonNode input = json("""
                    {"a": {"b": [1, 2]}, "c": "d"}""");
            JsonPatch patch = JsonPatch.parse(
                    """
                    [
                      {"op": "remove", "path": "/a/b/0"},
                      {"op": "replace", "path": "/c", "value": "e"},
                      {"op": "add", "path": "/a/b/-", "value": 3},
                      {"op": "test", "path": "/c", "value": "d"}
                    ]""");
            assertThatThrownBy(() -> patch.apply(input))
                    .isExactlyInstanceOf(InvalidResourceException.class)
                    .hasMessage("JSON Patch operation 3 (op 'test', path '/c'): "
                            + "test failed: the value at '/c' is not the expected value");
            assertThat((Object) input).isEqualTo(json("""
                    {"a": {"b": [1, 2]}, "c": "d"}"""));
        }

        @Test
        void emptyPatchReturnsAnEqualCopy() {
            JsonNode input = json("""
                    {"a": [1]}""");
            JsonNode result = JsonPatch.parse("[]").apply(input);
            assertThat((Object) result).isEqualTo(input);
            assertThat(result).isNotSameAs(input);
            ((ArrayNode) result.get("a")).add(2);
            assertThat((Object) input).isEqualTo(json("""
                    {"a": [1]}"""));
        }

        @Test
        void aPatchCanBeAppliedManyTimes() {
            JsonPatch patch =
                    JsonPatch.parse("""
                    [{"op": "add", "path": "/list/-", "value": {"k": 1}}]""");
            JsonNode input = json("""
                    {"list": []}""");
            JsonNode first = patch.apply(input);
            ((ObjectNode) first.get("list").get(0)).put("k", 2);
            JsonNode second = patch.apply(input);
            assertThat((Object) second).isEqualTo(json("""
                    {"list": [{"k": 1}]}"""));
            assertThat((Object) first).isEqualTo(json("""
                    {"list": [{"k": 2}]}"""));
        }
    }

    @Nested
    class ParsedOperations {
        @Test
        void operationsExposeTheParsedMembers() {
            JsonPatch patch = JsonPatch.parse(
                    """
                    [
                      {"op": "add", "path": "/a", "value": {"x": 1}, "from": "ignored"},
                      {"op": "remove", "path": "/b", "value": "ignored"},
                      {"op": "move", "from": "/c", "path": "/d"},
                      {"op": "test", "path": "/e", "value": null}
                    ]""");
            assertThat(patch.operations())
                    .containsExactly(
                            new JsonPatch.Operation("add", "/a", null, json("{\"x\": 1}")),
                            new JsonPatch.Operation("remove", "/b", null, null),
                            new JsonPatch.Operation("move", "/d", "/c", null),
                            new JsonPatch.Operation("test", "/e", null, json("null")));
            assertThat(patch.operations().get(3).value().isNull()).isTrue();
        }

        @Test
        void operationsAreImmutable() {
            JsonPatch patch =
                    JsonPatch.parse("""
                    [{"op": "add", "path": "/a", "value": {"x": 1}}]""");
            List<JsonPatch.Operation> operations = patch.operations();
            assertThatThrownBy(() -> operations.add(new JsonPatch.Operation("remove", "/a", null, null)))
                    .isInstanceOf(UnsupportedOperationException.class);
            ((ObjectNode) operations.get(0).value()).put("x", 2);
            assertThat((Object) operations.get(0).value()).isEqualTo(json("{\"x\": 1}"));
            assertThat((Object) patch.apply(json("{}"))).isEqualTo(json("{\"a\": {\"x\": 1}}"));
        }

        @Test
        void operationCopiesTheValueItIsGiven() {
            ObjectNode value = (ObjectNode) json("{\"x\": 1}");
            JsonPatch.Operation operation = new JsonPatch.Operation("add", "/a", null, value);
            value.put("x", 2);
            assertThat((Object) operation.value()).isEqualTo(json("{\"x\": 1}"));
        }
    }

    @Nested
    class MalformedPatches {
        static Stream<Arguments> malformedOperations() {
            return Stream.of(
                    Arguments.of("[{\"path\": \"/a\", \"value\": 1}]", "JSON Patch operation 0: 'op' is missing"),
                    Arguments.of(
                            "[{\"op\": \"test\", \"path\": \"/a\", \"value\": 1}, {\"op\": \"frobnicate\", \"path\": \"/a\"}]",
                            "JSON Patch operation 1: unknown op 'frobnicate' "
                                    + "(expected add, remove, replace, move, copy or test)"),
                    Arguments.of(
                            "[{\"op\": \"ADD\", \"path\": \"/a\", \"value\": 1}]",
                            "JSON Patch operation 0: unknown op 'ADD' "
                                    + "(expected add, remove, replace, move, copy or test)"),
                    Arguments.of(
                            "[{\"op\": 7, \"path\": \"/a\"}]",
                            "JSON Patch operation 0: 'op' must be a string, not a number"),
                    Arguments.of(
                            "[{\"op\": null, \"path\": \"/a\"}]",
                            "JSON Patch operation 0: 'op' must be a string, not null"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a\"}, {\"op\": \"remove\"}, {\"op\": \"remove\"}]",
                            "JSON Patch operation 1: 'path' is missing"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": [\"a\"]}]",
                            "JSON Patch operation 0: 'path' must be a string, not an array"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": null}]",
                            "JSON Patch operation 0: 'path' must be a string, not null"),
                    Arguments.of("[{\"op\": \"add\", \"path\": \"/a\"}]", "JSON Patch operation 0: 'value' is missing"),
                    Arguments.of(
                            "[{\"op\": \"replace\", \"path\": \"/a\"}]", "JSON Patch operation 0: 'value' is missing"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/b\"}, {\"op\": \"test\", \"path\": \"/a\"}]",
                            "JSON Patch operation 1: 'value' is missing"),
                    Arguments.of("[{\"op\": \"move\", \"path\": \"/a\"}]", "JSON Patch operation 0: 'from' is missing"),
                    Arguments.of(
                            "[{\"op\": \"copy\", \"path\": \"/a\", \"value\": 1}]",
                            "JSON Patch operation 0: 'from' is missing"),
                    Arguments.of(
                            "[{\"op\": \"copy\", \"from\": {}, \"path\": \"/a\"}]",
                            "JSON Patch operation 0: 'from' must be a string, not an object"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"a/b\"}]",
                            "JSON Patch operation 0: 'path' is not a valid JSON Pointer "
                                    + "(it must be empty or start with '/'): 'a/b'"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a~2b\"}]",
                            "JSON Patch operation 0: 'path' is not a valid JSON Pointer "
                                    + "('~' must be followed by '0' or '1'): '/a~2b'"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a~\"}]",
                            "JSON Patch operation 0: 'path' is not a valid JSON Pointer "
                                    + "('~' must be followed by '0' or '1'): '/a~'"),
                    Arguments.of(
                            "[{\"op\": \"move\", \"from\": \"#/a\", \"path\": \"/b\"}]",
                            "JSON Patch operation 0: 'from' is not a valid JSON Pointer "
                                    + "(it must be empty or start with '/'): '#/a'"),
                    Arguments.of(
                            "[{\"op\": \"copy\", \"from\": \"/~x\", \"path\": \"/b\"}]",
                            "JSON Patch operation 0: 'from' is not a valid JSON Pointer "
                                    + "('~' must be followed by '0' or '1'): '/~x'"),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a\"}, \"remove\"]",
                            "JSON Patch operation 1: must be a JSON object, not a string"),
                    Arguments.of("[null]", "JSON Patch operation 0: must be a JSON object, not null"),
                    Arguments.of(
                            "[[{\"op\": \"remove\", \"path\": \"/a\"}]]",
                            "JSON Patch operation 0: must be a JSON object, not an array"));
        }

        @ParameterizedTest
        @MethodSource("malformedOperations")
        void malformedOperationIsABadRequestNamingTheOperation(String patch, String message) {
            assertThat(assertBadRequest(patch).getMessage()).isEqualTo(message);
        }

        static Stream<Arguments> invalidJsonInsideTheArray() {
            return Stream.of(
                    Arguments.of("[{\"op\": \"remove\" \"path\": \"/a\"}]", "JSON Patch operation 0: not valid JSON: "),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a\"}, {\"op\": \"remove\", \"path\": \"/b\",}]",
                            "JSON Patch operation 1: not valid JSON: "),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a\"}, {\"op\": \"remove\", \"path\": \"/b\"",
                            "JSON Patch operation 1: not valid JSON: "),
                    Arguments.of(
                            "[{\"op\": \"remove\", \"path\": \"/a\"},, {\"op\": \"remove\", \"path\": \"/b\"}]",
                            "JSON Patch operation 1: not valid JSON: "));
        }

        @ParameterizedTest
        @MethodSource("invalidJsonInsideTheArray")
        void invalidJsonInsideTheArrayIsABadRequestNamingTheOperation(String patch, String messageStart) {
            InvalidRequestException e = assertBadRequest(patch);
            assertThat(e.getMessage()).startsWith(messageStart);
            assertThat(e.getCause()).isInstanceOf(JsonProcessingException.class);
        }

        static Stream<Arguments> malformedDocuments() {
            return Stream.of(
                    Arguments.of(null, "JSON Patch document is missing"),
                    Arguments.of("", "JSON Patch document is empty"),
                    Arguments.of("   ", "JSON Patch document is empty"),
                    Arguments.of(
                            "{\"op\": \"remove\", \"path\": \"/a\"}",
                            "JSON Patch document must be a JSON array of operations"),
                    Arguments.of("\"[]\"", "JSON Patch document must be a JSON array of operations"),
                    Arguments.of("[] []", "JSON Patch document has content after the closing ']'"));
        }

        @ParameterizedTest
        @MethodSource("malformedDocuments")
        void malformedDocumentIsABadRequest(String patch, String message) {
            assertThat(assertBadRequest(patch).getMessage()).isEqualTo(message);
        }

        @Test
        void invalidJsonDocumentIsABadRequest() {
            InvalidRequestException e = assertBadRequest("nonsense");
            assertThat(e.getMessage()).startsWith("JSON Patch document: not valid JSON: ");
            assertThat(e.getCause()).isInstanceOf(JsonProcessingException.class);
        }

        @Test
        void emptyArrayIsAValidPatch() {
            assertThat(JsonPatch.parse(" [ ] ").operations()).isEmpty();
        }
    }

    @Test
    void fhirPatientPatch() {
        assertPatched(
                """
                {
                  "resourceType": "Patient",
                  "id": "example",
                  "active": true,
                  "name": [
                    {"use": "official", "family": "Chalmers", "given": ["Peter", "James"]}
                  ],
                  "telecom": [
                    {"system": "phone", "value": "(03) 5555 6473", "use": "work"}
                  ],
                  "gender": "male",
                  "birthDate": "1974-12-25"
                }
                """,
                """
                [
                  {"op": "test", "path": "/gender", "value": "male"},
                  {"op": "replace", "path": "/birthDate", "value": "1974-12-26"},
                  {"op": "add", "path": "/telecom/-", "value": {"system": "email", "value": "peter@example.org"}},
                  {"op": "remove", "path": "/name/0/given/1"}
                ]
                """,
                """
                {
                  "resourceType": "Patient",
                  "id": "example",
                  "active": true,
                  "name": [
                    {"use": "official", "family": "Chalmers", "given": ["Peter"]}
                  ],
                  "telecom": [
                    {"system": "phone", "value": "(03) 5555 6473", "use": "work"},
                    {"system": "email", "value": "peter@example.org"}
                  ],
                  "gender": "male",
                  "birthDate": "1974-12-26"
                }
                """);
    }

    @Test
    void fhirPatientPatchWithAFailedTestChangesNothing() {
        InvalidResourceException e = assertUnprocessable(
                """
                {"resourceType": "Patient", "id": "example", "gender": "male", "birthDate": "1974-12-25"}
                """,
                """
                [
                  {"op": "replace", "path": "/birthDate", "value": "1974-12-26"},
                  {"op": "test", "path": "/gender", "value": "female"}
                ]
                """);
        assertThat(e.getMessage())
                .isEqualTo("JSON Patch operation 1 (op 'test', path '/gender'): "
                        + "test failed: the value at '/gender' is not the expected value");
        assertThat(e.issueCode()).isEqualTo("processing");
    }
}
