package dev.polystore.postgres;

import dev.polystore.testservers.RootUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own, which the test may stop and start at will: created with initdb and run with
 * pg_ctl from the binaries of the fixture's server (found through its {@code postmaster.opts}), on a free port. The
 * fixture's shared server stays untouched. initdb refuses root, so as root the cluster belongs to {@code nobody} and its
 * commands run as {@code nobody} through setpriv (util-linux).
 */
final class PostgresScratchCluster implements AutoCloseable {
    private final Path bin;
    private final Path directory;
    private final Path data;
    private final int port;
    private boolean running;

    private PostgresScratchCluster(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
    }

    /** Creates (initdb) and starts a cluster under {@code directory}. */
    static PostgresScratchCluster start(Path directory) throws Exception {
        Path bin = binariesOfFixtureServer();
        if (RootUser.isRoot() && !RootUser.nobodyCanRun(bin.resolve("initdb"))) {
            // the checkout is closed to other users (a clone under mktemp -d): nobody runs a copy of the binaries
            // from, and keeps the cluster in, a directory of the temporary directory that everyone can search
            Path open = RootUser.openDirectory(RootUser.nameFor(bin));
            bin = RootUser.copyForNobody(bin.getParent(), open.resolve("postgres"))
                    .resolve("bin");
            directory = open.resolve(directory.getFileName().toString());
        }
        Files.createDirectories(directory);
        if (RootUser.isRoot()) {
            RootUser.handOverToNobody(directory);
        }
        PostgresScratchCluster cluster = new PostgresScratchCluster(bin, directory, freePort());
        cluster.run(List.of(
                cluster.bin.resolve("initdb").toString(),
                "-D",
                cluster.data.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync"));
        cluster.start();
        return cluster;
    }

    /** The directory of the fixture server's binaries, from the command line it recorded in its data directory. */
    private static Path binariesOfFixtureServer() throws SQLException, IOException {
        String dataDirectory;
        try (Connection c = PostgresAdmin.connect(PostgresAdmin.server().database());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        }
        String opts = Files.readString(Path.of(dataDirectory, "postmaster.opts"), StandardCharsets.UTF_8)
                .trim();
        String postgres = opts.startsWith("\"") ? opts.substring(1, opts.indexOf('"', 1)) : opts.split(" ")[0];
        return Path.of(postgres).getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server and waits until it accepts connections. */
    void start() throws IOException {
        run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                directory.resolve("postgres.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory
                        + " -c fsync=off",
                "start"));
        running = true;
    }

    /** Stops the server the way a crash would: every backend process is killed at once, nothing is shut down. */
    void stopImmediately() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        running = false;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (RootUser.isRoot()) {
            full.addAll(RootUser.runAsNobody());
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("commands.log").toFile())
                .start();
        boolean exited;
        try {
            exited = process.waitFor(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command.get(0), e);
        }
        if (!exited || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed; see " + directory.resolve("commands.log") + ":\n"
                    + Files.readString(directory.resolve("commands.log")));
        }
    }

    @Override
    public void close() throws IOException {
        if (running) {
            stopImmediately();
        }
    }
}
