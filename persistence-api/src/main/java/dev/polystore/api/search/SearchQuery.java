package dev.polystore.api.search;

import dev.polystore.api.error.InvalidSearchException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A FHIR search as the caller writes it: the resource type (or none, for a search across types), an optional
 * compartment, and the query parameters in order, exactly as in a FHIR query string ({@code name[:modifier]=value},
 * repeated names meaning AND, commas in a value meaning OR). Immutable.
 *
 * <p>Build it from a query string with {@link #parse(String)} ({@code Observation?code=http://loinc.org|8867-4&date=ge2020})
 * or fluently with {@link #of(String)} and {@link #param(String, String)} and the helpers for the result parameters
 * ({@code _sort}, {@code _count}, {@code _include}, ...). The store validates the query against the search parameters
 * its FHIR version (and the tenant) defines: an unknown parameter, a modifier the parameter's type does not allow, or a
 * malformed value is an {@link InvalidSearchException} naming the problem, unless {@link #handling()} is {@link
 * Handling#LENIENT}, in which case unknown parameters are ignored and reported in the result.
 *
 * <p>Values are kept as written after URL decoding; FHIR escaping ({@code \,} {@code \|} {@code \$} {@code \\}) is
 * interpreted by the store.
 *
 * @param resourceType the type searched, or null for a search across types (with {@code _type})
 * @param compartmentType the compartment type (for example {@code Patient}), or null
 * @param compartmentId the compartment owner's id, or null
 * @param params the parameters, in order
 * @param handling what to do with unknown parameters
 * @since 0.1
 */
public record SearchQuery(
        String resourceType, String compartmentType, String compartmentId, List<Param> params, Handling handling) {

    public SearchQuery {
        params = List.copyOf(params);
        Objects.requireNonNull(handling, "handling");
        if ((compartmentType == null) != (compartmentId == null)) {
            throw new IllegalArgumentException("compartment type and id go together");
        }
    }

    /** One query parameter: its name with any modifier or chain ({@code subject:Patient.name}) and its value. */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** How unknown or unsupported parameters are treated (FHIR's {@code Prefer: handling}). */
    public enum Handling {
        /** Refuse the search with an {@link InvalidSearchException}. The default. */
        STRICT,
        /** Ignore them and list them in the result. */
        LENIENT
    }

    /** A search of one resource type with no parameters yet. */
    public static SearchQuery of(String resourceType) {
        return new SearchQuery(Objects.requireNonNull(resourceType), null, null, List.of(), Handling.STRICT);
    }

    /** A search across resource types (narrow it with {@code _type}). */
    public static SearchQuery acrossTypes() {
        return new SearchQuery(null, null, null, List.of(), Handling.STRICT);
    }

    /**
     * Parses a FHIR search URL relative to the base: {@code Type?query}, {@code Type/_search?query}, {@code ?query}
     * (across types) or a compartment search {@code Patient/123/Observation?query} ({@code Patient/123/*} for every
     * type in the compartment). Names and values are URL-decoded ({@code +} is a space).
     *
     * @throws InvalidSearchException if the URL has none of these shapes
     */
    public static SearchQuery parse(String url) {
        Objects.requireNonNull(url, "url");
        String path = url;
        String query = "";
        int q = url.indexOf('?');
        if (q >= 0) {
            path = url.substring(0, q);
            query = url.substring(q + 1);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.endsWith("/_search")) {
            path = path.substring(0, path.length() - "/_search".length());
        }
        String type;
        String compartmentType = null;
        String compartmentId = null;
        String[] parts = path.isEmpty() ? new String[0] : path.split("/", -1);
        switch (parts.length) {
            case 0 -> type = null;
            case 1 -> type = parts[0];
            case 3 -> {
                compartmentType = parts[0];
                compartmentId = parts[1];
                type = parts[2].equals("*") ? null : parts[2];
            }
            default ->
                throw new InvalidSearchException("Not a search URL: '" + shorten(url)
                        + "' (expected Type?query, ?query or Compartment/id/Type?query)");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new InvalidSearchException("Not a search URL: '" + shorten(url) + "' (empty path segment)");
            }
        }
        List<Param> params = new ArrayList<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), url);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), url);
                if (name.isEmpty()) {
                    throw new InvalidSearchException("A parameter without a name in '" + shorten(url) + "'");
                }
                params.add(new Param(name, value));
            }
        }
        return new SearchQuery(type, compartmentType, compartmentId, params, Handling.STRICT);
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSearchException("Malformed URL encoding in '" + shorten(url) + "'", e);
        }
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The same query with one more parameter (AND with the others). */
    public SearchQuery param(String name, String value) {
        List<Param> more = new ArrayList<>(params);
        more.add(new Param(name, value));
        return new SearchQuery(resourceType, compartmentType, compartmentId, more, handling);
    }

    /** The same query restricted to a compartment, for example {@code inCompartment("Patient", "123")}. */
    public SearchQuery inCompartment(String type, String id) {
        return new SearchQuery(
                resourceType, Objects.requireNonNull(type), Objects.requireNonNull(id), params, handling);
    }

    /** The same query with another handling of unknown parameters. */
    public SearchQuery withHandling(Handling handling) {
        return new SearchQuery(resourceType, compartmentType, compartmentId, params, handling);
    }

    /** Adds {@code _sort} with the given keys ({@code -date} for descending). */
    public SearchQuery sort(String... keys) {
        return param("_sort", String.join(",", keys));
    }

    /** Adds {@code _count}. */
    public SearchQuery count(int count) {
        return param("_count", Integer.toString(count));
    }

    /** Adds {@code _include}, for example {@code include("Observation:subject")}. */
    public SearchQuery include(String value) {
        return param("_include", value);
    }

    /** Adds {@code _revinclude}, for example {@code revinclude("Observation:patient")}. */
    public SearchQuery revinclude(String value) {
        return param("_revinclude", value);
    }

    /** Adds {@code _total} ({@code none}, {@code estimate} or {@code accurate}). */
    public SearchQuery total(String mode) {
        return param("_total", mode);
    }

    /** Every value of parameters with this exact name, in order. */
    public List<String> values(String name) {
        return params.stream()
                .filter(p -> p.name().equals(name))
                .map(Param::value)
                .collect(Collectors.toList());
    }

    /** The query as a relative URL ({@code Type?a=b&c=d}), values URL-encoded. */
    public String toUrl() {
        StringBuilder b = new StringBuilder();
        if (compartmentType != null) {
            b.append(compartmentType).append('/').append(compartmentId).append('/');
            b.append(resourceType == null ? "*" : resourceType);
        } else if (resourceType != null) {
            b.append(resourceType);
        }
        b.append('?');
        b.append(params.stream()
                .map(p -> encode(p.name()) + "=" + encode(p.value()))
                .collect(Collectors.joining("&")));
        return b.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%7C", "|")
                .replace("%2F", "/");
    }

    @Override
    public String toString() {
        return toUrl();
    }
}
