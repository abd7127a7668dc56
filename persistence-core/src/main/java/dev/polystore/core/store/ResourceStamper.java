package dev.polystore.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Sets the metadata the store owns: {@code id}, {@code meta.versionId} and {@code meta.lastUpdated}. */
public final class ResourceStamper {
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ResourceStamper() {}

    /** Renders a lastUpdated instant as the store writes it: UTC with milliseconds. */
    public static String formatInstant(Instant instant) {
        return INSTANT.format(instant);
    }

    /** Truncates an instant to the store's precision (milliseconds). */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Returns a tree equal to {@code tree} with {@code id}, {@code meta.versionId} and {@code meta.lastUpdated} set;
     * other members keep their order, and a new {@code id} and {@code meta} follow {@code resourceType}. May reuse and
     * change {@code tree}.
     */
    public static ObjectNode stamp(ObjectNode tree, String id, long versionId, Instant lastUpdated) {
        ObjectNode target = tree;
        boolean hasId = tree.has("id");
        boolean hasMeta = tree.get("meta") instanceof ObjectNode;
        if (!hasId || !hasMeta) {
            target = tree.objectNode();
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                target.set(e.getKey(), e.getValue());
                if (e.getKey().equals("resourceType")) {
                    if (!hasId) {
                        target.put("id", id);
                    }
                    if (!hasMeta) {
                        target.putObject("meta");
                    }
                }
            }
        }
        target.put("id", id);
        ObjectNode meta = (ObjectNode) target.get("meta");
        meta.put("versionId", Long.toString(versionId));
        meta.put("lastUpdated", formatInstant(lastUpdated));
        return target;
    }
}
