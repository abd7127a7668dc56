package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;

/**
 * One version in history with its engine position: a number that grows with every write in the tenant's store and
 * breaks ties between versions with the same lastUpdated.
 */
public record HistoryRow(long position, StoredResource resource) {

    /** This row as a cursor position. */
    public HistoryQuery.HistoryCursorPosition cursor() {
        return new HistoryQuery.HistoryCursorPosition(resource.lastUpdated().toEpochMilli(), position);
    }
}
