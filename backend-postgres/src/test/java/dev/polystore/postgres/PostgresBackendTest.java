package dev.polystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.ResourceWrite;
import dev.polystore.api.StoredResource;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.postgres.internal.PostgresUrls;
import dev.polystore.testservers.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PostgreSQL backend: configuration, URLs, capabilities, explicit transactions")
class PostgresBackendTest {

    private static String patient(String family) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    @Test
    @DisplayName("A libpq-style postgresql:// URL with the user in it opens a working store")
    void libpqUrl() {
        PostgresServer server = PostgresAdmin.server();
        String url = "postgresql://" + server.user() + (server.password().isEmpty() ? "" : ":" + server.password())
                + "@" + server.host() + ":" + server.port() + "/" + server.database();
        try (FhirStore store =
                PostgresBackend.builder().url(url).schema("url_test").build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("url"));
            StoredResource created = store.create(ctx, "Patient", patient("Url"));
            assertThat(store.read(ctx, "Patient", created.id()).json()).contains("Url");
        }
    }

    @Test
    @DisplayName("A bulk write large enough to go by COPY stores index rows with escapes, tabs, line breaks and nulls")
    void bulkIndexRowsByCopy() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (FhirStore store = PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                .schema("bulk_copy")
                .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("bulk"));
            // what COPY's text format must escape: backslash (also before N, its null), tab, line feed, return
            String awkward = "Back\\slash\ttab\nline\r\\N \u00e9\u6f22";
            String awkwardId = "a\\b";
            List<ResourceWrite> writes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                writes.add(ResourceWrite.of(
                        "Patient",
                        null,
                        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:copy\",\"value\":"
                                + json.writeValueAsString(i == 123 ? awkwardId : "id" + i) + "}],\"name\":[{\"family\":"
                                + json.writeValueAsString(i == 123 ? awkward : "Family" + i) + ",\"given\":[\"G" + i
                                + "\"]}],\"birthDate\":\"1970-01-0" + (1 + i % 9) + "\",\"active\":true}"));
            }
            // one batch, well past PostgresIndexWriter.COPY_MIN_ROWS index rows
            List<StoredResource> stored = store.writeBulk(ctx, writes);
            String expected = stored.get(123).id();
            // in search values a backslash is escaped as \\
            assertThat(store.search(ctx, SearchQuery.of("Patient").param("identifier", "urn:copy|a\\\\b"))
                            .matches())
                    .extracting(StoredResource::id)
                    .containsExactly(expected);
            assertThat(store.search(ctx, SearchQuery.of("Patient").param("family:exact", awkward.replace("\\", "\\\\")))
                            .matches())
                    .extracting(StoredResource::id)
                    .containsExactly(expected);
            assertThat(store.search(ctx, SearchQuery.parse("Patient?birthdate=1970-01-05&_total=accurate&_count=0"))
                            .total())
                    .isEqualTo(44L);
            assertThat(store.search(ctx, SearchQuery.parse("Patient?_content=G399&_total=accurate"))
                            .total())
                    .isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("A search value too long for a B-tree index entry is an invalid resource, and nothing is stored")
    void searchValueTooLongForTheIndex() {
        try (FhirStore store = PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                .schema("long_values")
                .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("long"));
            // 12,000 random letters: past the index entry limit even compressed
            java.util.Random random = new java.util.Random(3);
            StringBuilder value = new StringBuilder();
            for (int i = 0; i < 12_000; i++) {
                value.append((char) ('a' + random.nextInt(26)));
            }
            String json = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"" + value
                    + "\"}]}";
            assertThatThrownBy(() -> store.create(ctx, "Patient", json))
                    .isInstanceOf(dev.polystore.api.error.InvalidResourceException.class)
                    .hasMessageContaining("cannot index")
                    .hasMessageContaining("nothing was stored");
            assertThat(store.search(ctx, SearchQuery.parse("Patient?_total=accurate"))
                            .total())
                    .isEqualTo(0L);
            // a long value that compresses below the limit is stored and found
            String repeated = "abc".repeat(4_000);
            StoredResource stored = store.create(
                    ctx,
                    "Patient",
                    "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"" + repeated
                            + "\"}]}");
            assertThat(store.search(ctx, SearchQuery.parse("Patient?identifier=urn:x|" + repeated))
                            .matches())
                    .extracting(StoredResource::id)
                    .containsExactly(stored.id());
        }
    }

    @Test
    @DisplayName("URLs: credentials are percent-decoded and kept out of the JDBC URL; other schemes are refused")
    void urlParsing() {
        PostgresUrls.Parsed parsed =
                PostgresUrls.parse("postgresql://ann:p%40ss%2Fw@db.example.org:6543/fhir?ssl=true");
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/fhir?ssl=true");
        assertThat(parsed.user()).isEqualTo("ann");
        assertThat(parsed.password()).isEqualTo("p@ss/w");
        assertThat(PostgresUrls.parse("postgres://db/fhir").user()).isNull();
        assertThat(PostgresUrls.parse("jdbc:postgresql://db/fhir").jdbcUrl()).isEqualTo("jdbc:postgresql://db/fhir");
        assertThat(PostgresUrls.redact("postgresql://ann:secret@db/fhir")).isEqualTo("postgresql://ann:***@db/fhir");
        assertThatThrownBy(() -> PostgresUrls.parse("mysql://db/fhir"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> PostgresUrls.parse("postgresql:///fhir")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("Inconsistent configuration fails at build() with ConfigurationException")
    void invalidConfiguration() {
        assertThatThrownBy(() -> PostgresBackend.builder().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                        .schema("Bad-Schema")
                        .build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                        .tenantPrefix("x".repeat(31))
                        .build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> PostgresTestServers.builder(dev.polystore.testservers.PostgresMajor.V18)
                        .poolSize(0)
                        .build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("A server that cannot be reached fails build() with BackendUnavailableException")
    void unreachableServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> PostgresBackend.builder()
                        .url("postgresql://nobody@127.0.0.1:" + closedPort + "/none")
                        .connectionTimeout(Duration.ofMillis(500))
                        .build())
                .isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    @DisplayName(
            "Capabilities: search with the index, none of its features (and searches refused) with search(false); all three tenancy strategies")
    void capabilities() {
        try (FhirStore store = PostgresAdmin.builder(PostgresAdmin.server().database())
                .schema("capabilities_test")
                .build()) {
            assertThat(store.capabilities().backend()).isEqualTo("postgres");
            assertThat(store.capabilities().supports(Capability.SEARCH)).isTrue();
            assertThat(store.capabilities().supports(Capability.SEARCH_FULL_TEXT))
                    .isTrue();
            assertThat(store.capabilities().supports(Capability.TRANSACTIONS)).isTrue();
            assertThat(store.capabilities().tenancyStrategies()).containsExactlyInAnyOrder(TenancyStrategy.values());
        }
        // storage only: no index, no search features, searches refused
        try (FhirStore store = PostgresAdmin.builder(PostgresAdmin.server().database())
                .schema("capabilities_storage_only")
                .search(false)
                .build()) {
            for (Capability c : PostgresBackend.SEARCH_FEATURES) {
                assertThat(store.capabilities().supports(c))
                        .as("%s without the index", c)
                        .isFalse();
            }
            TenantContext ctx = TenantContext.of(TenantId.of("caps"));
            store.create(ctx, "Patient", patient("A"));
            assertThatThrownBy(() -> store.search(ctx, SearchQuery.parse("Patient?name=x")))
                    .isInstanceOf(UnsupportedCapabilityException.class);
            assertThat(PostgresAdmin.queryLong(
                            PostgresAdmin.server().database(),
                            "SELECT count(*) FROM capabilities_storage_only.idx_string"))
                    .as("index rows written without the index")
                    .isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> PostgresAdmin.builder(PostgresAdmin.server().database())
                        .search(false)
                        .searchParameter("{}")
                        .build())
                .isInstanceOf(dev.polystore.api.error.ConfigurationException.class);
    }

    @Test
    @DisplayName("A SERIALIZABLE transaction that read a resource a concurrent one then changed fails with a conflict")
    void serializationFailureOfExplicitTransaction() {
        try (FhirStore store = PostgresAdmin.builder(PostgresAdmin.server().database())
                .schema("transactions_test")
                .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("serializable"));
            StoredResource a = store.create(ctx, "Patient", patient("A"));
            StoredResource b = store.create(ctx, "Patient", patient("B"));
            try (var late = store.begin(ctx, TransactionOptions.DEFAULT)) {
                late.read("Patient", b.id()); // the snapshot of the late transaction starts here
                try (var early = store.begin(ctx, TransactionOptions.DEFAULT)) {
                    early.update("Patient", a.id(), patient("A2").replace("{", "{\"id\":\"" + a.id() + "\","));
                    early.commit();
                }
                assertThatThrownBy(() -> {
                            late.read("Patient", a.id());
                            late.update("Patient", a.id(), patient("A3").replace("{", "{\"id\":\"" + a.id() + "\","));
                            late.commit();
                        })
                        .isInstanceOf(VersionConflictException.class)
                        .hasMessageContaining("serialize")
                        .cause()
                        .as("the driver's report, as the cause")
                        .isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("serialize");
            }
            assertThat(store.read(ctx, "Patient", a.id()).versionId()).isEqualTo(2);
            assertThat(store.read(ctx, "Patient", a.id()).json()).contains("A2");
        }
    }

    @Test
    @DisplayName("At READ COMMITTED the same interleaving succeeds: the late transaction writes after the early one")
    void readCommittedTransactionSeesCommittedVersion() {
        try (FhirStore store = PostgresAdmin.builder(PostgresAdmin.server().database())
                .schema("transactions_test")
                .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("read-committed"));
            StoredResource a = store.create(ctx, "Patient", patient("A"));
            StoredResource b = store.create(ctx, "Patient", patient("B"));
            TransactionOptions readCommitted =
                    TransactionOptions.DEFAULT.withIsolation(TransactionOptions.Isolation.READ_COMMITTED);
            try (var late = store.begin(ctx, readCommitted)) {
                // reading in a write transaction locks the resource until commit: read another one here
                late.read("Patient", b.id());
                try (var early = store.begin(ctx, readCommitted)) {
                    early.update("Patient", a.id(), patient("A2").replace("{", "{\"id\":\"" + a.id() + "\","));
                    early.commit();
                }
                StoredResource written =
                        late.update("Patient", a.id(), patient("A3").replace("{", "{\"id\":\"" + a.id() + "\","));
                assertThat(written.versionId()).isEqualTo(3);
                late.commit();
            }
            assertThat(store.versions(ctx, "Patient", a.id())).hasSize(3);
        }
    }

    @Test
    @DisplayName("A write waiting on a resource another open transaction holds gives up after lockTimeout")
    void lockTimeout() {
        try (FhirStore store = PostgresAdmin.builder(PostgresAdmin.server().database())
                .schema("transactions_test")
                .lockTimeout(Duration.ofMillis(300))
                .build()) {
            TenantContext ctx = TenantContext.of(TenantId.of("lock-timeout"));
            StoredResource a = store.create(ctx, "Patient", patient("A"));
            String update = patient("A2").replace("{", "{\"id\":\"" + a.id() + "\",");
            try (var open = store.begin(ctx, TransactionOptions.DEFAULT)) {
                open.update("Patient", a.id(), update);
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.update(ctx, "Patient", a.id(), update))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("55P03");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
                open.rollback();
            }
            assertThat(store.update(ctx, "Patient", a.id(), update).versionId()).isEqualTo(2);
        }
    }
}
