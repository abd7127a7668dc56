package dev.polystore.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StorageLimits;
import dev.polystore.core.json.FhirJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceStamperTest {
    private final FhirJson json = new FhirJson(StorageLimits.DEFAULT);

    @Test
    void addsIdAndMetaAfterResourceTypeKeepingOrder() {
        ObjectNode tree = (ObjectNode) json.parse("{\"resourceType\":\"Patient\",\"active\":true,\"x\":1.50}", "r");
        String out = json.write(ResourceStamper.stamp(tree, "p1", 3, Instant.parse("2024-05-06T07:08:09.123456Z")));
        assertThat(out)
                .isEqualTo("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"meta\":{\"versionId\":\"3\","
                        + "\"lastUpdated\":\"2024-05-06T07:08:09.123Z\"},\"active\":true,\"x\":1.50}");
    }

    @Test
    void keepsExistingMetaMembersAndReplacesStoreOwnedOnes() {
        ObjectNode tree = (ObjectNode) json.parse(
                "{\"resourceType\":\"Patient\",\"id\":\"old\",\"meta\":{\"versionId\":\"9\",\"profile\":[\"p\"]}}",
                "r");
        String out = json.write(ResourceStamper.stamp(tree, "p1", 1, Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(out)
                .isEqualTo("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"meta\":{\"versionId\":\"1\","
                        + "\"profile\":[\"p\"],\"lastUpdated\":\"2024-01-01T00:00:00.000Z\"}}");
    }

    @Test
    void templateFilledLaterGivesTheSameTextAsStampingThenWriting() {
        String[] resources = {
            "{\"resourceType\":\"Patient\",\"active\":true,\"x\":1.50}",
            "{\"resourceType\":\"Patient\",\"id\":\"old\",\"meta\":{\"versionId\":\"9\",\"profile\":[\"p\"]}}",
            // the store-owned members in the other order, and text around them that looks like a stamp
            "{\"resourceType\":\"Observation\",\"meta\":{\"lastUpdated\":\"2020-01-01T00:00:00Z\",\"versionId\":\"4\"},"
                    + "\"status\":\"final\",\"note\":[{\"text\":\"versionId 1, lastUpdated 2024\"}],\"id\":\"x\"}"
        };
        Instant lastUpdated = Instant.parse("2024-05-06T07:08:09.123456Z");
        for (String resource : resources) {
            for (long version : new long[] {1, 12, 1234567890123L}) {
                String expected = json.write(
                        ResourceStamper.stamp((ObjectNode) json.parse(resource, "r"), "p1", version, lastUpdated));
                ResourceStamper.Template template =
                        ResourceStamper.template((ObjectNode) json.parse(resource, "r"), "p1", json::write);
                assertThat(template).as(resource).isNotNull();
                assertThat(template.fill(version, lastUpdated)).as(resource).isEqualTo(expected);
                assertThat(json.write(ResourceStamper.stamp(template.tree(), "p1", version, lastUpdated)))
                        .as("the template's tree stamped in place")
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void clockIsStrictlyIncreasingPerResource() {
        Instant fixed = Instant.parse("2024-01-01T00:00:00.500Z");
        StoreClock clock = new StoreClock(java.time.Clock.fixed(fixed, java.time.ZoneOffset.UTC));
        assertThat(clock.next(null)).isEqualTo(fixed);
        assertThat(clock.next(fixed)).isEqualTo(fixed.plusMillis(1));
        assertThat(clock.next(fixed.plusSeconds(5)))
                .isEqualTo(fixed.plusSeconds(5).plusMillis(1));
        // never behind an instant issued before, even for another resource or an older previous version
        assertThat(clock.next(null)).isEqualTo(fixed.plusSeconds(5).plusMillis(1));
        assertThat(clock.next(fixed.minusSeconds(1)))
                .isEqualTo(fixed.plusSeconds(5).plusMillis(1));
    }

    @Test
    void historyCursorsRoundTripAndRejectGarbage() {
        var position = new dev.polystore.core.engine.HistoryQuery.HistoryCursorPosition(1_700_000_000_123L, 12345);
        assertThat(HistoryCursor.decode(HistoryCursor.encode(position))).isEqualTo(position);
        String[] bad = {
            "",
            "abc",
            "aDE6LTE",
            "aDI6MTI",
            "!!",
            HistoryCursor.encode(position).substring(1)
        };
        for (String b : bad) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryCursor.decode(b))
                    .as(b)
                    .isInstanceOf(dev.polystore.api.error.InvalidRequestException.class);
        }
    }
}
