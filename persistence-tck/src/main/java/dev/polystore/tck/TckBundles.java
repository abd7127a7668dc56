package dev.polystore.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds request Bundles and reads response Bundles for the Bundle tests. */
final class TckBundles {

    private TckBundles() {}

    static Builder transaction() {
        return new Builder("transaction");
    }

    static Builder batch() {
        return new Builder("batch");
    }

    static Builder ofType(String type) {
        return new Builder(type);
    }

    /** A request Bundle under construction; the {@code if...} methods and {@link #fullUrl} apply to the last entry. */
    static final class Builder {
        private final ObjectNode bundle = TckJson.object();
        private final ArrayNode entries;
        private ObjectNode last;

        private Builder(String type) {
            bundle.put("resourceType", "Bundle");
            if (type != null) {
                bundle.put("type", type);
            }
            entries = bundle.putArray("entry");
        }

        /** {@code POST type}. */
        Builder post(String type, String resourceJson) {
            return add("POST", type, resourceJson);
        }

        /** {@code PUT url}, for example {@code Patient/a}. */
        Builder put(String url, String resourceJson) {
            return add("PUT", url, resourceJson);
        }

        /** {@code GET url}: a read ({@code Patient/a}) or vread ({@code Patient/a/_history/1}). */
        Builder get(String url) {
            return add("GET", url, null);
        }

        /** {@code PATCH url} with a FHIRPath Patch ({@code Parameters}) or a JSON Patch {@code Binary}. */
        Builder patch(String url, String patchResourceJson) {
            return add("PATCH", url, patchResourceJson);
        }

        /** {@code DELETE url}. */
        Builder delete(String url) {
            return add("DELETE", url, null);
        }

        Builder fullUrl(String fullUrl) {
            last.put("fullUrl", fullUrl);
            return this;
        }

        Builder ifMatch(String etag) {
            ((ObjectNode) last.get("request")).put("ifMatch", etag);
            return this;
        }

        Builder ifNoneMatch(String etag) {
            ((ObjectNode) last.get("request")).put("ifNoneMatch", etag);
            return this;
        }

        Builder ifNoneExist(String query) {
            ((ObjectNode) last.get("request")).put("ifNoneExist", query);
            return this;
        }

        private Builder add(String method, String url, String resourceJson) {
            last = entries.addObject();
            if (resourceJson != null) {
                last.set("resource", TckJson.parse(resourceJson));
            }
            ObjectNode request = last.putObject("request");
            request.put("method", method);
            request.put("url", url);
            return this;
        }

        int size() {
            return entries.size();
        }

        String json() {
            return TckJson.write(bundle);
        }
    }

    /** A response Bundle, with accessors that fail with the whole response in the message. */
    static final class Response {
        private final String text;
        private final ObjectNode bundle;

        Response(String text) {
            if (text == null) {
                throw new AssertionError("processBundle returned null instead of a response Bundle");
            }
            this.text = text;
            this.bundle = TckJson.parseObject(text);
        }

        String type() {
            return bundle.path("type").asText(null);
        }

        String resourceType() {
            return bundle.path("resourceType").asText(null);
        }

        int size() {
            return bundle.path("entry").size();
        }

        JsonNode entry(int index) {
            JsonNode entry = bundle.path("entry").path(index);
            if (!entry.isObject()) {
                throw new AssertionError("The response Bundle has no entry " + index + ": " + this);
            }
            return entry;
        }

        /** {@code entry[index].response.status}, or null. */
        String status(int index) {
            return text(entry(index).path("response").path("status"));
        }

        String location(int index) {
            return text(entry(index).path("response").path("location"));
        }

        String etag(int index) {
            return text(entry(index).path("response").path("etag"));
        }

        String lastModified(int index) {
            return text(entry(index).path("response").path("lastModified"));
        }

        JsonNode outcome(int index) {
            return entry(index).path("response").path("outcome");
        }

        JsonNode resource(int index) {
            return entry(index).path("resource");
        }

        private static String text(JsonNode node) {
            return node.isTextual() ? node.asText() : null;
        }

        @Override
        public String toString() {
            return TckJson.abbreviate(text, 4000);
        }
    }
}
