package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.search.ReindexProgress;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by an older Polystore is upgraded when opened and keeps its data, history and search results.
 *
 * <p>{@code schema7.sqlite} was written by the code of commit 67ec26f, at schema version 7 (the last schema before
 * {@code resources} and {@code search_resources} became one table), with 1 KiB pages to keep the file small. Tenant
 * {@code acme}: Patient {@code p1} in two versions (family Chalmers, then Windsor with a narrative), Patient {@code p2}
 * created and deleted, Observations {@code o1} (body weight 81.5 kg, 2020-03-01) and {@code o2} (heart rate 72/min,
 * 2021-06-01) of {@code p1}, and Patient {@code p3} (family Unindexed) written by a store without the search index, so
 * it has no search key; tenant {@code other}: its own Patient {@code p1} (family Windsor).
 */
class SqliteMigrationTest {
    private static final TenantContext ACME = TenantContext.of("acme");
    private static final TenantContext OTHER = TenantContext.of("other");

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void copyFixture() throws Exception {
        file = dir.resolve("schema7.db");
        try (InputStream in = SqliteMigrationTest.class.getResourceAsStream("schema7.sqlite")) {
            assertThat(in).as("test resource schema7.sqlite").isNotNull();
            Files.copy(in, file);
        }
        assertThat(schemaVersion()).as("the fixture is at schema 7").isEqualTo(7);
    }

    @Test
    @DisplayName("Reads, versions, history and deletes written at schema 7 survive the upgrade")
    void storageSurvives() throws Exception {
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            StoredResource p1 = store.read(ACME, "Patient", "p1");
            assertThat(p1.versionId()).isEqualTo(2);
            assertThat(p1.json()).contains("Windsor");
            assertThat(store.vread(ACME, "Patient", "p1", 1).json()).contains("Chalmers");
            assertThat(store.history(ACME, HistoryRequest.instance("Patient", "p1"))
                            .entries())
                    .extracting(StoredResource::versionId)
                    .containsExactly(2L, 1L);
            assertThatThrownBy(() -> store.read(ACME, "Patient", "p2")).isInstanceOf(ResourceGoneException.class);
            assertThat(store.vread(ACME, "Patient", "p2", 1).json()).contains("Gone");
            assertThat(store.read(ACME, "Patient", "p3").json()).contains("Unindexed");
            assertThat(store.read(OTHER, "Patient", "p1").json()).contains("Other");
            assertThat(store.count(ACME, "Patient")).isEqualTo(2); // p1 and p3; p2 is deleted
            assertThat(store.countAll(ACME)).isEqualTo(4);
            assertThat(store.countAll(OTHER)).isEqualTo(1);
            assertThat(store.history(ACME, HistoryRequest.system()).entries()).hasSize(7);
        }
        assertThat(schemaVersion()).isEqualTo(10);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'resources'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the table resources is gone").isZero();
        }
    }

    @Test
    @DisplayName("Searches written at schema 7 give the same results after the upgrade, tenants apart")
    void searchSurvives() {
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            assertThat(ids(store, ACME, "Patient?name=windsor")).containsExactly("p1");
            assertThat(ids(store, ACME, "Patient?name=chalmers")).isEmpty();
            assertThat(ids(store, ACME, "Patient?name=gone")).isEmpty();
            assertThat(ids(store, OTHER, "Patient?name=windsor")).containsExactly("p1");
            assertThat(ids(store, ACME, "Observation?subject=Patient/p1&_sort=date"))
                    .containsExactly("o1", "o2");
            assertThat(ids(store, ACME, "Observation?code=http://loinc.org|8867-4"))
                    .containsExactly("o2");
            assertThat(ids(store, ACME, "Observation?value-quantity=gt80|http://unitsofmeasure.org|kg"))
                    .containsExactly("o1");
            assertThat(ids(store, ACME, "Observation?date=lt2021")).containsExactly("o1");
            assertThat(ids(store, ACME, "Patient?_id=p1,p2")).containsExactly("p1");
            assertThat(ids(store, ACME, "Patient?_content=gardener")).containsExactly("p1");
            assertThat(ids(store, ACME, "Patient?_has:Observation:subject:code=http://loinc.org|29463-7"))
                    .containsExactly("p1");
            SearchResult revinclude =
                    store.search(ACME, SearchQuery.parse("Patient?_id=p1&_revinclude=Observation:subject"));
            assertThat(revinclude.includes()).extracting(StoredResource::id).containsExactlyInAnyOrder("o1", "o2");
        }
    }

    @Test
    @DisplayName("After the upgrade, writes continue the history, and an unindexed resource is found once reindexed")
    void writesContinue() {
        try (FhirStore store = SqliteBackend.builder().file(file).build()) {
            StoredResource v3 = store.update(
                    ACME, "Patient", "p1", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Mountbatten\"}]}");
            assertThat(v3.versionId()).isEqualTo(3);
            assertThat(ids(store, ACME, "Patient?name=mountbatten")).containsExactly("p1");
            assertThat(ids(store, ACME, "Patient?name=windsor")).isEmpty();
            StoredResource back = store.update(
                    ACME, "Patient", "p2", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Back\"}]}");
            assertThat(back.versionId()).isEqualTo(3);
            assertThat(ids(store, ACME, "Patient?name=back")).containsExactly("p2");
            String created = store.create(
                            ACME, "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"New\"}]}")
                    .id();
            assertThat(ids(store, ACME, "Patient?name=new")).containsExactly(created);

            assertThat(ids(store, ACME, "Patient?name=unindexed")).isEmpty();
            store.reindex(ACME, ReindexRequest.ofType("Patient"), ReindexProgress.NONE);
            assertThat(ids(store, ACME, "Patient?name=unindexed")).containsExactly("p3");
            assertThat(store.read(ACME, "Patient", "p3").versionId()).isEqualTo(1);
        }
    }

    private static List<String> ids(FhirStore store, TenantContext ctx, String query) {
        return store.search(ctx, SearchQuery.parse(query)).matches().stream()
                .map(StoredResource::id)
                .toList();
    }

    private int schemaVersion() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery("SELECT max(version) FROM polystore_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
