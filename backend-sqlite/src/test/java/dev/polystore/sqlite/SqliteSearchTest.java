package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirStore;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StorageTransaction;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import dev.polystore.core.json.FhirJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite specifics of search: the index rows written for each version (read back from the file), and a timing print.
 * The backend-neutral scenarios are in {@link dev.polystore.tck.FocusedSearchSuite} ({@link SqliteFocusedSearchTest}).
 */
class SqliteSearchTest {
    private static final TenantContext CTX = TenantContext.of("t1");

    @TempDir
    Path dir;

    private static String observation(String id, String patientId, String code) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"" + code + "\"}]},\"subject\":{\"reference\":"
                + "\"Patient/" + patientId + "\"},\"valueQuantity\":{\"value\":72,\"unit\":\"kg\",\"system\":"
                + "\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";
    }

    /** The matches of the first page, as {@code Type/id}. */
    private static List<String> firstPage(FhirStore store, SearchQuery query) {
        return store.search(CTX, query, null).matches().stream()
                .map(r -> r.resourceType() + "/" + r.id())
                .toList();
    }

    // ------------------------------------------------------------ index rows

    @Test
    @DisplayName("A transaction's index rows wait for its commit: the last write of a resource wins, searches in the"
            + " transaction see them, a rollback drops them")
    void indexRowsOfATransactionWaitForItsCommit() throws Exception {
        Path file = dir.resolve("buffered.db");
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            StoredResource last;
            try (StorageTransaction tx = store.begin(CTX)) {
                tx.create("Patient", "{\"resourceType\":\"Patient\",\"id\":\"pb\"}");
                tx.update("Observation", "ob", observation("ob", "pb", "1111-1"));
                tx.update("Observation", "ob", observation("ob", "pb", "2222-2"));
                last = tx.update("Observation", "ob", observation("ob", "pb", "3333-3"));
                tx.commit();
            }
            assertThat(rows(file, "Observation", "ob")).isEqualTo(expected(indexer, last));
            assertThat(firstPage(store, SearchQuery.parse("Observation?code=1111-1,2222-2")))
                    .isEmpty();
            assertThat(firstPage(store, SearchQuery.parse("Observation?code=3333-3&subject=Patient/pb")))
                    .containsExactly("Observation/ob");

            // a transaction Bundle's search entry runs after its writes, in the same engine transaction
            String response = store.processBundle(
                    CTX,
                    "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                            + "{\"resource\":" + observation("oc", "pb", "4444-4")
                            + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation/oc\"}},"
                            + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?code=4444-4\"}}]}");
            assertThat(response)
                    .as("the searchset of the GET entry holds the Observation the PUT entry wrote")
                    .contains("\"fullUrl\":\"Observation/oc\"");

            try (StorageTransaction tx = store.begin(CTX)) {
                tx.update("Observation", "od", observation("od", "pb", "5555-5"));
                tx.rollback();
            }
            assertThat(firstPage(store, SearchQuery.parse("Observation?code=5555-5")))
                    .isEmpty();
            assertThat(rows(file, "Observation", "od")).isEmpty();
        }
    }

    @Test
    void indexRowsFollowTheCurrentVersion() throws Exception {
        Path file = dir.resolve("rows.db");
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            StoredResource v1 = store.update(CTX, "Observation", "o1", observation("o1", "p1", "1234-5"));
            assertThat(rows(file, "Observation", "o1")).isEqualTo(expected(indexer, v1));
            StoredResource v2 = store.update(CTX, "Observation", "o1", observation("o1", "p2", "999-9"));
            assertThat(rows(file, "Observation", "o1")).isEqualTo(expected(indexer, v2));
            try (StorageTransaction tx = store.begin(CTX)) {
                tx.update("Observation", "o1", observation("o1", "p3", "777-7"));
                tx.rollback();
            }
            assertThat(rows(file, "Observation", "o1")).isEqualTo(expected(indexer, v2));
            store.delete(CTX, "Observation", "o1");
            assertThat(rows(file, "Observation", "o1")).isEmpty();
            StoredResource v4 = store.update(CTX, "Observation", "o1", observation("o1", "p4", "1-1"));
            assertThat(rows(file, "Observation", "o1")).isEqualTo(expected(indexer, v4));
        }
    }

    private static List<String> expected(ResourceIndexer indexer, StoredResource v) throws IOException {
        List<String> out = new ArrayList<>();
        int combination = 0;
        for (IndexEntry e : indexer.index(v.resourceType(), FhirJson.TRUSTED.readTree(v.json()))
                .entries()) {
            if (e instanceof CompositeEntry c) {
                combination++;
                for (int i = 0; i < c.components().size(); i++) {
                    out.add(signature(c.components().get(i), c.code() + "$" + i));
                    out.add("combination|" + combination + "|" + c.code() + "$" + i);
                }
            } else {
                out.add(signature(e, e.code()));
            }
        }
        out.sort(null);
        return out;
    }

    private static String d(BigDecimal v) {
        return v == null ? "null" : String.valueOf(v.doubleValue());
    }

    private static String signature(IndexEntry entry, String code) {
        if (entry instanceof StringEntry e) {
            return "string|" + code + "|" + e.normalized() + "|" + e.exact();
        }
        if (entry instanceof TokenEntry e) {
            return "token|" + code + "|" + e.system() + "|" + e.value() + "|" + e.normalizedText() + "|"
                    + e.typeSystem() + "|" + e.typeCode();
        }
        if (entry instanceof DateEntry e) {
            return "date|" + code + "|"
                    + (e.start() == null ? "null" : e.start().toEpochMilli()) + "|"
                    + (e.end() == null ? "null" : e.end().toEpochMilli());
        }
        if (entry instanceof NumberEntry e) {
            boolean point = e.value() != null && e.low() != null && e.high() != null;
            return "number|" + code + "|" + d(point ? e.value() : null) + "|" + d(point ? null : e.low()) + "|"
                    + d(point ? null : e.high());
        }
        if (entry instanceof QuantityEntry e) {
            boolean point = e.value() != null && e.low() != null && e.high() != null;
            return "quantity|" + code + "|" + d(point ? e.value() : null) + "|" + e.system() + "|" + e.unitCode() + "|"
                    + e.canonicalUnit();
        }
        if (entry instanceof ReferenceEntry e) {
            return "reference|" + code + "|" + e.targetType() + "|" + e.id() + "|" + e.url() + "|"
                    + e.identifierValue();
        }
        if (entry instanceof UriEntry e) {
            return "uri|" + code + "|" + e.uri() + "|" + e.version();
        }
        if (entry instanceof FullTextEntry e) {
            return "fulltext|" + code + "|" + e.words();
        }
        throw new AssertionError(entry);
    }

    private static List<String> rows(Path file, String type, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            String key = "(SELECT rkey FROM search_resources WHERE tenant = '"
                    + CTX.tenant().value() + "' AND type = '" + type + "' AND id = '" + id + "')";
            collect(
                    c,
                    "SELECT code, norm, exact FROM idx_string WHERE rkey = " + key,
                    out,
                    rs -> "string|" + get(rs, 1) + "|" + get(rs, 2) + "|" + get(rs, 3));
            collect(
                    c,
                    "SELECT code, system, value, text_norm, type_system, type_code FROM idx_token WHERE rkey = " + key
                            + " UNION ALL SELECT code, system, value, text_norm, type_system, type_code FROM idx_id"
                            + " WHERE rkey = " + key,
                    out,
                    rs -> "token|" + get(rs, 1) + "|" + get(rs, 2) + "|" + get(rs, 3) + "|" + get(rs, 4) + "|"
                            + get(rs, 5) + "|" + get(rs, 6));
            collect(
                    c,
                    "SELECT code, start_ms, end_ms FROM idx_date WHERE rkey = " + key,
                    out,
                    rs -> "date|" + get(rs, 1) + "|" + get(rs, 2) + "|" + get(rs, 3));
            collect(
                    c,
                    "SELECT code, point, low, high FROM idx_number WHERE rkey = " + key,
                    out,
                    rs -> "number|" + get(rs, 1) + "|" + dbl(rs, 2) + "|" + dbl(rs, 3) + "|" + dbl(rs, 4));
            collect(
                    c,
                    "SELECT code, point, system, unit_code, c_unit FROM idx_quantity WHERE rkey = " + key,
                    out,
                    rs -> "quantity|" + get(rs, 1) + "|" + dbl(rs, 2) + "|" + get(rs, 3) + "|" + get(rs, 4) + "|"
                            + get(rs, 5));
            collect(
                    c,
                    "SELECT code, target_type, target_id, url, id_value FROM idx_reference WHERE rkey = " + key,
                    out,
                    rs -> "reference|" + get(rs, 1) + "|" + get(rs, 2) + "|" + get(rs, 3) + "|" + get(rs, 4) + "|"
                            + get(rs, 5));
            collect(
                    c,
                    "SELECT code, uri, version FROM idx_uri WHERE rkey = " + key,
                    out,
                    rs -> "uri|" + get(rs, 1) + "|" + get(rs, 2) + "|" + get(rs, 3));
            // the components of one composite value share a combination number
            StringBuilder components = new StringBuilder();
            for (String table : List.of(
                    "idx_string", "idx_token", "idx_date", "idx_number", "idx_quantity", "idx_reference", "idx_uri")) {
                components
                        .append(components.isEmpty() ? "" : " UNION ALL ")
                        .append("SELECT code, comp FROM ")
                        .append(table)
                        .append(" WHERE comp IS NOT NULL AND rkey = ")
                        .append(key);
            }
            collect(c, components.toString(), out, rs -> "combination|" + get(rs, 2) + "|" + get(rs, 1));
            // The full-text table is contentless: its words are read back from the index itself.
            c.createStatement()
                    .execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fulltext_words"
                            + " USING fts5vocab(main, idx_fulltext, instance)");
            Map<String, List<String>> words = new TreeMap<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery(
                            "SELECT col, term FROM temp.fulltext_words WHERE doc = " + key + " ORDER BY col, offset")) {
                while (rs.next()) {
                    words.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
            words.forEach((column, terms) -> out.add(
                    "fulltext|" + (column.equals("narrative") ? "_text" : "_content") + "|" + String.join(" ", terms)));
        }
        out.sort(null);
        return out;
    }

    private interface RowFn {
        String apply(ResultSet rs) throws SQLException;
    }

    private static void collect(Connection c, String sql, List<String> out, RowFn fn) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(fn.apply(rs));
            }
        }
    }

    private static String get(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? "null" : o.toString();
    }

    private static String dbl(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? "null" : String.valueOf(((Number) o).doubleValue());
    }

    @Test
    void tokenSearchTiming() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 3_000; i++) {
                store.update(CTX, "Observation", "o" + i, observation("o" + i, "p" + (i % 100), "c" + (i % 50)));
            }
            long t1 = System.nanoTime();
            SearchResult r = null;
            for (int i = 0; i < 20; i++) {
                r = store.search(
                        CTX,
                        SearchQuery.of("Observation")
                                .param("code", "http://loinc.org|c7")
                                .total("accurate"),
                        null);
            }
            long t2 = System.nanoTime();
            assertThat(r.total()).isEqualTo(60L);
            SearchResult sorted = null;
            for (int i = 0; i < 5; i++) {
                sorted = store.search(
                        CTX, SearchQuery.of("Observation").sort("-code").count(100), null);
            }
            long t3 = System.nanoTime();
            assertThat(sorted.matches()).hasSize(100);
            System.out.printf(
                    "Timing: 3000 indexed writes %d ms; token search over 3000 resources %.2f ms; sorted page %.2f ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 20 / 1e6, (t3 - t2) / 5 / 1e6);
        }
    }
}
