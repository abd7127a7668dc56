package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;

/**
 * One version in history with its engine position: a number that grows with every write in the tenant's store and
 * orders history newest first (the history cursor).
 */
public record HistoryRow(long position, StoredResource resource) {}
