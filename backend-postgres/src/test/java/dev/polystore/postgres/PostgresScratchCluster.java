package dev.polystore.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        if (isRoot() && !nobodyCanRun(bin.resolve("initdb"))) {
            // the checkout is closed to other users (a clone under mktemp -d): nobody runs a copy of the binaries
            // from, and keeps the cluster in, a directory of the temporary directory that everyone can search
            Path open = openDirectory(
                    Integer.toHexString(bin.toAbsolutePath().toString().hashCode()));
            bin = copyOnce(bin.getParent(), open.resolve("postgres")).resolve("bin");
            directory = open.resolve(directory.getFileName().toString());
        }
        Files.createDirectories(directory);
        if (isRoot()) {
            handOverToNobody(directory);
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

    /** Whether the user nobody can execute {@code file} (and so reach every directory above it). */
    private static boolean nobodyCanRun(Path file) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(
                        "setpriv",
                        "--reuid=nobody",
                        "--regid=nogroup",
                        "--clear-groups",
                        "/bin/sh",
                        "-c",
                        "test -x \"$1\"",
                        "check",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return check.waitFor() == 0;
    }

    /** {@code polystore-test-servers/NAME} in the temporary directory, both searchable by everyone. */
    private static Path openDirectory(String name) throws IOException {
        Path shared = Path.of(System.getProperty("java.io.tmpdir")).resolve("polystore-test-servers");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path directory = Files.createDirectories(shared.resolve(name));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    /** A copy of {@code home} at {@code target} readable and runnable by everyone, made once (a marker says so). */
    private static Path copyOnce(Path home, Path target) throws IOException {
        Path complete = target.resolve(".polystore-copy-complete");
        if (Files.exists(complete)) {
            return target;
        }
        if (Files.exists(target)) {
            try (var paths = Files.walk(target)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (var paths = Files.walk(home)) {
            for (Path path : paths.toList()) {
                Files.copy(
                        path,
                        target.resolve(home.relativize(path).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
        try (var paths = Files.walk(target)) {
            for (Path path : paths.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(path));
                permissions.add(PosixFilePermission.GROUP_READ);
                permissions.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(path) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    permissions.add(PosixFilePermission.GROUP_EXECUTE);
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(path, permissions);
            }
        }
        Files.writeString(complete, home.toString());
        return target;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void handOverToNobody(Path directory) throws IOException {
        var lookup = directory.getFileSystem().getUserPrincipalLookupService();
        var view = Files.getFileAttributeView(directory, java.nio.file.attribute.PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName("nobody"));
        view.setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
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
