package dev.polystore.core.search.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.core.index.IndexResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HAPI FHIR's date-search conformance table ({@code hapi-fhir-test-utilities}, data only) run through the real
 * indexer, resolver and matcher. Rows where R4 search.html gives another answer are listed, with the reason, in {@code
 * date-oracle-deviations.csv}; for them the specification's answer is asserted.
 */
class DateOracleTest {
    private static final String FULL = "ca/uhn/fhir/jpa/conformance/DateSearchTestCase.csv";
    private static final String COMPACT = "ca/uhn/fhir/jpa/conformance/DateSearchTestCase-compact.csv";
    private static final String DEVIATIONS = "dev/polystore/core/search/match/date-oracle-deviations.csv";
    private static final List<String> PREFIXES = List.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final IndexMatcher MATCHER =
            new IndexMatcher(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), List.of());

    record Row(String source, String resourceDate, String query, boolean hapi) {
        @Override
        public String toString() {
            return source + ": " + resourceDate + " ?date=" + query + " -> " + hapi;
        }
    }

    record Deviation(boolean spec, String reason) {}

    static List<String[]> csv(String resource) {
        InputStream in = DateOracleTest.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " not on the test class path");
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].trim();
                }
                rows.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static List<Row> fullRows() {
        List<Row> rows = new ArrayList<>();
        for (String[] c : csv(FULL)) {
            rows.add(new Row("full", c[0], c[1], Boolean.parseBoolean(c[2].toLowerCase(Locale.ROOT))));
        }
        return rows;
    }

    static List<Row> compactRows() {
        List<Row> rows = new ArrayList<>();
        for (String[] c : csv(COMPACT)) {
            List<String> matching = List.of(c[1].split("\\s+"));
            for (String prefix : PREFIXES) {
                rows.add(new Row("compact", c[0], prefix + c[2], matching.contains(prefix)));
            }
        }
        return rows;
    }

    static Map<String, Deviation> deviations() {
        Map<String, Deviation> result = new LinkedHashMap<>();
        for (String[] c : csv(DEVIATIONS)) {
            if (c[0].equals("resourceDate")) {
                continue;
            }
            result.put(c[0] + " " + c[1], new Deviation(Boolean.parseBoolean(c[3]), c[4]));
        }
        return result;
    }

    static Stream<Arguments> rows() {
        List<Row> all = new ArrayList<>(fullRows());
        all.addAll(compactRows());
        return all.stream().map(Arguments::of);
    }

    @Test
    void tableSizes() {
        assertThat(fullRows()).hasSize(168);
        assertThat(csv(COMPACT)).hasSize(7);
        assertThat(compactRows()).hasSize(42);
    }

    @Test
    void everyDeviationNamesARowAndDisagreesWithHapi() {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row row : fullRows()) {
            byKey.put(row.resourceDate() + " " + row.query(), row);
        }
        for (Row row : compactRows()) {
            byKey.put(row.resourceDate() + " " + row.query(), row);
        }
        deviations().forEach((key, deviation) -> {
            assertThat(byKey).as("deviation row " + key).containsKey(key);
            assertThat(deviation.spec()).as(key).isNotEqualTo(byKey.get(key).hapi());
            assertThat(deviation.reason()).as(key).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void row(Row row) {
        ObjectNode observation = JsonNodeFactory.instance.objectNode();
        observation.put("resourceType", "Observation");
        observation.put("id", "o1");
        observation.put("status", "final");
        observation.putObject("code").put("text", "x");
        observation.put("effectiveDateTime", row.resourceDate());
        IndexResult index = Harness.index(observation);
        assertThat(index.entries("date"))
                .as("date entries of %s", row.resourceDate())
                .hasSize(1);
        Deviation deviation = deviations().get(row.resourceDate() + " " + row.query());
        boolean expected = deviation == null ? row.hapi() : deviation.spec();
        MatchResult result = MATCHER.evaluate(Harness.criterion("Observation?date=" + row.query()), index.entries());
        assertThat(result).as(row.toString()).isEqualTo(MatchResult.of(expected));
    }
}
