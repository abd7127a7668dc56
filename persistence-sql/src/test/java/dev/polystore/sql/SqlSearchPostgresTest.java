package dev.polystore.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchParameterRegistry;
import dev.polystore.core.search.SearchQueryResolver;
import dev.polystore.core.search.match.IndexMatcher;
import dev.polystore.core.search.match.MatchResult;
import dev.polystore.sql.SqlIndexLayout.ValueTable;
import dev.polystore.testservers.PostgresMajor;
import dev.polystore.testservers.PostgresServer;
import dev.polystore.testservers.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared search SQL, written with PostgreSQL's hooks ({@link PostgresTestDialect}), runs on real PostgreSQL servers
 * (the newest and the oldest supported major) over the logical index schema, filled from core's index entries through
 * {@link SqlIndexRows}. Result sets are those of the reference {@link IndexMatcher} where it decides, else the ones the
 * fixture's references imply. The same statements written with SQLite's hooks are tested by the SQLite backend's
 * suites.
 */
class SqlSearchPostgresTest {
    private static final String TENANT = "t1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceIndexer INDEXER = ResourceIndexer.forVersion(FhirVersion.R4);
    private static final SearchQueryResolver RESOLVER =
            new SearchQueryResolver(SearchParameterRegistry.of(FhirVersion.R4));

    /** The fixture: type, id, JSON body. Observations o1..o3 point at patients p1, p1 and p2. */
    private static final List<String> RESOURCES = List.of(
            """
            {"resourceType": "Organization", "id": "org1", "name": "Acme Health"}""",
            """
            {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1980-05-01",
             "name": [{"family": "Smith", "given": ["Anna"]}], "managingOrganization": {"reference": "Organization/org1"},
             "identifier": [{"system": "urn:oid:1.2.3", "value": "A1"}]}""",
            """
            {"resourceType": "Patient", "id": "p2", "gender": "male", "birthDate": "1975-02-11",
             "name": [{"family": "Smithson", "given": ["Bob"]}]}""",
            """
            {"resourceType": "Patient", "id": "p3", "gender": "female", "name": [{"family": "Jones", "given": ["Carla"]}]}""",
            """
            {"resourceType": "Patient", "id": "p4", "gender": "other", "birthDate": "1990-12-24",
             "name": [{"family": "Zed"}]}""",
            """
            {"resourceType": "Observation", "id": "o1", "status": "final", "subject": {"reference": "Patient/p1"},
             "code": {"coding": [{"system": "http://loinc.org", "code": "c3"}]}, "effectiveDateTime": "2020-01-01",
             "valueQuantity": {"value": 70, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}""",
            """
            {"resourceType": "Observation", "id": "o2", "status": "preliminary", "subject": {"reference": "Patient/p1"},
             "code": {"coding": [{"system": "http://s12", "code": "x"}]},
             "component": [
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                "valueQuantity": {"value": 120, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                "valueQuantity": {"value": 80, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}""",
            """
            {"resourceType": "Observation", "id": "o3", "status": "final", "subject": {"reference": "Patient/p2"},
             "code": {"coding": [{"system": "http://loinc.org", "code": "c9"}]},
             "valueQuantity": {"value": 65000, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"}}""",
            """
            {"resourceType": "ValueSet", "id": "vs1", "status": "active", "url": "http://example.org/fhir/ValueSet/abc"}""",
            """
            {"resourceType": "ValueSet", "id": "vs2", "status": "active", "url": "http://example.org/fhir/"}""",
            """
            {"resourceType": "ValueSet", "id": "vs3", "status": "active", "url": "http://other.org/ValueSet/abc"}""");

    /** Each resource's type, id and index entries, in key order (rkey = position + 1). */
    private static final List<Indexed> INDEXED = new ArrayList<>();

    private record Indexed(long rkey, String type, String id, List<IndexEntry> entries) {}

    @BeforeAll
    static void index() throws Exception {
        for (String body : RESOURCES) {
            JsonNode node = JSON.readTree(body);
            String type = node.get("resourceType").asText();
            INDEXED.add(new Indexed(
                    INDEXED.size() + 1,
                    type,
                    node.get("id").asText(),
                    INDEXER.index(type, node).entries()));
        }
    }

    abstract static class OnServer {
        private final String schema = "sql_search_" + Long.toHexString(System.nanoTime());
        private Connection connection;

        abstract PostgresMajor major();

        @BeforeAll
        void load() throws SQLException {
            PostgresServer server = TestServers.postgres(major());
            connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                s.execute("SET search_path TO " + schema);
                s.execute("CREATE TABLE search_resources (rkey bigint PRIMARY KEY, tenant text COLLATE \"C\" NOT NULL,"
                        + " type text COLLATE \"C\" NOT NULL, id text COLLATE \"C\" NOT NULL, live integer NOT NULL)");
                for (ValueTable table : ValueTable.values()) {
                    StringBuilder ddl =
                            new StringBuilder("CREATE TABLE " + table.view() + " (tenant text COLLATE \"C\","
                                    + " type text COLLATE \"C\", rkey bigint, code text COLLATE \"C\", comp integer");
                    for (String column : table.valueColumns()) {
                        ddl.append(", ").append(column).append(' ').append(columnType(column));
                    }
                    s.execute(ddl.append(")").toString());
                }
                s.execute("CREATE VIEW " + SqlIndexLayout.ID_VIEW + " AS " + SqlIndexLayout.ID_VIEW_SELECT);
            }
            for (Indexed r : INDEXED) {
                insert(r, TENANT, r.rkey, 1);
                // another tenant's copy and a deleted copy, which no search of the tenant may find
                insert(r, "other", 1000 + r.rkey, 1);
            }
            insert(INDEXED.get(1), TENANT, 2000, 0);
        }

        @AfterAll
        void drop() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            connection.close();
        }

        private static String columnType(String column) {
            return switch (SqlIndexLayout.kind(column)) {
                case INTEGER -> "bigint";
                case REAL -> "double precision";
                case TEXT -> "text COLLATE \"C\"";
            };
        }

        private void insert(Indexed r, String tenant, long rkey, int live) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO search_resources (rkey, tenant, type, id, live) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, rkey);
                ps.setString(2, tenant);
                ps.setString(3, r.type);
                ps.setString(4, live == 1 ? r.id : r.id + "-deleted");
                ps.setInt(5, live);
                ps.executeUpdate();
            }
            for (SqlIndexRows.Row row : SqlIndexRows.rows(r.entries)) {
                List<String> columns = row.table().valueColumns();
                String sql = "INSERT INTO " + row.table().view() + " (tenant, type, rkey, code, comp, "
                        + String.join(", ", columns) + ") VALUES (?, ?, ?, ?, ?" + ", ?".repeat(columns.size()) + ")";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, tenant);
                    ps.setString(2, r.type);
                    ps.setLong(3, rkey);
                    ps.setString(4, row.code());
                    ps.setObject(5, row.comp());
                    for (int i = 0; i < columns.size(); i++) {
                        ps.setObject(6 + i, row.values().get(i));
                    }
                    ps.executeUpdate();
                }
            }
        }

        private SqlSearch.Page page(ResolvedSearch search, String cursor) throws SQLException {
            return new SqlSearch(new PostgresTestDialect(), SqlExecutor.jdbc(connection), TENANT, Clock.systemUTC())
                    .run(search, cursor);
        }

        private List<String> ids(ResolvedSearch search) throws SQLException {
            return page(search, null).matches().stream()
                    .map(SqlSearch.ResourceRow::id)
                    .toList();
        }

        /** The ids of the searched type the reference matcher says match, all criteria decided. */
        private static Set<String> matcherIds(ResolvedSearch search) {
            IndexMatcher matcher = IndexMatcher.standard();
            Set<String> ids = new TreeSet<>();
            for (Indexed r : INDEXED) {
                if (!r.type.equals(search.resourceType())) {
                    continue;
                }
                MatchResult m = matcher.evaluateAll(r.type, search.criteria(), r.entries);
                assertThat(m)
                        .as("the matcher decides %s on %s", search.selfUrl(), r.id)
                        .isNotEqualTo(MatchResult.UNDECIDABLE);
                if (m == MatchResult.MATCH) {
                    ids.add(r.id);
                }
            }
            return ids;
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "Patient?name=smi",
                    "Patient?name:contains=MITH",
                    "Patient?name:exact=Smith",
                    "Patient?family:exact=Smithson&birthdate=lt1976",
                    "Patient?birthdate=ge1978",
                    "Patient?birthdate:missing=true",
                    "Patient?birthdate:missing=false&gender=female",
                    "Patient?gender:not=male",
                    "Patient?identifier=urn:oid:1.2.3|A1",
                    "Patient?organization=Organization/org1",
                    "Patient?_filter=family ew \"son\" or gender eq other",
                    "Patient?_filter=not (name co \"mit\")",
                    "Observation?code=http://loinc.org|c1,http://loinc.org|c2,http://loinc.org|c3,http://loinc.org|c4,"
                            + "http://loinc.org|c5,http://loinc.org|c6,http://loinc.org|c7,http://loinc.org|c8",
                    "Observation?code=http://s1|x,http://s2|x,http://s3|x,http://s4|x,http://s5|x,http://s6|x,"
                            + "http://s7|x,http://s8|x,http://s9|x,http://s10|x,http://s11|x,http://s12|x,http://s13|x,"
                            + "http://s14|x,http://s15|x,http://s16|x,http://s17|x",
                    "Observation?value-quantity=gt60|http://unitsofmeasure.org|kg",
                    "Observation?value-quantity=lt66000||g",
                    "Observation?component-code-value-quantity=http://loinc.org|8480-6$gt100",
                    "Observation?component-code-value-quantity=http://loinc.org|8462-4$gt100",
                    "Observation?date=ap2020-01-01&status=final",
                    "Observation?subject=Patient/p1&status=final",
                    "ValueSet?url:above=http://example.org/fhir/ValueSet/abc/v2",
                    "ValueSet?url:below=http://example.org/fhir/",
                    "ValueSet?url:below=http://example.org/fhir",
                    "ValueSet?url=http://other.org/ValueSet/abc",
                })
        void findsWhatTheMatcherFinds(String query) throws SQLException {
            ResolvedSearch search = RESOLVER.resolve(SearchQuery.parse(query));
            assertThat(new TreeSet<>(ids(search))).isEqualTo(matcherIds(search));
        }

        @Test
        void theFixtureMatchesSomethingForMostQueries() throws SQLException {
            // guards the test above against queries that only ever find nothing
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient?name:contains=MITH"))))
                    .containsExactlyInAnyOrder("p1", "p2");
            assertThat(ids(RESOLVER.resolve(
                            SearchQuery.parse("ValueSet?url:above=http://example.org/fhir/ValueSet/abc/v2"))))
                    .containsExactlyInAnyOrder("vs1", "vs2");
            assertThat(
                            ids(
                                    RESOLVER.resolve(
                                            SearchQuery.parse(
                                                    "Observation?code=http://s1|x,http://s2|x,http://s3|x,"
                                                            + "http://s4|x,http://s5|x,http://s6|x,http://s7|x,http://s8|x,http://s9|x,http://s10|x,"
                                                            + "http://s11|x,http://s12|x,http://s13|x,http://s14|x,http://s15|x,http://s16|x,http://s17|x"))))
                    .containsExactly("o2");
        }

        @Test
        void followsChainsBothWays() throws SQLException {
            // driving: the chain's key set; correlated: checked per observation once status drives
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Observation?subject:Patient.name=smith"))))
                    .containsExactlyInAnyOrder("o1", "o2", "o3");
            assertThat(ids(RESOLVER.resolve(
                            SearchQuery.parse("Observation?status=final&subject:Patient.name=smithson"))))
                    .containsExactly("o3");
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Observation?subject:Patient.organization.name=acme"))))
                    .containsExactlyInAnyOrder("o1", "o2");
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient?_has:Observation:subject:status=preliminary"))))
                    .containsExactly("p1");
            assertThat(ids(RESOLVER.resolve(
                            SearchQuery.parse("Patient?gender=female&_has:Observation:subject:code=c9"))))
                    .isEmpty();
        }

        @Test
        void emptySetsAndConstantsAreTypedForPostgres() throws SQLException {
            ResolvedSearch chained = RESOLVER.resolve(SearchQuery.parse("Observation?subject:Patient.name=smith"));
            Criterion.Chain chain = (Criterion.Chain) chained.criteria().get(0);
            // a chain to a type none of its targets has: the empty key set (driving) and FALSE (correlated)
            Criterion nowhere = new Criterion.Chain(chain.parameter(), "Device", chain.byTargetType());
            assertThat(ids(chained.withCriteria(List.of(nowhere)))).isEmpty();
            ResolvedSearch status = RESOLVER.resolve(SearchQuery.parse("Observation?status=final"));
            assertThat(ids(status.withCriteria(List.of(status.criteria().get(0), nowhere))))
                    .isEmpty();
            assertThat(ids(status.withCriteria(List.of(new Criterion.Constant(true)))))
                    .containsExactlyInAnyOrder("o1", "o2", "o3");
            assertThat(ids(status.withCriteria(List.of(new Criterion.Constant(false)))))
                    .isEmpty();
        }

        @Test
        void sortsPagesAndCounts() throws SQLException {
            // ascending: the missing birth date last; descending: the latest first, missing still last
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient?_sort=birthdate"))))
                    .containsExactly("p2", "p1", "p4", "p3");
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient?_sort=-birthdate"))))
                    .containsExactly("p4", "p1", "p2", "p3");
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient?_sort=-family"))))
                    .containsExactly("p4", "p2", "p1", "p3");
            ResolvedSearch paged =
                    RESOLVER.resolve(SearchQuery.parse("Patient?_sort=birthdate&_count=1&_total=accurate"));
            List<String> walked = new ArrayList<>();
            String cursor = null;
            do {
                SqlSearch.Page page = page(paged, cursor);
                assertThat(page.total()).isEqualTo(4L);
                page.matches().forEach(m -> walked.add(m.id()));
                cursor = page.next();
            } while (cursor != null);
            assertThat(walked).containsExactly("p2", "p1", "p4", "p3");
        }

        @Test
        void includesAndCompartments() throws SQLException {
            SqlSearch.Page page = page(
                    RESOLVER.resolve(SearchQuery.parse("Observation?status=final&_include=Observation:subject")), null);
            assertThat(page.matches()).extracting(SqlSearch.ResourceRow::id).containsExactlyInAnyOrder("o1", "o3");
            assertThat(page.includes()).extracting(SqlSearch.ResourceRow::id).containsExactlyInAnyOrder("p1", "p2");
            page = page(
                    RESOLVER.resolve(SearchQuery.parse("Patient?name=smith&_revinclude=Observation:subject"
                            + "&_include:iterate=Patient:organization")),
                    null);
            assertThat(page.includes())
                    .extracting(SqlSearch.ResourceRow::id)
                    .containsExactlyInAnyOrder("o1", "o2", "o3", "org1");
            assertThat(ids(RESOLVER.resolve(SearchQuery.parse("Patient/p1/Observation"))))
                    .containsExactlyInAnyOrder("o1", "o2");
        }

        @Test
        void noResultComesFromAnotherTenantOrADeletedResource() throws SQLException {
            SqlSearch.Page page = page(RESOLVER.resolve(SearchQuery.parse("Patient?_count=100")), null);
            assertThat(page.matches())
                    .extracting(SqlSearch.ResourceRow::id)
                    .containsExactlyInAnyOrder("p1", "p2", "p3", "p4");
            assertThat(page.matches()).allMatch(m -> m.rkey() < 1000);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres18 extends OnServer {
        @Override
        PostgresMajor major() {
            return PostgresMajor.V18;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres14 extends OnServer {
        @Override
        PostgresMajor major() {
            return PostgresMajor.V14;
        }
    }
}
