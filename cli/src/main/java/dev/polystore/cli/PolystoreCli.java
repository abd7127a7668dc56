package dev.polystore.cli;

import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.FhirPersistenceException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code polystore} command. Every command takes {@code --store URL} (default {@code sqlite:./polystore.db}, or
 * {@code POLYSTORE_STORE}) and {@code --tenant}. A failure prints one line and a hint on stderr and exits with 1
 * ({@code --verbose} adds the cause); a usage error exits with 2. The passwords of URLs never appear in what it prints,
 * stack traces included.
 */
@Command(
        name = "polystore",
        mixinStandardHelpOptions = true,
        version = "polystore 0.1.0-SNAPSHOT",
        description = "Stores, versions and searches FHIR resources.",
        subcommands = {
            LoadCommand.class,
            ReadCommand.class,
            VreadCommand.class,
            SearchCommand.class,
            HistoryCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            ReindexCommand.class,
            DemoCommand.class,
            BenchCommand.class
        },
        footer = {"", "Example: polystore demo"})
public final class PolystoreCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PolystoreCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            if (e instanceof CliException c) {
                err.println("error: " + Stores.redact(c.getMessage()));
                err.println("hint: " + c.hint());
            } else if (e instanceof FhirPersistenceException f) {
                err.println("error: " + Stores.redact(f.getMessage()) + " ("
                        + f.getClass().getSimpleName() + ", HTTP " + f.httpStatus() + ")");
                if (f instanceof BackendUnavailableException) {
                    err.println("hint: check that the server runs and that the URL's host, port and credentials are"
                            + " right");
                }
            } else if (e instanceof IllegalArgumentException) {
                err.println("error: " + Stores.redact(e.getMessage()));
            } else {
                err.println("error: " + Stores.redact(e.toString()));
                err.println("hint: run again with --verbose for the cause");
            }
            if (verbose) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.print(Stores.redact(trace.toString()));
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
