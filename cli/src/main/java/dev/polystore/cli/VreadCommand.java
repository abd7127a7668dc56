package dev.polystore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vread Type/id/_history/N}: prints one version of a resource (FHIR's vread interaction). */
@Command(
        name = "vread",
        mixinStandardHelpOptions = true,
        description = "Prints one version of a resource.",
        footer = {"", "Example: polystore vread Patient/123/_history/2 --store sqlite:./polystore.db"})
final class VreadCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "Type/id/_history/N", description = "The version to print.")
    String reference;

    @Override
    public Integer call() {
        String[] parts = reference.split("/", -1);
        if (!ReadCommand.isVersioned(parts)) {
            throw new CliException(
                    "'" + reference + "' is not Type/id/_history/N",
                    "for example: vread Patient/123/_history/2 (read prints the current version)");
        }
        ReadCommand.print(options, spec, parts);
        return 0;
    }
}
