package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** resolve(): custom resolver, contained resources, Bundle entries, else a typed placeholder. */
final class Resolver {

    private Resolver() {}

    static List<FhirPathValue> resolve(Env env, List<FhirPathValue> focus) {
        List<FhirPathValue> out = new ArrayList<>(focus.size());
        for (FhirPathValue v : focus) {
            String ref = reference(v);
            if (ref == null || ref.isEmpty()) {
                continue;
            }
            FhirPathValue r = resolveOne(env, ref);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static String reference(FhirPathValue v) {
        if (v.asString() != null) {
            return v.asString();
        }
        JsonNode n = v.node();
        if (n != null && n.isObject()) {
            JsonNode r = n.get("reference");
            return r != null && r.isTextual() ? r.textValue() : null;
        }
        return null;
    }

    private static FhirPathValue resolveOne(Env env, String ref) {
        Navigator nav = env.shared.engine.navigator();
        JsonNode root = env.shared.rootNode;
        ReferenceResolver custom = env.shared.context.resolver();
        if (custom != null) {
            JsonNode r = custom.resolve(ref, root);
            if (r != null) {
                return nav.wrap(r);
            }
        }
        if (ref.startsWith("#")) {
            if (root == null) {
                return null;
            }
            if (ref.length() == 1) {
                return nav.wrap(root);
            }
            String id = ref.substring(1);
            for (JsonNode c : root.path("contained")) {
                if (id.equals(c.path("id").asText(null))) {
                    return nav.wrap(c);
                }
            }
            return null;
        }
        if (root != null && "Bundle".equals(root.path("resourceType").asText(null))) {
            for (JsonNode entry : root.path("entry")) {
                JsonNode res = entry.get("resource");
                if (res == null) {
                    continue;
                }
                String fullUrl = entry.path("fullUrl").asText("");
                if (fullUrl.equals(ref) || (!fullUrl.isEmpty() && fullUrl.endsWith("/" + ref))) {
                    return nav.wrap(res);
                }
            }
        }
        String path = ref;
        int q = path.indexOf('?');
        if (q >= 0) {
            return null;
        }
        int hist = path.indexOf("/_history/");
        if (hist >= 0) {
            path = path.substring(0, hist);
        }
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String id = path.substring(slash + 1);
        int typeStart = path.lastIndexOf('/', slash - 1) + 1;
        String type = path.substring(typeStart, slash);
        if (id.isEmpty() || !nav.model().isResourceType(type)) {
            return null;
        }
        ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
        placeholder.put("resourceType", type);
        placeholder.put("id", id);
        return FhirPathValue.ofFhir(type, type, placeholder, null);
    }
}
