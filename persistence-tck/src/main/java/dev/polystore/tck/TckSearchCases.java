package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.tenant.TenantContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The case files of {@link SearchContract}: loading, checking, and the fixture of each file's tenant. */
final class TckSearchCases {

    private TckSearchCases() {}

    /** What a case's search returned over all pages. */
    record Outcome(List<String> matches, List<String> includes, List<Long> totals) {}

    /** The tenant of one case file, with its fixture written on first use (once, also if writing failed). */
    static final class FixtureHolder {
        private final SearchCaseFile file;
        private TenantContext tenant;
        private RuntimeException failure;
        private AssertionError assertionFailure;

        FixtureHolder(SearchCaseFile file) {
            this.file = file;
        }

        synchronized TenantContext tenant(TckSupport tck) {
            if (failure != null) {
                throw new IllegalStateException("The fixture of " + file.fileName() + " could not be written", failure);
            }
            if (assertionFailure != null) {
                throw new AssertionError(
                        "The fixture of " + file.fileName() + " could not be written", assertionFailure);
            }
            if (tenant == null) {
                TenantContext fresh = tck.otherTenant();
                try {
                    for (JsonNode resource : file.fixture()) {
                        String type = resource.get("resourceType").asText();
                        String id = resource.get("id").asText();
                        StoredResource stored = tck.store().update(fresh, type, id, TckJson.write(resource));
                        assertThat(stored)
                                .as("%s: update of fixture %s/%s returned null", file.fileName(), type, id)
                                .isNotNull();
                    }
                    for (String reference : file.deletions()) {
                        int slash = reference.indexOf('/');
                        tck.store().delete(fresh, reference.substring(0, slash), reference.substring(slash + 1));
                    }
                } catch (RuntimeException e) {
                    failure = e;
                    throw new IllegalStateException("The fixture of " + file.fileName() + " could not be written", e);
                } catch (AssertionError e) {
                    assertionFailure = e;
                    throw e;
                }
                tenant = fresh;
            }
            return tenant;
        }
    }

    /** One case of a case file (see the format in {@link SearchContract}). */
    record SearchCase(
            String id,
            String query,
            List<String> expect,
            boolean ordered,
            List<String> expectIncludes,
            Long expectTotal,
            Integer pageSize,
            String error,
            String messageContains,
            String why,
            String decision) {

        private static final Set<String> KEYS = Set.of(
                "id",
                "query",
                "expect",
                "ordered",
                "expectIncludes",
                "expectTotal",
                "pageSize",
                "error",
                "messageContains",
                "why",
                "decision",
                "spec");

        /** The expected exception class. */
        Class<?> errorType() {
            try {
                return Class.forName("dev.polystore.api.error." + error);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("search case " + id + ": unknown exception " + error, e);
            }
        }

        static SearchCase read(String fileName, JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalStateException(fileName + ": a case must be a JSON object: " + node);
            }
            node.fieldNames().forEachRemaining(key -> {
                if (!KEYS.contains(key)) {
                    throw new IllegalStateException(fileName + ": unknown key '" + key + "' in case " + node.get("id"));
                }
            });
            String id = text(fileName, node, "id", true);
            String where = fileName + " case " + id;
            String query = text(where, node, "query", true);
            String why = text(where, node, "why", true);
            String error = text(where, node, "error", false);
            String messageContains = text(where, node, "messageContains", false);
            List<String> expect = refs(where, node, "expect");
            List<String> includes = refs(where, node, "expectIncludes");
            boolean ordered = node.path("ordered").asBoolean(false);
            Long total = node.has("expectTotal") ? node.get("expectTotal").asLong() : null;
            Integer pageSize = node.has("pageSize") ? node.get("pageSize").asInt() : null;
            if ((error == null) == (expect == null)) {
                throw new IllegalStateException(where + ": give either 'expect' or 'error'");
            }
            if (error != null
                    && (messageContains == null || ordered || includes != null || total != null || pageSize != null)) {
                throw new IllegalStateException(where + ": an error case has 'messageContains' and no expectations");
            }
            boolean includeQuery = query.contains("_include") || query.contains("_revinclude");
            if (error == null && includeQuery && includes == null) {
                throw new IllegalStateException(
                        where + ": a query with _include or _revinclude needs 'expectIncludes'");
            }
            if (ordered && !query.contains("_sort")) {
                throw new IllegalStateException(where + ": 'ordered' is only for _sort");
            }
            if (pageSize != null && (pageSize < 1 || !query.contains("_count=" + pageSize))) {
                throw new IllegalStateException(
                        where + ": 'pageSize' must be positive and the query must carry _count=" + pageSize);
            }
            String decision = text(where, node, "decision", false);
            SearchCase c = new SearchCase(
                    id, query, expect, ordered, includes, total, pageSize, error, messageContains, why, decision);
            if (error != null) {
                c.errorType();
            }
            return c;
        }

        private static String text(String where, JsonNode node, String key, boolean required) {
            JsonNode value = node.get(key);
            if (value == null) {
                if (required) {
                    throw new IllegalStateException(where + ": '" + key + "' is required");
                }
                return null;
            }
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw new IllegalStateException(where + ": '" + key + "' must be a non-empty string");
            }
            return value.asText();
        }

        private static List<String> refs(String where, JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            if (!value.isArray()) {
                throw new IllegalStateException(where + ": '" + key + "' must be an array of Type/id");
            }
            List<String> refs = new ArrayList<>();
            for (JsonNode ref : value) {
                if (!ref.isTextual() || !ref.asText().matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                    throw new IllegalStateException(where + ": '" + key + "' holds " + ref + ", not Type/id");
                }
                refs.add(ref.asText());
            }
            return List.copyOf(refs);
        }
    }

    /** One case file (see the format in {@link SearchContract}). */
    record SearchCaseFile(
            String fileName,
            String name,
            List<Capability> requires,
            List<JsonNode> fixture,
            List<String> deletions,
            List<SearchCase> cases) {

        /** Loads and checks every file of {@link SearchContract#SEARCH_CASE_FILES}; case ids must be unique over all files. */
        static List<SearchCaseFile> loadAll() {
            List<SearchCaseFile> files = new ArrayList<>();
            Map<String, String> ids = new LinkedHashMap<>();
            for (String fileName : SearchContract.SEARCH_CASE_FILES) {
                SearchCaseFile file = load(fileName);
                for (SearchCase c : file.cases()) {
                    String other = ids.put(c.id(), fileName);
                    if (other != null) {
                        throw new IllegalStateException(
                                "Search case id " + c.id() + " is used in " + other + " and " + fileName);
                    }
                }
                files.add(file);
            }
            return files;
        }

        static SearchCaseFile load(String fileName) {
            String path = "search/" + fileName;
            JsonNode root;
            try (InputStream in = SearchContract.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("Search case file not found: dev/polystore/tck/" + path);
                }
                root = TckJson.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read search case file " + path, e);
            }
            String name = root.path("name").asText(fileName);
            List<Capability> requires = new ArrayList<>();
            for (JsonNode capability : root.path("requires")) {
                try {
                    requires.add(Capability.valueOf(capability.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(fileName + ": unknown capability in 'requires': " + capability, e);
                }
            }
            List<JsonNode> fixture = new ArrayList<>();
            Set<String> fixtureIds = new HashSet<>();
            for (JsonNode resource : root.path("fixture")) {
                if (!resource.path("resourceType").isTextual()
                        || !resource.path("id").isTextual()) {
                    throw new IllegalStateException(
                            fileName + ": every fixture resource needs resourceType and id: " + resource);
                }
                fixtureIds.add(resource.get("resourceType").asText() + "/"
                        + resource.get("id").asText());
                fixture.add(resource);
            }
            List<String> deletions = new ArrayList<>();
            for (JsonNode deletion : root.path("deletions")) {
                if (!fixtureIds.contains(deletion.asText())) {
                    throw new IllegalStateException(fileName + ": deletion " + deletion + " is not in the fixture");
                }
                deletions.add(deletion.asText());
            }
            if (fixture.size() > SearchContract.MAX_FIXTURE) {
                throw new IllegalStateException(
                        fileName + ": more than " + SearchContract.MAX_FIXTURE + " fixture resources");
            }
            List<SearchCase> cases = new ArrayList<>();
            for (JsonNode node : root.path("cases")) {
                SearchCase c = SearchCase.read(fileName, node);
                for (List<String> refs : Stream.of(c.expect(), c.expectIncludes())
                        .filter(l -> l != null)
                        .toList()) {
                    for (String ref : refs) {
                        if (!fixtureIds.contains(ref)) {
                            throw new IllegalStateException(
                                    fileName + " case " + c.id() + " expects " + ref + ", which is not in the fixture");
                        }
                    }
                }
                cases.add(c);
            }
            if (cases.isEmpty()) {
                throw new IllegalStateException(fileName + ": no cases");
            }
            return new SearchCaseFile(
                    fileName,
                    name,
                    List.copyOf(requires),
                    List.copyOf(fixture),
                    List.copyOf(deletions),
                    List.copyOf(cases));
        }
    }
}
