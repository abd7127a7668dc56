package dev.polystore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process, against a SQLite file in a temporary directory. */
class PolystoreCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String store;

    record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && !all.contains("--help") && !String.join(" ", all).contains("--store")) {
            all.add("--store");
            all.add(store);
        }
        int status =
                PolystoreCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeEach
    void data() throws IOException {
        store = "sqlite:" + dir.resolve("cli.db");
        Files.writeString(
                dir.resolve("transaction.json"),
                """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:7f1c7a4e-0000-4000-8000-000000000001",
                  "resource":{"resourceType":"Patient","identifier":[{"system":"http://example.org/mrn","value":"m1"}],
                              "name":[{"family":"Okafor","given":["Ada"]}]},
                  "request":{"method":"POST","url":"Patient"}},
                 {"resource":{"resourceType":"Observation","status":"final",
                              "code":{"text":"weight"},"subject":{"reference":"urn:uuid:7f1c7a4e-0000-4000-8000-000000000001"}},
                  "request":{"method":"POST","url":"Observation"}}]}
                """);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("patients.ndjson.gz")))) {
            gz.write(("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Lind\"}]}\n"
                            + "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"name\":[{\"family\":\"Brandt\"}]}\n"
                            + "\n"
                            + "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"name\":[{\"family\":\"Sato\"}]}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void loadsBundlesNdjsonAndGzipAndSummarises() {
        Run r = run("load", dir.toString());
        assertThat(r.status()).as("exit status; stderr %s", r.err()).isZero();
        assertThat(r.out()).contains("loaded 5 resources from 2 files").contains("0 errors");
        assertThat(run("search", "Patient?_count=100", "--format", "ids").out().lines())
                .hasSize(4)
                .contains("Patient/p1", "Patient/p2", "Patient/p3");
        String observation = run("search", "Observation?code:text=weight", "--format", "ids")
                .out()
                .strip();
        String ada = run("search", "Patient?identifier=http://example.org/mrn|m1", "--format", "ids")
                .out()
                .strip();
        assertThat(observation).startsWith("Observation/");
        JsonNode obs = read(run("read", observation).out());
        assertThat(obs.path("subject").path("reference").asText())
                .as("the urn:uuid reference, rewritten by the transaction")
                .isEqualTo(ada);
    }

    @Test
    void badFilesAreNamedTheOthersLoadAndTheStatusIsOne() throws IOException {
        Files.writeString(dir.resolve("broken.json"), "{ not json");
        Files.writeString(
                dir.resolve("mixed.ndjson"),
                "{\"resourceType\":\"Patient\",\"id\":\"q1\"}\n{\"resourceType\":\"NoSuchType\",\"id\":\"x\"}\n"
                        + "{\"resourceType\":\"Patient\",\"id\":\"q2\"}\n");
        Run r = run("load", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("broken.json").contains("mixed.ndjson: line 2");
        assertThat(r.out()).contains("loaded 7 resources from 4 files").contains("2 errors in 2 files");
        assertThat(run("read", "Patient/q2").status())
                .as("the good lines of a bad file load")
                .isZero();

        Run failFast = run(
                "load",
                dir.resolve("broken.json").toString(),
                dir.resolve("transaction.json").toString(),
                "--fail-fast");
        assertThat(failFast.status()).isEqualTo(1);
        assertThat(failFast.err()).contains("--fail-fast");
        assertThat(failFast.out()).contains("loaded 0 resources");
    }

    @Test
    void loadDrawsAProgressBarWithRateAndEta() {
        Run r = run("load", dir.toString(), "--progress", "always");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("load").contains("100%").contains("MB/s").contains("5 resources, 0 errors");
        assertThat(run("load", dir.toString(), "--progress", "never").err()).doesNotContain("MB/s");
    }

    @Test
    void aJournalResumesAnInterruptedLoad() throws IOException {
        Path journal = dir.resolve("load.journal");
        // an interrupted load: only the transaction was loaded and recorded
        assertThat(run("load", dir.resolve("transaction.json").toString(), "--journal", journal.toString())
                        .status())
                .isZero();
        assertThat(Files.readAllLines(journal)).hasSize(1);
        Run resumed = run("load", dir.toString(), "--journal", journal.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("loaded 3 resources from 1 files").contains("1 files skipped");
        assertThat(run("search", "Patient?_count=100", "--format", "ids").out().lines())
                .as("the transaction's Patient once, not twice")
                .hasSize(4);
        Files.writeString(dir.resolve("late.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"late\"}\n");
        assertThat(run("load", dir.toString(), "--journal", journal.toString()).out())
                .contains("loaded 1 resources from 1 files")
                .contains("2 files skipped");
    }

    @Test
    void searchPrintsBundleTableAndIdsAndFollowsPages() {
        run("load", dir.resolve("patients.ndjson.gz").toString());
        JsonNode bundle = read(run("search", "Patient?_sort=family&_count=2").out());
        assertThat(bundle.path("type").asText()).isEqualTo("searchset");
        assertThat(bundle.path("entry").size()).isEqualTo(2);
        assertThat(bundle.path("link").toString()).contains("next");

        JsonNode all =
                read(run("search", "Patient?_sort=family&_count=2", "--all").out());
        List<String> families = new ArrayList<>();
        all.path("entry")
                .forEach(e -> families.add(
                        e.path("resource").path("name").path(0).path("family").asText()));
        assertThat(families).as("every page, in order").containsExactly("Brandt", "Lind", "Sato");
        assertThat(all.path("link").toString()).doesNotContain("next");

        Run table = run("search", "Patient?_sort=family", "--format", "table");
        assertThat(table.out()).contains("Patient/p2").contains("Brandt").contains("3 matches, 0 includes");
        assertThat(run("search", "Patient?_sort=-family", "--format", "ids")
                        .out()
                        .lines())
                .containsExactly("Patient/p3", "Patient/p1", "Patient/p2");
    }

    @Test
    void aConfigFileNamesTheStoreAndTenant() throws IOException {
        Path config = dir.resolve("polystore.properties");
        Files.writeString(config, "store=" + store + "\ntenant=clinic-a\n");
        assertThat(run(
                                "load",
                                dir.resolve("patients.ndjson.gz").toString(),
                                "--config",
                                config.toString(),
                                "--store",
                                store)
                        .status())
                .isZero();
        Run viaConfig =
                run("search", "Patient?_count=10", "--format", "ids", "--config", config.toString(), "--store", store);
        assertThat(viaConfig.out().lines()).hasSize(3);
        assertThat(run("search", "Patient?_count=10", "--format", "ids").out().lines())
                .as("the default tenant does not see clinic-a's data")
                .isEmpty();
        assertThat(run("search", "Patient?_count=10", "--format", "ids", "--tenant", "clinic-a")
                        .out()
                        .lines())
                .hasSize(3);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PolystoreCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "search",
                "Patient?_count=10",
                "--format",
                "ids",
                "--config",
                config.toString());
        assertThat(status).as("the store from the config file alone; %s", err).isZero();
        assertThat(out.toString().lines()).hasSize(3);
    }

    @Test
    void readAndVread() {
        run("load", dir.resolve("patients.ndjson.gz").toString());
        run("load", dir.resolve("patients.ndjson.gz").toString());
        assertThat(read(run("read", "Patient/p1").out())
                        .path("meta")
                        .path("versionId")
                        .asText())
                .isEqualTo("2");
        assertThat(read(run("read", "Patient/p1/_history/1").out())
                        .path("meta")
                        .path("versionId")
                        .asText())
                .isEqualTo("1");
        assertThat(read(run("vread", "Patient/p1/_history/1").out())
                        .path("meta")
                        .path("versionId")
                        .asText())
                .isEqualTo("1");
        Run unversioned = run("vread", "Patient/p1");
        assertThat(unversioned.status()).isEqualTo(1);
        assertThat(unversioned.err()).contains("is not Type/id/_history/N");
        Run gone = run("vread", "Patient/p1/_history/3");
        assertThat(gone.status()).as("a version that does not exist").isEqualTo(1);
        assertThat(gone.err()).containsIgnoringCase("version");
    }

    @Test
    void historyAtEveryLevel() {
        run("load", dir.resolve("patients.ndjson.gz").toString());
        run("load", dir.resolve("patients.ndjson.gz").toString());
        JsonNode instance = read(run("history", "Patient/p1").out());
        assertThat(instance.path("type").asText()).isEqualTo("history");
        List<String> versions = new ArrayList<>();
        instance.path("entry")
                .forEach(e -> versions.add(
                        e.path("resource").path("meta").path("versionId").asText()));
        assertThat(versions).as("newest first").containsExactly("2", "1");
        assertThat(read(run("history", "Patient", "--all", "--count", "2").out())
                        .path("entry")
                        .size())
                .as("type history over pages")
                .isEqualTo(6);
        assertThat(read(run("history").out()).path("entry").size())
                .as("system history")
                .isEqualTo(6);
        assertThat(read(run("history", "Patient", "--since", "2999-01-01T00:00:00Z")
                                .out())
                        .path("entry")
                        .size())
                .isZero();
        Run bad = run("history", "Patient", "--since", "yesterday");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("--since").contains("hint:");
    }

    @Test
    void exportThenImportIsLossless() throws IOException {
        assertThat(run("load", dir.toString()).status()).isZero();
        Path first = dir.resolve("export1");
        Run export = run("export", first.toString());
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 5 resources into 2 files");
        assertThat(Files.readAllLines(first.resolve("Patient.ndjson"))).hasSize(4);

        String restored = "sqlite:" + dir.resolve("restored.db");
        Run imported = run("import", first.toString(), "--store", restored);
        assertThat(imported.status()).as(imported.err()).isZero();
        Path second = dir.resolve("export2");
        assertThat(run("export", second.toString(), "--store", restored).status())
                .isZero();
        for (String type : List.of("Patient", "Observation")) {
            assertThat(withoutVersionStamp(second.resolve(type + ".ndjson")))
                    .as("%s after export, import and export again (versions and times are the new store's)", type)
                    .isEqualTo(withoutVersionStamp(first.resolve(type + ".ndjson")));
        }
        Run onlyPatients = run("export", dir.resolve("export3").toString(), "--type", "Patient");
        assertThat(onlyPatients.out()).contains("exported 4 resources into 1 files");
    }

    private static List<String> withoutVersionStamp(Path ndjson) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson)) {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) read(line);
            com.fasterxml.jackson.databind.node.ObjectNode meta =
                    (com.fasterxml.jackson.databind.node.ObjectNode) node.path("meta");
            meta.remove("versionId");
            meta.remove("lastUpdated");
            out.add(node.toString());
        }
        return out;
    }

    @Test
    void reindexReportsProgressAndTotals() {
        run("load", dir.resolve("patients.ndjson.gz").toString());
        Run r = run("reindex", "--type", "Patient");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("reindex: 3/3 (100%)");
        assertThat(r.out()).contains("reindexed 3 of 3 resources");
        Run storageOnly = run("reindex", "--store", "sqlite::memory:");
        assertThat(storageOnly.status())
                .as("an empty in-memory store has nothing to reindex")
                .isZero();
    }

    @Test
    void failuresAreOneLineWithAHint() {
        Run missing = run("read", "Patient/none");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("HTTP 404");
        assertThat(missing.err().lines()).hasSize(1);

        Run badQuery = run("search", "Patient?no-such-parameter=1");
        assertThat(badQuery.status()).isEqualTo(1);
        assertThat(badQuery.err()).contains("no-such-parameter");

        Run badStore = run("read", "Patient/p1", "--store", "nosuch:thing");
        assertThat(badStore.status()).isEqualTo(1);
        assertThat(badStore.err())
                .contains("no store for the URL")
                .contains("hint: ")
                .contains("sqlite:");

        Run verbose = run("read", "Patient/none", "--verbose");
        assertThat(verbose.err()).contains("at dev.polystore");

        Run usage = run("read");
        assertThat(usage.status()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : List.of("load", "read", "search", "history", "export", "import", "reindex")) {
            Run help = run(command, "--help");
            assertThat(help.status()).isZero();
            assertThat(help.out()).as(command + " --help").contains("Example: polystore " + command);
        }
        assertThat(run("--help").out()).contains("load").contains("search").contains("read");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
