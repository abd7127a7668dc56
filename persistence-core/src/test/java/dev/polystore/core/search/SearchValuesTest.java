package dev.polystore.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.search.SearchPrefix;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchValuesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "2020, 2020-01-01T00:00:00Z, 2021-01-01T00:00:00Z, YEAR",
        "2020-12, 2020-12-01T00:00:00Z, 2021-01-01T00:00:00Z, MONTH",
        "2020-02, 2020-02-01T00:00:00Z, 2020-03-01T00:00:00Z, MONTH",
        "2021-02, 2021-02-01T00:00:00Z, 2021-03-01T00:00:00Z, MONTH",
        "2020-12-31, 2020-12-31T00:00:00Z, 2021-01-01T00:00:00Z, DAY",
        "2020-03-04T10:15, 2020-03-04T10:15:00Z, 2020-03-04T10:16:00Z, MINUTE",
        "2020-03-04T10:15Z, 2020-03-04T10:15:00Z, 2020-03-04T10:16:00Z, MINUTE",
        "2020-03-04T10:15+05:00, 2020-03-04T05:15:00Z, 2020-03-04T05:16:00Z, MINUTE",
        "2020-03-04T00:30+05:00, 2020-03-03T19:30:00Z, 2020-03-03T19:31:00Z, MINUTE",
        "2020-03-04T10:15:30, 2020-03-04T10:15:30Z, 2020-03-04T10:15:31Z, SECOND",
        "2020-03-04T10:15:30-03:30, 2020-03-04T13:45:30Z, 2020-03-04T13:45:31Z, SECOND",
        "2020-03-04T10:15:30.1Z, 2020-03-04T10:15:30.1Z, 2020-03-04T10:15:30.2Z, FRACTION",
        "2020-03-04T10:15:30.123Z, 2020-03-04T10:15:30.123Z, 2020-03-04T10:15:30.124Z, FRACTION",
        "2020-03-04T10:15:30.123+05:00, 2020-03-04T05:15:30.123Z, 2020-03-04T05:15:30.124Z, FRACTION",
        "2020-03-04T10:15:30.123456Z, 2020-03-04T10:15:30.123456Z, 2020-03-04T10:15:30.123457Z, FRACTION",
        "2020-12-31T23:59:59.999Z, 2020-12-31T23:59:59.999Z, 2021-01-01T00:00:00Z, FRACTION",
        "2020-06-15T12:00:00+14:00, 2020-06-14T22:00:00Z, 2020-06-14T22:00:01Z, SECOND"
    })
    void dateRangeFollowsPrecision(String text, String start, String end, SearchValue.DatePrecision precision) {
        SearchValue.Date date = SearchValues.date(SearchPrefix.GE, text);
        assertThat(date)
                .isEqualTo(new SearchValue.Date(
                        SearchPrefix.GE, Instant.parse(start), Instant.parse(end), precision, text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "2020-13-01",
                "2020-00",
                "2020-02-30",
                "2021-02-29",
                "20200101",
                "2020-1-01",
                "2020-01-01T24:00",
                "2020-01-01T10:60",
                "2020-01-01T10:00:61",
                "2020-01-01T10",
                "2020-01-01Z",
                "2020-01-01T10:00+15:00",
                "2020-01-01T10:00+05",
                "2020-01-01T10:00:00.",
                "2020-01-01 10:00",
                ""
            })
    void malformedDatesAreRefused(String text) {
        assertThatThrownBy(() -> SearchValues.date(SearchPrefix.EQ, text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "100, 99.5, 100.5",
        "100.0, 99.95, 100.05",
        "1e2, 50, 150",
        "1.0e2, 95, 105",
        "1.00E+2, 99.5, 100.5",
        "0.001, 0.0005, 0.0015",
        "-0.5, -0.55, -0.45",
        "2.5e-3, 0.00245, 0.00255",
        "0, -0.5, 0.5"
    })
    void numberRangeFollowsSignificantDigits(String text, String low, String high) {
        SearchValue.Number number = SearchValues.number(SearchPrefix.EQ, text);
        assertThat(number.value()).isEqualTo(new BigDecimal(text));
        assertThat(number.low()).isEqualTo(new BigDecimal(low));
        assertThat(number.high()).isEqualTo(new BigDecimal(high));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"abc", "1.2.3", "", ".5", "5.", "1e", "+5", "1,5", "0x10", "NaN"})
    void malformedNumbersAreRefused(String text) {
        assertThatThrownBy(() -> SearchValues.number(SearchPrefix.EQ, text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixesAreTakenOffOnlyWhenKnown() {
        assertThat(SearchValues.prefix("ge2020")).isEqualTo(new SearchValues.Prefixed(SearchPrefix.GE, "2020"));
        assertThat(SearchValues.prefix("2020")).isEqualTo(new SearchValues.Prefixed(SearchPrefix.EQ, "2020"));
        assertThat(SearchValues.prefix("-5")).isEqualTo(new SearchValues.Prefixed(SearchPrefix.EQ, "-5"));
        assertThat(SearchValues.prefix("ap5")).isEqualTo(new SearchValues.Prefixed(SearchPrefix.AP, "5"));
        assertThatThrownBy(() -> SearchValues.prefix("xx2020")).hasMessageContaining("'xx'");
        assertThatThrownBy(() -> SearchValues.prefix("Ge2020")).hasMessageContaining("'Ge'");
    }

    @Test
    void splitKeepsEscapesAndUnescapeRemovesThem() {
        assertThat(SearchValues.split("a\\,b,c", ',')).containsExactly("a\\,b", "c");
        assertThat(SearchValues.split("a\\\\,b", ',')).containsExactly("a\\\\", "b");
        assertThat(SearchValues.split("a|b\\|c|", '|')).containsExactly("a", "b\\|c", "");
        assertThat(SearchValues.split("x$y\\$z", '$')).containsExactly("x", "y\\$z");
        assertThat(SearchValues.unescape("a\\,b\\|c\\$d\\\\e")).isEqualTo("a,b|c$d\\e");
        assertThat(SearchValues.split("", ',')).isEqualTo(List.of(""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a\\x", "a\\", "\\n", "a\\ b"})
    void unknownEscapesAreRefused(String raw) {
        assertThatThrownBy(() -> SearchValues.split(raw, ',')).isInstanceOf(IllegalArgumentException.class);
    }
}
