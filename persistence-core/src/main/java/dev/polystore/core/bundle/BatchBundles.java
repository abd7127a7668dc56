package dev.polystore.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.TransactionProvider.BundleProgress;
import dev.polystore.api.error.BackendUnavailableException;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.json.FhirJson;
import dev.polystore.core.store.FhirIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of a batch Bundle (R4 http.html 3.1.0.11.1), each of which succeeds or fails on its own, in Bundle order.
 *
 * <p>On an engine that can undo part of a transaction ({@link StorageEngine#supportsAttempts()}), consecutive write
 * entries share one transaction, up to {@link #ENTRIES_PER_TRANSACTION} of them, each entry in its own attempt: an
 * entry that fails undoes its own writes only, and the one commit makes the others durable together (one commit instead
 * of one per entry, which on PostgreSQL is one flush of the write-ahead log instead of a hundred). An entry sees the
 * writes of the entries before it, as it would if each had committed. Should the shared transaction itself fail (the
 * engine unavailable, the commit refused), each of its entries is answered with that failure: none is reported written.
 * A GET entry runs on its own, after the writes before it have committed. On other engines every entry is its own
 * transaction.
 */
final class BatchBundles {
    /** The most write entries that share one transaction. */
    static final int ENTRIES_PER_TRANSACTION = 100;

    private final BundleProcessor processor;
    private final StorageEngine engine;

    BatchBundles(BundleProcessor processor, StorageEngine engine) {
        this.processor = processor;
        this.engine = engine;
    }

    /** The response entries of {@code entries}, by position. */
    ObjectNode[] process(TenantContext ctx, JsonNode entries, BundleProgress progress) {
        Run run = new Run(ctx, entries, progress);
        boolean together = engine.supportsAttempts();
        List<Integer> writes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            BundleEntryRequest r;
            try {
                r = processor.parseEntry(ctx, i, entries.get(i));
            } catch (FhirPersistenceException e) {
                run.answer(i, failed(i, e));
                continue;
            }
            if (r.method == BundleEntryRequest.Method.POST) {
                run.assignedIds[i] = FhirIds.newId();
                r.assignedId = run.assignedIds[i];
            }
            if (together && r.method != BundleEntryRequest.Method.GET) {
                writes.add(i);
                if (writes.size() == ENTRIES_PER_TRANSACTION) {
                    writeTogether(run, writes);
                    writes.clear();
                }
                continue;
            }
            writeTogether(run, writes);
            writes.clear();
            try {
                run.answer(
                        i,
                        r.method == BundleEntryRequest.Method.GET
                                ? engine.read(ctx.tenant(), reader -> processor.get(ctx, reader, r))
                                : engine.write(ctx.tenant(), w -> processor.writeEntry(ctx, w, r)));
            } catch (FhirPersistenceException e) {
                run.answer(i, failed(i, e));
            }
        }
        writeTogether(run, writes);
        return run.responses;
    }

    /** The write entries {@code indexes} in one transaction, each in its own attempt. */
    private void writeTogether(Run run, List<Integer> indexes) {
        int n = indexes.size();
        if (n == 0) {
            return;
        }
        ObjectNode[] out = new ObjectNode[n];
        boolean[] failedAlone = new boolean[n];
        try {
            engine.write(run.ctx.tenant(), w -> {
                // the engine may run this again after a transient failure: every entry starts afresh
                Arrays.fill(out, null);
                Arrays.fill(failedAlone, false);
                for (int k = 0; k < n; k++) {
                    int i = indexes.get(k);
                    BundleEntryRequest r =
                            processor.parseEntry(run.ctx, i, run.entries.get(i).deepCopy());
                    r.assignedId = run.assignedIds[i];
                    try {
                        out[k] = w.attempt(() -> processor.writeEntry(run.ctx, w, r));
                    } catch (BackendUnavailableException e) {
                        throw e; // the transaction is in doubt, not the entry
                    } catch (FhirPersistenceException e) {
                        out[k] = failed(i, e);
                        failedAlone[k] = true;
                    }
                }
                return null;
            });
        } catch (FhirPersistenceException e) {
            for (int k = 0; k < n; k++) {
                if (!failedAlone[k]) {
                    out[k] = failed(
                            indexes.get(k),
                            new BackendUnavailableException(
                                    "Not written: the transaction that held this entry and " + (n - 1)
                                            + " other entries of the batch failed: " + e.getMessage(),
                                    e));
                }
            }
        }
        for (int k = 0; k < n; k++) {
            run.answer(indexes.get(k), out[k]);
        }
    }

    private static ObjectNode failed(int index, FhirPersistenceException e) {
        e.at("Bundle.entry[" + index + "]");
        ObjectNode response = FhirJson.TRUSTED.createObjectNode();
        response.put("status", BundleProcessor.status(e.httpStatus()));
        response.set("outcome", e.toOperationOutcome());
        return response;
    }

    /** One batch being processed: its entries, the ids chosen for its POSTs, and the answers so far. */
    private static final class Run {
        final TenantContext ctx;
        final JsonNode entries;
        final BundleProgress progress;
        final String[] assignedIds;
        final ObjectNode[] responses;
        int answered;

        Run(TenantContext ctx, JsonNode entries, BundleProgress progress) {
            this.ctx = ctx;
            this.entries = entries;
            this.progress = progress;
            this.assignedIds = new String[entries.size()];
            this.responses = new ObjectNode[entries.size()];
        }

        void answer(int index, ObjectNode response) {
            responses[index] = response;
            progress.entryProcessed(++answered, responses.length);
        }
    }
}
