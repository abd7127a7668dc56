package dev.polystore.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchResult;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.store.FhirIds;
import dev.polystore.core.store.ResourceStamper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Turns results into the FHIR Bundles a server returns as they are: {@code searchset} for a search page and {@code
 * history} for a history page, with {@code fullUrl}s, {@code self} and {@code next} links built from the caller's base
 * URL. The next page's cursor travels in the {@code _cursor} parameter of the {@code next} link; a server passes it
 * back to {@code search}/{@code history} as the cursor.
 */
public final class ResultBundles {
    /** The query parameter that carries a page cursor in {@code next} links. */
    public static final String CURSOR_PARAMETER = "_cursor";

    private ResultBundles() {}

    /**
     * A {@code searchset} Bundle: matches first ({@code search.mode = match}), then includes ({@code include}), {@code
     * total} when the result has one, and {@code self}/{@code next} links.
     *
     * @param baseUrl the server base, for example {@code https://fhir.example.org/r4} (no trailing slash needed); the
     *     empty string gives relative urls ({@code Patient/1})
     */
    public static String searchset(SearchResult result, String baseUrl) {
        return write(searchsetTree(result, baseUrl));
    }

    /** {@link #searchset} as a tree. */
    static ObjectNode searchsetTree(SearchResult result, String baseUrl) {
        String base = prefix(Objects.requireNonNull(baseUrl, "baseUrl"));
        ObjectNode bundle = newBundle("searchset");
        if (result.total() != null) {
            bundle.put("total", result.total());
        }
        ArrayNode links = bundle.putArray("link");
        link(links, "self", base + result.selfUrl());
        if (result.nextCursor() != null) {
            link(links, "next", withCursor(base + result.selfUrl(), result.nextCursor()));
        }
        ArrayNode entries = bundle.putArray("entry");
        addEntries(entries, result.matches(), base, "match");
        addEntries(entries, result.includes(), base, "include");
        return bundle;
    }

    /**
     * A {@code history} Bundle of one page: each entry with {@code request} (method and url) and {@code response}
     * (status, etag, lastModified); deletes carry no resource.
     *
     * @param selfUrl the history request relative to the base, for example {@code Patient/1/_history}
     */
    public static String history(HistoryPage page, String baseUrl, String selfUrl) {
        String base = prefix(Objects.requireNonNull(baseUrl, "baseUrl"));
        ObjectNode bundle = newBundle("history");
        ArrayNode links = bundle.putArray("link");
        link(links, "self", base + selfUrl);
        if (page.nextCursor() != null) {
            link(links, "next", withCursor(base + selfUrl, page.nextCursor()));
        }
        ArrayNode entries = bundle.putArray("entry");
        for (StoredResource r : page.entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", base + r.reference());
            if (!r.deleted()) {
                entry.set("resource", parse(r.json()));
            }
            ObjectNode request = entry.putObject("request");
            request.put("method", r.change().httpMethod());
            request.put("url", r.change() == dev.polystore.api.ChangeKind.CREATE ? r.resourceType() : r.reference());
            ObjectNode response = entry.putObject("response");
            response.put(
                    "status",
                    switch (r.change()) {
                        case CREATE -> "201 Created";
                        case UPDATE -> "200 OK";
                        case DELETE -> "204 No Content";
                    });
            response.put("etag", r.etag());
            response.put("lastModified", ResourceStamper.formatInstant(r.lastUpdated()));
        }
        return write(bundle);
    }

    private static void addEntries(ArrayNode entries, List<StoredResource> resources, String base, String mode) {
        for (StoredResource r : resources) {
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", base + r.reference());
            entry.set("resource", parse(r.json()));
            entry.putObject("search").put("mode", mode);
        }
    }

    private static ObjectNode newBundle(String type) {
        ObjectNode bundle = FhirJson.TRUSTED.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", FhirIds.newId());
        bundle.put("type", type);
        return bundle;
    }

    private static void link(ArrayNode links, String relation, String url) {
        ObjectNode link = links.addObject();
        link.put("relation", relation);
        link.put("url", url);
    }

    static String withCursor(String url, String cursor) {
        String separator = url.contains("?") ? (url.endsWith("?") || url.endsWith("&") ? "" : "&") : "?";
        return url + separator + CURSOR_PARAMETER + "=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    /** The base with one trailing slash, or the empty string for relative urls. */
    private static String prefix(String base) {
        return base.isEmpty() || base.endsWith("/") ? base : base + "/";
    }

    private static JsonNode parse(String json) {
        try {
            return FhirJson.TRUSTED.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(ObjectNode bundle) {
        try {
            return FhirJson.TRUSTED.writeValueAsString(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
