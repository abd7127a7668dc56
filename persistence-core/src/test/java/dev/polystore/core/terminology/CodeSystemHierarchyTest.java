package dev.polystore.core.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The is-a hierarchy of a stored CodeSystem: nesting, the parent/child/subsumedBy properties, cycles. */
class CodeSystemHierarchyTest {

    private static CodeSystemHierarchy read(String json) {
        return new MapSource().add(json).codeSystem("http://x/cs", null).orElseThrow();
    }

    @Test
    void nestedConceptsAreChildren() {
        CodeSystemHierarchy h = read(
                """
                {"resourceType":"CodeSystem","url":"http://x/cs","status":"active","content":"complete","concept":[
                  {"code":"a","concept":[{"code":"b","concept":[{"code":"c"}]},{"code":"d"}]},{"code":"e"}]}""");
        assertThat(h.codes()).containsExactly("a", "b", "c", "d", "e");
        assertThat(h.descendants("a")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(h.ancestors("c")).containsExactlyInAnyOrder("b", "a");
        assertThat(h.descendants("e")).isEmpty();
        assertThat(h.children("a")).containsExactly("b", "d");
        assertThat(h.complete()).isTrue();
    }

    @Test
    void parentChildAndSubsumedByPropertiesAddEdgesAlsoUnderOtherCodesDeclaredByUri() {
        CodeSystemHierarchy h = read(
                """
                {"resourceType":"CodeSystem","url":"http://x/cs","status":"active","content":"complete",
                 "property":[{"code":"up","uri":"http://hl7.org/fhir/concept-properties#parent","type":"code"}],
                 "concept":[{"code":"root"},
                   {"code":"a","property":[{"code":"parent","valueCode":"root"},{"code":"child","valueCode":"a1"}]},
                   {"code":"a1"},
                   {"code":"b","property":[{"code":"subsumedBy","valueCode":"root"}]},
                   {"code":"b1","property":[{"code":"up","valueCode":"b"}]}]}""");
        assertThat(h.descendants("root")).containsExactlyInAnyOrder("a", "a1", "b", "b1");
        assertThat(h.ancestors("b1")).containsExactlyInAnyOrder("b", "root");
        assertThat(h.ancestors("a1")).containsExactlyInAnyOrder("a", "root");
    }

    @Test
    void cyclesTerminate() {
        CodeSystemHierarchy h = read(
                """
                {"resourceType":"CodeSystem","url":"http://x/cs","status":"active","content":"complete","concept":[
                  {"code":"a","property":[{"code":"parent","valueCode":"b"}]},
                  {"code":"b","property":[{"code":"parent","valueCode":"a"}]}]}""");
        assertThat(h.descendants("a")).containsExactlyInAnyOrder("a", "b");
        assertThat(h.ancestors("a")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void contentOtherThanCompleteIsNotEnumerable() {
        assertThat(
                        read("""
                {"resourceType":"CodeSystem","url":"http://x/cs","status":"active","content":"fragment",
                 "concept":[{"code":"a"}]}""")
                                .complete())
                .isFalse();
    }
}
