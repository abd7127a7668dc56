package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.search.ReindexRequest;
import dev.polystore.api.search.ReindexResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reindex}: extracts the search index of stored resources again (after a search parameter was added or
 * changed), printing progress on stderr.
 */
@Command(
        name = "reindex",
        mixinStandardHelpOptions = true,
        description = "Re-extracts the search index of the stored resources (after custom search parameters changed).",
        footer = {"", "Example: polystore reindex --type Observation"})
final class ReindexCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this resource type (default: every type).")
    String type;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        ReindexResult result;
        try (FhirStore store = options.open()) {
            ReindexRequest request = type == null ? ReindexRequest.allTypes() : ReindexRequest.ofType(type);
            result = store.reindex(options.context(), request, (done, total) -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = seconds > 0 ? done / seconds : 0;
                long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
                err.printf(
                        Locale.ROOT,
                        "reindex: %d/%d (%.0f%%), %.0f resources/s, ETA %d s%n",
                        done,
                        total,
                        total == 0 ? 100.0 : 100.0 * done / total,
                        rate,
                        eta);
            });
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "reindexed %d of %d resources (%d changed meanwhile, indexed by their own writes) in %.1f s%n",
                        result.reindexed(),
                        result.total(),
                        result.skipped(),
                        (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
