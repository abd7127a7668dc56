package dev.polystore.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.core.search.FullTextQuery.Phrase;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullTextQueryTest {

    private static List<List<Phrase>> parse(String... values) {
        return FullTextQuery.parse("_text", List.of(values)).alternatives();
    }

    private static Phrase word(String w) {
        return new Phrase(List.of(w), false);
    }

    @Test
    void wordsAreAndedAndNormalized() {
        assertThat(parse("Heart  FAILURE")).containsExactly(List.of(word("heart"), word("failure")));
        assertThat(parse("Zürich AND genève")).containsExactly(List.of(word("zurich"), word("geneve")));
    }

    @Test
    void phrasesPrefixesAndPunctuation() {
        assertThat(parse("\"Heart failure\" diab* covid-19 \"heart fail\"*"))
                .containsExactly(List.of(
                        new Phrase(List.of("heart", "failure"), false),
                        new Phrase(List.of("diab"), true),
                        new Phrase(List.of("covid", "19"), false),
                        new Phrase(List.of("heart", "fail"), true)));
        assertThat(parse("a (b) -")).containsExactly(List.of(word("a"), word("b")));
    }

    @Test
    void orSeparatesConjunctionsAndCommaValuesAreOred() {
        assertThat(parse("a b OR c", "d"))
                .containsExactly(List.of(word("a"), word("b")), List.of(word("c")), List.of(word("d")));
        assertThat(parse("a or b")).containsExactly(List.of(word("a"), word("or"), word("b")));
    }

    @Test
    void malformedQueriesAreRefusedNamingTheParameter() {
        for (String bad : List.of("\"heart", "OR a", "a OR", "a OR OR b", "--", "\"\"", "a NOT b", "  ")) {
            assertThatThrownBy(() -> FullTextQuery.parse("_content", List.of(bad)))
                    .as(bad)
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("_content");
        }
    }
}
