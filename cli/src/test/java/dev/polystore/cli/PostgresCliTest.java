package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.testservers.PostgresMajor;
import dev.polystore.testservers.PostgresServer;
import dev.polystore.testservers.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on {@code postgresql://} stores of a real PostgreSQL 18: loading, the read interactions and export
 * round trips, bench beside SQLite, and the errors of bad URLs and absent servers. What depends on the PostgreSQL
 * backend's capabilities (search, conditional creates) is asserted against the capabilities it declares.
 */
class PostgresCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLE_RESOURCES = 8294;

    /** A password the output must never show; a launched server trusts its user and ignores it. */
    private static String password;

    /** The store's URL, in a schema of its own so that runs do not meet each other's data. */
    private static String url;

    private static Capabilities capabilities;

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void server() {
        PostgresServer server = TestServers.postgres(PostgresMajor.V18);
        password = server.password().isEmpty() ? "cli-secret-" + UUID.randomUUID() : server.password();
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        url = "postgresql://" + encode(server.user()) + ":" + encode(password) + "@" + host + ":" + server.port() + "/"
                + encode(server.database()) + "?schema=" + schema;
        try (FhirStore store = new PostgresStoreProvider().open(url)) {
            capabilities = store.capabilities();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PolystoreCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        Run run = new Run(status, out.toString(), err.toString());
        assertThat(run.out() + run.err()).as("the password never shows").doesNotContain(password);
        return run;
    }

    private Path sample() throws IOException {
        Path sample = Files.createDirectories(dir.resolve("sample"));
        for (String file : DemoCommand.sampleFiles()) {
            try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.SAMPLE + file)) {
                Files.copy(in, sample.resolve(file));
            }
        }
        return sample;
    }

    private static boolean processesSyntheaBundles() {
        return capabilities.supports(Capability.TRANSACTIONS)
                && capabilities.supports(Capability.CONDITIONAL_CREATE)
                && capabilities.supports(Capability.SEARCH);
    }

    @Test
    void loadsTheSampleOrSaysWhichCapabilityItLacks() throws IOException {
        Run load = run("load", sample().toString(), "--store", url, "--tenant", "sample");
        if (processesSyntheaBundles()) {
            assertThat(load.status()).as("stderr %s", load.err()).isZero();
            assertThat(load.out()).contains("loaded " + SAMPLE_RESOURCES + " resources from 10 files");
        } else {
            // Synthea's shared resources are conditional creates (refused entry by entry: their Bundles are batches)
            // and the patients' references to them conditional (each patient's transaction refused as a whole)
            assertThat(load.status()).isEqualTo(1);
            assertThat(load.out()).contains("errors in 10 files");
            assertThat(load.err())
                    .as("stderr %s", load.err())
                    .contains("hospitalInformation1735689600000.json.gz: entry 0: 501 Not Implemented The postgres"
                            + " backend does not support CONDITIONAL_CREATE")
                    .contains("Dennise990_Rath779_79590754-4679-dafd-8aab-103706580fff.json.gz: A conditional"
                            + " reference needs search, which this store does not offer");
        }
    }

    @Test
    void theSampleRoundTripsThroughExportAndImportWithReadVreadAndHistory() throws IOException {
        String sqlite = "sqlite:" + dir.resolve("source.db");
        assertThat(run("load", sample().toString(), "--store", sqlite).status()).isZero();
        Path fromSqlite = dir.resolve("from-sqlite");
        assertThat(run("export", fromSqlite.toString(), "--store", sqlite).out())
                .contains("exported " + SAMPLE_RESOURCES + " resources");

        Run imported = run("import", fromSqlite.toString(), "--store", url, "--tenant", "roundtrip");
        assertThat(imported.status()).as("stderr %s", imported.err()).isZero();
        assertThat(imported.out())
                .contains("loaded " + SAMPLE_RESOURCES + " resources")
                .contains("0 errors");

        Path fromPostgres = dir.resolve("from-postgres");
        Run exported = run("export", fromPostgres.toString(), "--store", url, "--tenant", "roundtrip");
        assertThat(exported.status()).as("stderr %s", exported.err()).isZero();
        assertThat(exported.out()).contains("exported " + SAMPLE_RESOURCES + " resources");
        List<String> files = fileNames(fromSqlite);
        assertThat(fileNames(fromPostgres)).isEqualTo(files);
        for (String file : files) {
            // the same resources in the same (id) order; only meta.lastUpdated is the import's own
            assertThat(withoutLastUpdated(fromPostgres.resolve(file)))
                    .as(file)
                    .isEqualTo(withoutLastUpdated(fromSqlite.resolve(file)));
        }

        String patient =
                Files.readAllLines(fromPostgres.resolve("Patient.ndjson")).get(0);
        String id = JSON.readTree(patient).path("id").asText();
        Run read = run("read", "Patient/" + id, "--store", url, "--tenant", "roundtrip");
        assertThat(read.out().strip()).isEqualTo(patient);

        ObjectNode changed = (ObjectNode) JSON.readTree(patient);
        changed.remove("meta");
        changed.put("gender", "other");
        Path update = dir.resolve("update.json");
        Files.writeString(update, changed.toString());
        assertThat(run("load", update.toString(), "--store", url, "--tenant", "roundtrip")
                        .status())
                .isZero();
        JsonNode second = JSON.readTree(run("read", "Patient/" + id, "--store", url, "--tenant", "roundtrip")
                .out());
        assertThat(second.path("meta").path("versionId").asText()).isEqualTo("2");
        assertThat(second.path("gender").asText()).isEqualTo("other");
        assertThat(run("vread", "Patient/" + id + "/_history/1", "--store", url, "--tenant", "roundtrip")
                        .out()
                        .strip())
                .isEqualTo(patient);

        JsonNode history = JSON.readTree(run("history", "Patient/" + id, "--store", url, "--tenant", "roundtrip")
                .out());
        assertThat(history.path("type").asText()).isEqualTo("history");
        assertThat(history.path("entry")).hasSize(2);
        assertThat(history.path("entry")
                        .path(0)
                        .path("resource")
                        .path("meta")
                        .path("versionId")
                        .asText())
                .as("newest first")
                .isEqualTo("2");
        assertThat(history.path("entry").path(0).path("request").path("method").asText())
                .isEqualTo("PUT");
        assertThat(history.path("entry").path(1).path("resource").toString())
                .isEqualTo(JSON.readTree(patient).toString());
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> withoutLastUpdated(Path ndjson) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson)) {
            ObjectNode resource = (ObjectNode) JSON.readTree(line);
            ((ObjectNode) resource.path("meta")).remove("lastUpdated");
            lines.add(resource.toString());
        }
        return lines;
    }

    @Test
    void searchRunsOrFailsWithTheTypedErrorOfTheMissingCapability() {
        Run search = run("search", "Patient?name=Rath", "--format", "ids", "--store", url, "--tenant", "search");
        if (capabilities.supports(Capability.SEARCH)) {
            assertThat(search.status()).as("stderr %s", search.err()).isZero();
        } else {
            assertThat(search.status()).isEqualTo(1);
            assertThat(search.err())
                    .contains("error: The postgres backend does not support SEARCH")
                    .contains("UnsupportedCapabilityException, HTTP 501")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void benchComparesSqliteAndPostgresInOneRun() throws IOException {
        String sqlite = "sqlite:" + dir.resolve("bench.db");
        Run bench = run("bench", "--store", sqlite, "--store", url, "--out", dir.toString(), "--runs", "3");
        assertThat(bench.status()).as("stderr %s", bench.err()).isZero();
        String masked = url.replace(":" + encode(password) + "@", ":***@");
        assertThat(bench.out()).contains(masked);

        String csv = Files.readString(dir.resolve("bench.csv"));
        String html = Files.readString(dir.resolve("bench.html"));
        assertThat(csv + html).doesNotContain(password);
        List<String> sqliteRows = rows(csv, sqlite);
        List<String> postgresRows = rows(csv, masked);
        assertThat(sqliteRows).hasSize(13);
        assertThat(postgresRows).hasSize(13);
        assertThat(sqliteRows.get(0)).startsWith(sqlite + ",ingest," + SAMPLE_RESOURCES + ",");
        assertThat(postgresRows.get(0))
                .startsWith(masked + ",ingest," + SAMPLE_RESOURCES + ",")
                .contains("raw-row baseline")
                .contains("bytes on disk");
        if (!processesSyntheaBundles()) {
            assertThat(postgresRows.get(0)).contains("bulk writes of the Bundles' resources");
        }
        for (String row : postgresRows) {
            if (!row.startsWith(masked + ",search: ")) {
                continue;
            }
            String label = row.substring((masked + ",search: ").length(), row.indexOf(',', masked.length() + 1));
            List<Capability> lacking = SampleQueries.needs(label).stream()
                    .filter(c -> !capabilities.supports(c))
                    .toList();
            if (lacking.isEmpty()) {
                assertThat(row).as(label).contains(",search: " + label + ",3,").contains("e.g. ");
            } else {
                assertThat(row)
                        .as(label)
                        .contains(",search: " + label + ",0,")
                        .contains("skipped: postgres: no " + lacking.get(0));
            }
        }
        assertThat(postgresRows).anyMatch(r -> r.startsWith(masked + ",history (type),3,"));
        assertThat(postgresRows).anyMatch(r -> r.startsWith(masked + ",updates, 4 threads,100,"));
    }

    private static List<String> rows(String csv, String store) {
        return csv.lines().filter(l -> l.startsWith(store + ",")).toList();
    }

    @Test
    void aMalformedUrlIsAClearErrorWithoutThePassword() {
        Run noHost = run("read", "Patient/1", "--store", "postgresql://ann:" + password + "@/polystore");
        assertThat(noHost.status()).isEqualTo(1);
        assertThat(noHost.err())
                .contains("error: The PostgreSQL URL names no host: postgresql://ann:***@/polystore")
                .contains("hint: a PostgreSQL URL looks like postgresql://");

        Run tenancy = run("read", "Patient/1", "--store", "postgres://localhost/polystore?tenancy=per-row");
        assertThat(tenancy.status()).isEqualTo(1);
        assertThat(tenancy.err())
                .contains("error: tenancy=per-row is not a tenancy strategy")
                .contains("schema-per-tenant");

        Run schema = run("read", "Patient/1", "--store", url.replaceAll("schema=[^&]*", "schema=Bad-Name"));
        assertThat(schema.status()).isEqualTo(1);
        assertThat(schema.err()).contains("schema must be a plain lower-case identifier: Bad-Name");
    }

    @Test
    void anAbsentServerIsReportedUnavailable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run read = run(
                "read",
                "Patient/1",
                "--store",
                String.format(Locale.ROOT, "postgres://ann:%s@127.0.0.1:%d/polystore", password, closed));
        assertThat(read.status()).isEqualTo(1);
        assertThat(read.err())
                .contains("error: Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed)
                .contains("BackendUnavailableException, HTTP 503")
                .contains("hint: check that the server runs");
    }

    @Test
    void passwordsAreMaskedInAnyText() {
        assertThat(Stores.redact("postgresql://ann:p@ss:w@db:5432/fhir?schema=x"))
                .isEqualTo("postgresql://ann:***@db:5432/fhir?schema=x");
        assertThat(Stores.redact("at jdbc:postgresql://db/fhir?user=ann&password=s3cret&ssl=true failed"))
                .isEqualTo("at jdbc:postgresql://db/fhir?user=ann&password=***&ssl=true failed");
        assertThat(Stores.redact("sqlite:/tmp/a.db and https://example.org:8080/x"))
                .isEqualTo("sqlite:/tmp/a.db and https://example.org:8080/x");
    }

    @Test
    void schemaAndTenancyComeOutOfTheQueryAndTheRestGoesToTheDriver() {
        PostgresStoreProvider.Settings settings = PostgresStoreProvider.settings(
                "postgresql://ann@db/fhir?sslmode=require&schema=fhir_a&tenancy=schema-per-tenant");
        assertThat(settings.backendUrl()).isEqualTo("postgresql://ann@db/fhir?sslmode=require");
        assertThat(settings.schema()).isEqualTo("fhir_a");
        assertThat(settings.tenancy()).isEqualTo(dev.polystore.api.capability.TenancyStrategy.SCHEMA_PER_TENANT);
        assertThat(PostgresStoreProvider.settings("postgres://db/fhir").schema())
                .isEqualTo("polystore");
        assertThat(Stores.provider("postgres://db/fhir")).isInstanceOf(PostgresStoreProvider.class);
    }
}
