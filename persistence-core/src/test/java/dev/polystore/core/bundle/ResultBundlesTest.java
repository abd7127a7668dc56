package dev.polystore.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.json.FhirJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultBundlesTest {
    private static final TenantId T = TenantId.of("t");
    private static final Instant AT = Instant.parse("2024-03-04T05:06:07.089Z");

    private static StoredResource resource(String type, String id, long v, ChangeKind change) {
        String json = change == ChangeKind.DELETE
                ? null
                : "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + v + "\"}}";
        return new StoredResource(T, type, id, v, AT, FhirVersion.R4, change, json);
    }

    @Test
    void searchsetKeepsMatchesAndIncludesApartWithLinksAndTotal() throws Exception {
        SearchResult result = new SearchResult(
                List.of(resource("Observation", "o1", 1, ChangeKind.CREATE)),
                List.of(resource("Patient", "p1", 2, ChangeKind.UPDATE)),
                7L,
                "c/ur+sor",
                List.of(),
                "Observation?subject=Patient/p1&_include=Observation:subject");
        JsonNode b = FhirJson.TRUSTED.readTree(ResultBundles.searchset(result, "https://x.org/fhir/"));
        assertThat(b.get("type").asText()).isEqualTo("searchset");
        assertThat(b.get("total").asLong()).isEqualTo(7);
        assertThat(b.at("/link/0/relation").asText()).isEqualTo("self");
        assertThat(b.at("/link/0/url").asText())
                .isEqualTo("https://x.org/fhir/Observation?subject=Patient/p1&_include=Observation:subject");
        assertThat(b.at("/link/1/url").asText()).endsWith("&_cursor=c%2Fur%2Bsor");
        assertThat(b.at("/entry/0/fullUrl").asText()).isEqualTo("https://x.org/fhir/Observation/o1");
        assertThat(b.at("/entry/0/search/mode").asText()).isEqualTo("match");
        assertThat(b.at("/entry/1/resource/id").asText()).isEqualTo("p1");
        assertThat(b.at("/entry/1/search/mode").asText()).isEqualTo("include");
    }

    @Test
    void searchsetWithoutTotalOrNextHasNeither() throws Exception {
        SearchResult result = new SearchResult(List.of(), List.of(), null, null, List.of(), "Patient?");
        JsonNode b = FhirJson.TRUSTED.readTree(ResultBundles.searchset(result, "http://h"));
        assertThat(b.has("total")).isFalse();
        assertThat(b.get("link")).hasSize(1);
        assertThat(b.get("entry")).isEmpty();
    }

    @Test
    void historyBundleDescribesEachChange() throws Exception {
        HistoryPage page = new HistoryPage(
                List.of(
                        resource("Patient", "p1", 3, ChangeKind.DELETE),
                        resource("Patient", "p1", 2, ChangeKind.UPDATE),
                        resource("Patient", "p1", 1, ChangeKind.CREATE)),
                "next");
        JsonNode b = FhirJson.TRUSTED.readTree(ResultBundles.history(page, "http://h", "Patient/p1/_history"));
        assertThat(b.get("type").asText()).isEqualTo("history");
        assertThat(b.at("/link/1/url").asText()).isEqualTo("http://h/Patient/p1/_history?_cursor=next");
        assertThat(b.at("/entry/0/request/method").asText()).isEqualTo("DELETE");
        assertThat(b.at("/entry/0/request/url").asText()).isEqualTo("Patient/p1");
        assertThat(b.at("/entry/0/resource").isMissingNode()).isTrue();
        assertThat(b.at("/entry/0/response/status").asText()).isEqualTo("204 No Content");
        assertThat(b.at("/entry/1/request/method").asText()).isEqualTo("PUT");
        assertThat(b.at("/entry/1/response/etag").asText()).isEqualTo("W/\"2\"");
        assertThat(b.at("/entry/2/request/method").asText()).isEqualTo("POST");
        assertThat(b.at("/entry/2/request/url").asText()).isEqualTo("Patient");
        assertThat(b.at("/entry/2/response/lastModified").asText()).isEqualTo("2024-03-04T05:06:07.089Z");
    }
}
