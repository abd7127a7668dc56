package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HAPI's date-search table ({@code DateSearchTestCase.csv} and the compact file from hapi-fhir-test-utilities 8.8.0,
 * data only), run against a store: one Observation per row with {@code effectiveDateTime} = the row's date, then
 * {@code Observation?_id=row&date=query} must return it exactly when the table says so. The reference matcher runs the
 * same table in persistence-core; no row contradicts R4 search.html.
 *
 * <p>A backend runs it by extending this class in its test sources and returning a store with the search index from
 * {@link #createStore()}; the rows go into a fresh tenant, so the store may hold other data.
 *
 * @since 0.1
 */
@Tag("search-date-oracle")
public abstract class DateOracleSuite {
    private static final String FULL = "/ca/uhn/fhir/jpa/conformance/DateSearchTestCase.csv";
    private static final String COMPACT = "/ca/uhn/fhir/jpa/conformance/DateSearchTestCase-compact.csv";
    private static final List<String> PREFIXES = List.of("eq", "ne", "gt", "ge", "lt", "le");

    record Row(String date, String query, boolean expected) {}

    /** Creates the store under test: FHIR R4, with the search index. The suite closes it. */
    protected abstract FhirStore createStore();

    @Test
    public void everyRowOfTheDateTableHolds() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : lines(FULL)) {
            String[] f = line.split(",", -1);
            rows.add(new Row(f[0].strip(), f[1].strip(), Boolean.parseBoolean(f[2].strip())));
        }
        int full = rows.size();
        for (String line : lines(COMPACT)) {
            String[] f = line.split(",", -1);
            Set<String> matching = Set.of(f[1].strip().split("\\s+"));
            for (String prefix : PREFIXES) {
                rows.add(new Row(f[0].strip(), prefix + f[2].strip(), matching.contains(prefix)));
            }
        }
        assertThat(full).as("rows of DateSearchTestCase.csv").isEqualTo(168);
        assertThat(rows).as("rows with the compact file expanded").hasSize(168 + 7 * PREFIXES.size());

        try (FhirStore store = createStore()) {
            TenantContext ctx = TenantContext.of(TckTenants.fresh("date-oracle"));
            for (int i = 0; i < rows.size(); i++) {
                store.update(
                        ctx,
                        "Observation",
                        "row" + i,
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                                + "\"effectiveDateTime\":\"" + rows.get(i).date() + "\"}");
            }
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                SearchQuery query =
                        SearchQuery.of("Observation").param("_id", "row" + i).param("date", row.query());
                boolean found = !store.search(ctx, query).matches().isEmpty();
                if (found != row.expected()) {
                    wrong.add(row + " -> " + found);
                }
            }
            assertThat(wrong)
                    .as("rows where the store disagrees with the table")
                    .isEmpty();
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = DateOracleSuite.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toList());
        }
    }
}
