package dev.polystore.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.tenant.Operation;
import dev.polystore.core.store.FhirIds;
import dev.polystore.core.store.ParsedResource;
import dev.polystore.core.store.ResourceOperations;
import dev.polystore.core.store.ResourceValidator;

/**
 * One parsed Bundle entry request: what to do ({@link Method}), to what ({@code type}, {@code id}, {@code version}),
 * with which resource and preconditions.
 */
final class BundleEntryRequest {
    enum Method {
        DELETE,
        POST,
        PUT,
        PATCH,
        GET;

        /** Processing order in a transaction: DELETE, POST, PUT and PATCH, GET. */
        int phase() {
            return switch (this) {
                case DELETE -> 0;
                case POST -> 1;
                case PUT, PATCH -> 2;
                case GET -> 3;
            };
        }
    }

    final int index;
    final Method method;
    final String type;
    String id; // null for POST, and for a conditional PUT, PATCH or DELETE until its condition is resolved
    final long version; // vread version, or 0
    final ObjectNode resource; // POST, PUT, PATCH
    final String fullUrl;
    final long ifMatch; // 0 if absent
    final long ifNoneMatch; // 0 if absent
    /** POST: the ifNoneExist condition; PUT, PATCH, DELETE: the condition of a {@code Type?query} url; else null. */
    final String condition;
    /** GET: the search url ({@code Type?query}, {@code Compartment/id/Type?query}), or null for a read. */
    final String searchUrl;

    String assignedId; // POST: the id chosen up front
    StoredResource existing; // conditional create: the one match, so nothing is written
    boolean noMatch; // conditional delete: nothing matched, nothing to do
    ParsedResource parsed; // POST, PUT: validated ahead of the write
    ResourceOperations.PreIndexed preIndexed; // POST, PUT: index entries computed ahead of the write

    private BundleEntryRequest(
            int index,
            Method method,
            String type,
            String id,
            long version,
            ObjectNode resource,
            String fullUrl,
            long ifMatch,
            long ifNoneMatch,
            String condition,
            String searchUrl) {
        this.index = index;
        this.method = method;
        this.type = type;
        this.id = id;
        this.version = version;
        this.resource = resource;
        this.fullUrl = fullUrl;
        this.ifMatch = ifMatch;
        this.ifNoneMatch = ifNoneMatch;
        this.condition = condition;
        this.searchUrl = searchUrl;
    }

    /** The permission this entry needs. */
    Operation operation() {
        return switch (method) {
            case DELETE -> Operation.DELETE;
            case POST -> Operation.CREATE;
            case PUT, PATCH -> Operation.UPDATE;
            case GET -> searchUrl != null ? Operation.SEARCH : Operation.READ;
        };
    }

    /** The interaction's name in messages. */
    String interaction() {
        return switch (method) {
            case POST -> "conditional create";
            case PUT -> "conditional update";
            case PATCH -> "conditional patch";
            case DELETE -> "conditional delete";
            case GET -> "search";
        };
    }

    /** {@code Type/id} of the target, or null for POST and unresolved conditional entries. */
    String target() {
        return id == null ? null : type + "/" + id;
    }

    /** Parses {@code Bundle.entry[index]}. */
    static BundleEntryRequest parse(int index, JsonNode entry, ResourceValidator validator, Capabilities caps) {
        if (!entry.isObject()) {
            throw new InvalidRequestException("A Bundle entry must be a JSON object");
        }
        JsonNode request = entry.get("request");
        if (request == null || !request.isObject()) {
            throw new InvalidRequestException("The entry has no 'request'");
        }
        String methodText = text(request, "method");
        String url = text(request, "url");
        if (methodText == null || url == null) {
            throw new InvalidRequestException("The entry's request needs 'method' and 'url'");
        }
        Method method;
        try {
            method = Method.valueOf(methodText);
        } catch (IllegalArgumentException e) {
            if (methodText.equals("HEAD")) {
                method = Method.GET;
            } else {
                throw new InvalidRequestException("Unknown request method " + FhirIds.quote(methodText));
            }
        }
        int question = url.indexOf('?');
        if ((question < 0 ? url : url.substring(0, question)).contains("://")) {
            throw new InvalidRequestException(
                    "Entry request urls must be relative to the server base, got " + FhirIds.quote(url));
        }
        if (url.startsWith("/")) {
            url = url.substring(1);
        }
        String ifNoneExist = text(request, "ifNoneExist");
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? null : url.substring(q + 1);
        String[] parts = path.split("/", -1);
        String condition = null;
        String searchUrl = null;
        String id = null;
        long version = 0;
        String type;
        switch (method) {
            case POST -> {
                if (parts.length != 1 || query != null) {
                    throw new InvalidRequestException(
                            "A POST entry's url must be the resource type, got " + FhirIds.quote(url));
                }
                type = validator.requireType(parts[0]);
                if (ifNoneExist != null) {
                    caps.require(Capability.CONDITIONAL_CREATE);
                    condition = ifNoneExist;
                }
            }
            case PUT, PATCH, DELETE -> {
                type = validator.requireType(parts[0]);
                if (parts.length == 1 && query != null) {
                    caps.require(
                            switch (method) {
                                case PUT -> Capability.CONDITIONAL_UPDATE;
                                case PATCH -> Capability.CONDITIONAL_PATCH;
                                default -> Capability.CONDITIONAL_DELETE;
                            });
                    condition = query;
                } else if (parts.length != 2 || query != null) {
                    throw new InvalidRequestException("A " + method
                            + " entry's url must be Type/id or Type?condition, got " + FhirIds.quote(url));
                } else {
                    id = FhirIds.require(parts[1]);
                }
            }
            case GET -> {
                if (parts.length == 2 && query == null) {
                    type = validator.requireType(parts[0]);
                    id = FhirIds.require(parts[1]);
                } else if (parts.length == 4 && parts[2].equals("_history") && query == null) {
                    type = validator.requireType(parts[0]);
                    id = FhirIds.require(parts[1]);
                    version = parseVersion(parts[3]);
                } else if (parts.length == 1 || (parts.length == 3 && !parts[2].equals("_history"))) {
                    caps.require(Capability.SEARCH);
                    type = validator.requireType(parts[parts.length - 1]);
                    searchUrl = url;
                } else {
                    throw new InvalidRequestException("Unsupported GET url " + FhirIds.quote(url)
                            + " (expected Type/id, Type/id/_history/version, or a search)");
                }
            }
            default -> throw new IllegalStateException(method.toString());
        }
        if (ifNoneExist != null && method != Method.POST) {
            throw new InvalidRequestException("'ifNoneExist' belongs to POST entries only");
        }
        ObjectNode resource = null;
        if (method == Method.POST || method == Method.PUT || method == Method.PATCH) {
            JsonNode r = entry.get("resource");
            if (r == null || !r.isObject()) {
                throw new InvalidRequestException("A " + method + " entry needs a 'resource'");
            }
            resource = (ObjectNode) r;
        }
        String ifMatch = text(request, "ifMatch");
        String ifNoneMatch = text(request, "ifNoneMatch");
        return new BundleEntryRequest(
                index,
                method,
                type,
                id,
                version,
                resource,
                text(entry, "fullUrl"),
                ifMatch == null ? 0 : StoredResource.parseETag(ifMatch),
                ifNoneMatch == null ? 0 : StoredResource.parseETag(ifNoneMatch),
                condition,
                searchUrl);
    }

    private static long parseVersion(String s) {
        try {
            long v = Long.parseLong(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidRequestException("Invalid version " + FhirIds.quote(s));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return v.textValue();
    }
}
