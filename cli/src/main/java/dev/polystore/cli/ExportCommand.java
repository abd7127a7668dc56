package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.SearchResult;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.definitions.ResourceTypes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code export DIR}: the current version of every live resource as NDJSON, one {@code Type.ndjson} file per type (as
 * FHIR Bulk Data does), in id order. {@code polystore import DIR} (or {@code load}) reads it back. Found by search, or
 * by type history on a store without search.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes every current resource as NDJSON, one file per resource type.",
        footer = {"", "Example: polystore export ./backup --type Patient --type Observation"})
final class ExportCommand implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory to write (created if missing).")
    Path directory;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only these resource types (repeatable).")
    List<String> types;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only resources last updated after this instant.")
    String since;

    @Override
    public Integer call() throws IOException {
        Instant after = null;
        if (since != null) {
            try {
                after = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new CliException(
                        "--since takes an instant, got '" + since + "'", "for example: 2025-01-01T00:00:00Z");
            }
        }
        Files.createDirectories(directory);
        long total = 0;
        int files = 0;
        try (FhirStore store = options.open()) {
            TenantContext ctx = options.context();
            TreeSet<String> wanted = new TreeSet<>(types != null ? types : ResourceTypes.all(store.fhirVersion()));
            for (String type : wanted) {
                if (!ResourceTypes.isDefined(store.fhirVersion(), type)) {
                    throw new CliException("unknown resource type '" + type + "'", "types are case-sensitive: Patient");
                }
                if (store.count(ctx, type) == 0) {
                    continue;
                }
                long written = export(store, ctx, type, after);
                if (written > 0) {
                    total += written;
                    files++;
                }
            }
        }
        spec.commandLine()
                .getOut()
                .printf(Locale.ROOT, "exported %d resources into %d files in %s%n", total, files, directory);
        return 0;
    }

    private long export(FhirStore store, TenantContext ctx, String type, Instant after) {
        Path file = directory.resolve(type + ".ndjson");
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (store.capabilities().supports(Capability.SEARCH)) {
                written = exportBySearch(store, ctx, type, after, out);
            } else {
                written = exportByHistory(store, ctx, type, after, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (written == 0) {
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return written;
    }

    private static long exportBySearch(FhirStore store, TenantContext ctx, String type, Instant after, Writer out)
            throws IOException {
        long written = 0;
        SearchQuery query = SearchQuery.of(type).sort("_id").count(PAGE);
        if (after != null) {
            query = query.param("_lastUpdated", "gt" + after);
        }
        String cursor = null;
        do {
            SearchResult page = store.search(ctx, query, cursor);
            for (StoredResource r : page.matches()) {
                write(out, r);
                written++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return written;
    }

    /**
     * Without search: the type's history, newest first, gives each resource's current version first (skipped when it
     * is a delete); the ids are collected, sorted and read in pages, so the file comes out in the same order.
     */
    private static long exportByHistory(FhirStore store, TenantContext ctx, String type, Instant after, Writer out)
            throws IOException {
        HistoryRequest request = HistoryRequest.type(type).count(HistoryRequest.MAX_COUNT);
        if (after != null) {
            request = request.since(after);
        }
        Set<String> seen = new HashSet<>();
        TreeSet<String> live = new TreeSet<>();
        HistoryPage page = store.history(ctx, request);
        while (true) {
            for (StoredResource version : page.entries()) {
                if (seen.add(version.id())
                        && !version.deleted()
                        && (after == null || version.lastUpdated().isAfter(after))) {
                    live.add(version.id());
                }
            }
            if (page.nextCursor() == null) {
                break;
            }
            page = store.history(ctx, request.after(page.nextCursor()));
        }
        List<String> ids = new ArrayList<>(live);
        long written = 0;
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (StoredResource r : store.readMany(ctx, type, ids.subList(from, Math.min(ids.size(), from + PAGE)))) {
                write(out, r);
                written++;
            }
        }
        return written;
    }

    private static void write(Writer out, StoredResource r) throws IOException {
        out.write(r.json());
        out.write('\n');
    }
}
