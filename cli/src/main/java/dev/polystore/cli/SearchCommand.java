package dev.polystore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.core.bundle.ResultBundles;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code search 'Type?query'}: prints the searchset Bundle of the first page (or of every page with {@code --all}), a
 * table for people, or the matches' {@code Type/id}s.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Runs a FHIR search and prints the result.",
        footer = {"", "Example: polystore search 'Observation?code=http://loinc.org|8867-4&_count=20' --format table"})
final class SearchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The output formats. */
    enum Format {
        json,
        table,
        ids
    }

    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "QUERY",
            description = "A search URL relative to the base: Type?query, ?_type=..., Patient/1/Observation?...")
    String query;

    @Option(names = "--all", description = "Follow every page: one Bundle (or list) with every match and include.")
    boolean all;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description =
                    "json (default: the searchset Bundle), table (one line per resource) or ids (Type/id of each match).")
    Format format = Format.json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (FhirStore store = options.open()) {
            SearchQuery parsed = SearchQuery.parse(query);
            SearchResult first = store.search(options.context(), parsed, null);
            SearchResult result = all ? everyPage(store, parsed, first) : first;
            switch (format) {
                case json -> out.println(ResultBundles.searchset(result, ""));
                case ids -> result.matches().forEach(m -> out.println(m.reference()));
                case table -> table(out, result);
            }
        }
        return 0;
    }

    private SearchResult everyPage(FhirStore store, SearchQuery parsed, SearchResult first) {
        List<StoredResource> matches = new ArrayList<>();
        Map<String, StoredResource> includes = new LinkedHashMap<>();
        SearchResult page = first;
        while (true) {
            matches.addAll(page.matches());
            page.includes().forEach(i -> includes.putIfAbsent(i.reference(), i));
            if (page.nextCursor() == null) {
                break;
            }
            page = store.search(options.context(), parsed, page.nextCursor());
        }
        return new SearchResult(
                matches,
                new ArrayList<>(includes.values()),
                first.total(),
                null,
                first.ignoredParameters(),
                first.selfUrl());
    }

    private static void table(PrintWriter out, SearchResult result) {
        out.printf(Locale.ROOT, "%-7s %-50s %7s  %-24s  %s%n", "mode", "resource", "version", "lastUpdated", "summary");
        for (StoredResource r : result.matches()) {
            row(out, "match", r);
        }
        for (StoredResource r : result.includes()) {
            row(out, "include", r);
        }
        out.printf(
                Locale.ROOT,
                "%d matches, %d includes%s%n",
                result.matches().size(),
                result.includes().size(),
                result.total() == null ? "" : ", total " + result.total());
    }

    private static void row(PrintWriter out, String mode, StoredResource r) {
        out.printf(
                Locale.ROOT,
                "%-7s %-50s %7d  %-24s  %s%n",
                mode,
                r.reference(),
                r.versionId(),
                r.lastUpdated(),
                summary(r.json()));
    }

    /** A few words about a resource: a name, a code's display or text, or its status. */
    static String summary(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            return "";
        }
        JsonNode name = node.path("name").path(0);
        if (name.isObject()) {
            String given = name.path("given").path(0).asText("");
            return (given + " " + name.path("family").asText("")).trim();
        }
        if (node.path("name").isTextual()) {
            return node.path("name").asText();
        }
        JsonNode code = node.path("code");
        String text = code.path("text")
                .asText(code.path("coding").path(0).path("display").asText(""));
        if (!text.isEmpty()) {
            return text;
        }
        return node.path("status").asText("");
    }
}
