package dev.polystore.core.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.core.json.FhirJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A terminology source over resources held in memory; later resources count as more recently updated. */
final class MapSource implements TerminologySource {
    private final List<JsonNode> resources = new ArrayList<>();

    MapSource add(String json) {
        try {
            resources.add(FhirJson.TRUSTED.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public Optional<CodeSystemHierarchy> codeSystem(String url, String version) {
        return find("CodeSystem", url, version).map(CodeSystemHierarchy::of);
    }

    @Override
    public Optional<JsonNode> valueSet(String url, String version) {
        return find("ValueSet", url, version);
    }

    private Optional<JsonNode> find(String type, String url, String version) {
        JsonNode found = null;
        for (JsonNode r : resources) {
            if (r.path("resourceType").asText().equals(type)
                    && r.path("url").asText().equals(url)
                    && (version == null || version.equals(r.path("version").asText(null)))) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }
}
