package dev.polystore.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code import DIR}: reads back what {@code export} wrote (each resource keeps its id). */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Loads an export directory (NDJSON per type) back; resources keep their ids.",
        footer = {"", "Example: polystore import ./backup --store sqlite:./restored.db"})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A directory written by export.")
    Path directory;

    @Override
    public Integer call() {
        LoadCommand load = new LoadCommand();
        load.options = options;
        load.spec = spec;
        load.paths = List.of(directory);
        return load.call();
    }
}
