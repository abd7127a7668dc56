package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.HistoryPage;
import dev.polystore.api.HistoryRequest;
import dev.polystore.api.StoredResource;
import dev.polystore.core.bundle.ResultBundles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code history [Type[/id]]}: prints a history Bundle (instance, type or system level), newest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Prints the history of a resource, a type, or the whole tenant as a history Bundle.",
        footer = {"", "Example: polystore history Patient/123 --since 2025-01-01T00:00:00Z"})
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "Type[/id]",
            arity = "0..1",
            description = "A resource (instance history), a type (type history), or nothing (the tenant's history).")
    String target;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only versions written after this instant.")
    String since;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description = "The versions that were current at this instant (one per resource).")
    String at;

    @Option(names = "--count", paramLabel = "N", description = "Entries per page (default 100).")
    int count = 100;

    @Option(names = "--all", description = "Follow every page into one Bundle.")
    boolean all;

    @Override
    public Integer call() {
        HistoryRequest request;
        String self;
        if (target == null) {
            request = HistoryRequest.system();
            self = "_history";
        } else {
            String[] parts = target.split("/", -1);
            if (parts.length == 1) {
                request = HistoryRequest.type(parts[0]);
            } else if (parts.length == 2) {
                request = HistoryRequest.instance(parts[0], parts[1]);
            } else {
                throw new CliException("'" + target + "' is not Type or Type/id", "for example: history Patient/123");
            }
            self = target + "/_history";
        }
        if (since != null) {
            request = request.since(instant(since, "--since"));
        }
        if (at != null) {
            request = request.at(instant(at, "--at"));
        }
        request = request.count(count);
        try (FhirStore store = options.open()) {
            HistoryPage page = store.history(options.context(), request);
            if (all) {
                List<StoredResource> entries = new ArrayList<>(page.entries());
                while (page.nextCursor() != null) {
                    page = store.history(options.context(), request.after(page.nextCursor()));
                    entries.addAll(page.entries());
                }
                page = new HistoryPage(entries, null);
            }
            spec.commandLine().getOut().println(ResultBundles.history(page, "", self));
        }
        return 0;
    }

    private static Instant instant(String text, String option) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(
                    option + " takes an instant, got '" + text + "'", "for example: 2025-01-01T00:00:00Z");
        }
    }
}
