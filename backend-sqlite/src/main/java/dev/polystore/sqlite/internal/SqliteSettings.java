package dev.polystore.sqlite.internal;

import java.time.Duration;

/**
 * Engine settings shared by every database of one backend.
 *
 * @param readerConnections read-only connections per database file
 * @param lockTimeout how long a writer waits for the single writer before giving up
 * @param synchronousFull fsync on every commit (survives power loss); otherwise WAL with synchronous=NORMAL, which
 *     survives a killed process
 */
public record SqliteSettings(int readerConnections, Duration lockTimeout, boolean synchronousFull) {}
