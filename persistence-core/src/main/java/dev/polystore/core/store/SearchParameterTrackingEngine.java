package dev.polystore.core.store;

import dev.polystore.api.StoredResource;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineTransaction;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.ForwardingEngineWriter;
import dev.polystore.core.engine.ForwardingStorageEngine;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.IndexEntry;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link StorageEngine} that tells {@link TenantSearchParameters} when a write transaction appends a version of a
 * SearchParameter (create, update or delete) and when that transaction has ended, so that a tenant's cached
 * parameters are never kept across such a change. Every call is passed on unchanged.
 */
final class SearchParameterTrackingEngine extends ForwardingStorageEngine {
    private final TenantSearchParameters parameters;

    SearchParameterTrackingEngine(StorageEngine engine, TenantSearchParameters parameters) {
        super(engine);
        this.parameters = parameters;
    }

    @Override
    public <T> T write(TenantId tenant, Function<EngineWriter, T> work) {
        Tracker tracker = new Tracker(tenant);
        try {
            return engine.write(tenant, w -> work.apply(new TrackingWriter(w, tracker)));
        } finally {
            tracker.end();
        }
    }

    @Override
    public EngineTransaction begin(TenantId tenant, TransactionOptions options) {
        return new TrackingTransaction(engine.begin(tenant, options), new Tracker(tenant));
    }

    /** One transaction's part: whether it has touched a SearchParameter. */
    private final class Tracker {
        private final TenantId tenant;
        private boolean started;
        private boolean ended;

        Tracker(TenantId tenant) {
            this.tenant = tenant;
        }

        synchronized void touched(StoredResource version) {
            if (!started && !ended && TenantSearchParameters.SEARCH_PARAMETER.equals(version.resourceType())) {
                started = true;
                parameters.changeStarted(tenant);
            }
        }

        synchronized void end() {
            if (started && !ended) {
                parameters.changeEnded(tenant);
            }
            ended = true;
        }
    }

    private static class TrackingWriter extends ForwardingEngineWriter {
        private final Tracker tracker;

        TrackingWriter(EngineWriter w, Tracker tracker) {
            super(w);
            this.tracker = tracker;
        }

        @Override
        public void append(StoredResource version, List<IndexEntry> indexEntries) {
            tracker.touched(version);
            super.append(version, indexEntries);
        }
    }

    private static final class TrackingTransaction extends TrackingWriter implements EngineTransaction {
        private final EngineTransaction tx;
        private final Tracker tracker;

        TrackingTransaction(EngineTransaction tx, Tracker tracker) {
            super(tx, tracker);
            this.tx = tx;
            this.tracker = tracker;
        }

        @Override
        public void commit() {
            try {
                tx.commit();
            } finally {
                tracker.end();
            }
        }

        @Override
        public void rollback() {
            try {
                tx.rollback();
            } finally {
                tracker.end();
            }
        }

        @Override
        public void close() {
            try {
                tx.close();
            } finally {
                tracker.end();
            }
        }
    }
}
