package dev.polystore.benchmarks;

import dev.polystore.api.FhirStore;

/** A store a benchmark loads and measures: SQLite ({@link TempSqliteStore}) or PostgreSQL ({@link PostgresBenchStore}). */
interface BenchStore extends AutoCloseable {
    FhirStore store();

    /** Closes the store and opens it again: what a process that loaded the data and then serves it sees. */
    FhirStore reopen(boolean search);

    /** The bytes the data takes on disk. */
    long bytesOnDisk();

    /** The sizes on disk, for a report line. */
    String diskUsage();

    @Override
    void close();
}
