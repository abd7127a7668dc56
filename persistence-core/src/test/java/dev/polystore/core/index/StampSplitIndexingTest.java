package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.core.store.ResourceStamper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writers index a resource in two parts: everything but {@link ResourceIndexer#STAMP_DEPENDENT} ahead of time, from the
 * resource with its id set, and the stamp-dependent parameters after stamping. Over every R4 specification example the
 * two parts together must equal indexing the stamped resource at once, so the split can never lose or alter an entry.
 */
class StampSplitIndexingTest {

    @Test
    void aheadPlusStampDependentEqualsWhole() {
        ResourceIndexer indexer = ResourceIndexer.forVersion(FhirVersion.R4);
        int compared = 0;
        for (Examples.Example example : Examples.all("json/spec/")) {
            if (!(example.resource() instanceof ObjectNode resource)
                    || !resource.path("resourceType").isTextual()) {
                continue;
            }
            String type = resource.get("resourceType").asText();
            ObjectNode ahead = resource.deepCopy();
            ahead.put("id", "split-test");
            List<IndexEntry> split =
                    new ArrayList<>(indexer.index(type, ahead, code -> !ResourceIndexer.STAMP_DEPENDENT.contains(code))
                            .entries());
            ObjectNode stamped = ResourceStamper.stamp(
                    resource.deepCopy(), "split-test", 3, Instant.parse("2024-05-06T07:08:09.123Z"));
            split.addAll(indexer.index(type, stamped, ResourceIndexer.STAMP_DEPENDENT::contains)
                    .entries());
            List<IndexEntry> whole = indexer.index(type, stamped).entries();
            assertThat(sorted(split)).as("%s: split indexing", example.path()).isEqualTo(sorted(whole));
            compared++;
        }
        assertThat(compared).as("examples compared").isGreaterThan(2000);
    }

    private static List<String> sorted(List<IndexEntry> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(String.valueOf(e)));
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
