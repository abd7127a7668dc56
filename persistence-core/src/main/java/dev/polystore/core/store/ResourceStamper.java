package dev.polystore.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

/** Sets the metadata the store owns: {@code id}, {@code meta.versionId} and {@code meta.lastUpdated}. */
public final class ResourceStamper {
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Stand-ins for the stamp's values in a {@link Template}: random per process, so that no resource contains them by
     * chance (a template is not made if one does).
     */
    private static final String VERSION_MARK = mark("version");

    private static final String TIME_MARK = mark("lastUpdated");

    private ResourceStamper() {}

    private static String mark(String what) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "polystore-" + what + "-" + HexFormat.of().formatHex(random);
    }

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

    /**
     * Stamps {@code tree} with {@code id} and stand-ins for the version and time, and serialises it with {@code
     * write}: the costly part of writing a resource, done before the version stamp is known (outside the engine's
     * writer). Returns null if the text holds a stand-in more than once. May reuse and change {@code tree}.
     */
    public static Template template(ObjectNode tree, String id, Function<ObjectNode, String> write) {
        ObjectNode marked = stamp(tree, id, 0, Instant.EPOCH);
        ObjectNode meta = (ObjectNode) marked.get("meta");
        meta.put("versionId", VERSION_MARK);
        meta.put("lastUpdated", TIME_MARK);
        String text = write.apply(marked);
        int versionAt = text.indexOf(VERSION_MARK);
        int timeAt = text.indexOf(TIME_MARK);
        if (versionAt < 0
                || timeAt < 0
                || text.indexOf(VERSION_MARK, versionAt + 1) >= 0
                || text.indexOf(TIME_MARK, timeAt + 1) >= 0) {
            return null;
        }
        return new Template(id, marked, text, versionAt, timeAt);
    }

    /**
     * A resource stamped with its id and serialised, its version and time left open (see {@link #template}).
     *
     * @param id the id it was stamped with
     * @param tree the stamped tree, whose stand-ins {@link #stamp} replaces in place
     * @param text its JSON text, with the stand-ins at {@code versionAt} and {@code timeAt}
     */
    public record Template(String id, ObjectNode tree, String text, int versionAt, int timeAt) {
        /**
         * The text of {@link #tree()} stamped with {@code versionId} and {@code lastUpdated}: the same as serialising
         * {@code stamp(tree(), id(), versionId, lastUpdated)}, without serialising again.
         */
        public String fill(long versionId, Instant lastUpdated) {
            String version = Long.toString(versionId);
            String time = formatInstant(lastUpdated);
            boolean versionFirst = versionAt < timeAt;
            int first = versionFirst ? versionAt : timeAt;
            int second = versionFirst ? timeAt : versionAt;
            int firstLength = (versionFirst ? VERSION_MARK : TIME_MARK).length();
            int secondLength = (versionFirst ? TIME_MARK : VERSION_MARK).length();
            return new StringBuilder(text.length() + 32)
                    .append(text, 0, first)
                    .append(versionFirst ? version : time)
                    .append(text, first + firstLength, second)
                    .append(versionFirst ? time : version)
                    .append(text, second + secondLength, text.length())
                    .toString();
        }
    }
}
