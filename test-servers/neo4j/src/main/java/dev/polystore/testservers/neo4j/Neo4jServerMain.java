package dev.polystore.testservers.neo4j;

import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Runs a Neo4j community server with only the Bolt connector on 127.0.0.1, for the test fixture, which starts this
 * class in its own JDK 17 process.
 *
 * <p>Arguments: the working directory and the Bolt port. Prints {@code READY <bolt uri>} once Bolt accepts
 * connections, then runs until the process is stopped.
 */
public final class Neo4jServerMain {
    private Neo4jServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Neo4jServerMain <working directory> <bolt port>");
            System.exit(2);
        }
        Path workingDirectory = Path.of(args[0]);
        int boltPort = Integer.parseInt(args[1]);
        SocketAddress boltAddress = new SocketAddress("127.0.0.1", boltPort);
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workingDirectory)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, boltAddress)
                .withConfig(BoltConnector.advertised_address, boltAddress)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 32L * 1024 * 1024)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close, "neo4j-stop"));
        System.out.println("READY " + neo4j.boltURI());
        System.out.flush();
        Thread.currentThread().join();
    }
}
