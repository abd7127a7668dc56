package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code read Type/id} and {@code read Type/id/_history/N}: prints the resource's JSON. */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = "Prints a resource (its current version, or the version named with _history).",
        footer = {"", "Example: polystore read Patient/123 --store sqlite:./polystore.db"})
final class ReadCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "Type/id[/_history/N]", description = "The resource to print.")
    String reference;

    @Override
    public Integer call() {
        String[] parts = reference.split("/", -1);
        if (!(parts.length == 2 || isVersioned(parts))) {
            throw new CliException(
                    "'" + reference + "' is not Type/id or Type/id/_history/N", "for example: read Patient/123");
        }
        print(options, spec, parts);
        return 0;
    }

    static boolean isVersioned(String[] parts) {
        return parts.length == 4 && parts[2].equals("_history");
    }

    /** Prints the current version ({@code Type/id}) or the named one ({@code Type/id/_history/N}). */
    static void print(StoreOptions options, picocli.CommandLine.Model.CommandSpec spec, String[] parts) {
        try (FhirStore store = options.open()) {
            StoredResource found = parts.length == 2
                    ? store.read(options.context(), parts[0], parts[1])
                    : store.vread(options.context(), parts[0], parts[1], version(parts[3]));
            spec.commandLine().getOut().println(found.json());
        }
    }

    private static long version(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CliException("'" + text + "' is not a version number", "versions count from 1");
        }
    }
}
