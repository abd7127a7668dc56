package dev.polystore.testservers.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Runs mongo-java-server (a MongoDB wire-protocol server with an in-memory backend) on 127.0.0.1, for the test
 * fixture, which starts this class in its own process.
 *
 * <p>Argument: the port. Prints {@code READY <port>} once the server accepts connections, then runs until the process
 * is stopped.
 */
public final class MongoServerMain {
    private MongoServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: MongoServerMain <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-stop"));
        System.out.println("READY " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
