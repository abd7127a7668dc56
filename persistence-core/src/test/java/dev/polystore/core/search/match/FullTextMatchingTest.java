package dev.polystore.core.search.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.search.Criterion;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullTextMatchingTest {

    private static final IndexMatcher MATCHER = IndexMatcher.standard();
    private static final List<IndexEntry> ENTRIES = List.of(
            new FullTextEntry("_text", "chronic heart failure in zurich"),
            new FullTextEntry("_content", "congestive cardiac insufficiency heart murmur"));

    private static boolean text(String... values) {
        return MATCHER.matches(new Criterion.FullText("_text", List.of(values)), ENTRIES);
    }

    private static boolean content(String... values) {
        return MATCHER.matches(new Criterion.FullText("_content", List.of(values)), ENTRIES);
    }

    @Test
    void textSearchesOnlyTheNarrative() {
        assertThat(text("Zürich")).isTrue();
        assertThat(text("congestive")).isFalse();
        assertThat(content("congestive")).isTrue();
        assertThat(content("ZURICH")).isTrue();
    }

    @Test
    void allWordsPhrasesOrAndPrefixes() {
        assertThat(text("failure heart")).isTrue();
        assertThat(text("\"heart failure\"")).isTrue();
        assertThat(text("\"failure heart\"")).isFalse();
        assertThat(text("heart asthma")).isFalse();
        assertThat(text("asthma OR zurich")).isTrue();
        assertThat(text("asthma", "chronic")).isTrue();
        assertThat(text("fail")).isFalse();
        assertThat(text("fail*")).isTrue();
        assertThat(text("\"heart fail\"*")).isTrue();
        assertThat(text("\"chronic fail\"*")).isFalse();
    }

    @Test
    void contentWordsMayComeFromEitherEntryButPhrasesStayInOne() {
        assertThat(content("zurich murmur")).isTrue();
        assertThat(content("\"heart murmur\"")).isTrue();
        assertThat(content("\"zurich congestive\"")).isFalse();
    }

    @Test
    void endToEndWithTheIndexerAndResolver() {
        List<IndexEntry> patient = Harness.entries(Harness.json(MatcherTypesTest.PATIENT_EBE));
        assertThat(MATCHER.evaluate(Harness.criterion("Patient?_content=EBE%20marie"), patient))
                .isEqualTo(MatchResult.MATCH);
        assertThat(MATCHER.evaluate(Harness.criterion("Patient?_content=x"), patient))
                .isEqualTo(MatchResult.NO_MATCH);
        assertThat(MATCHER.evaluate(Harness.criterion("Patient?_text=ebe"), patient))
                .isEqualTo(MatchResult.NO_MATCH);
    }

    @Test
    void noEntriesNoMatch() {
        assertThat(MATCHER.evaluate(new Criterion.FullText("_content", List.of("x")), List.of()))
                .isEqualTo(MatchResult.NO_MATCH);
    }
}
