package dev.polystore.core.store;

import dev.polystore.api.StorageTransaction;
import dev.polystore.api.StoredResource;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.EngineTransaction;
import dev.polystore.core.patch.ResourcePatch;
import java.util.List;
import java.util.function.Supplier;

/** A {@link StorageTransaction} over an engine transaction, with the same checks as the store's own methods. */
final class EngineStorageTransaction implements StorageTransaction {
    private final TenantContext ctx;
    private final EngineTransaction tx;
    private final ResourceOperations ops;
    private final ResourceValidator validator;
    private final dev.polystore.api.capability.Capabilities capabilities;
    private boolean finished;

    EngineStorageTransaction(
            TenantContext ctx,
            EngineTransaction tx,
            ResourceOperations ops,
            dev.polystore.api.capability.Capabilities capabilities) {
        this.capabilities = capabilities;
        this.ctx = ctx;
        this.tx = tx;
        this.ops = ops;
        this.validator = ops.validator();
    }

    @Override
    public TenantContext context() {
        return ctx;
    }

    private <T> T run(Operation op, String type, String id, Supplier<T> work) {
        if (finished) {
            throw new IllegalStateException("This transaction is already committed or rolled back");
        }
        ctx.check(op, type);
        validator.requireType(type);
        if (id != null) {
            FhirIds.require(id);
        }
        return work.get();
    }

    @Override
    public StoredResource create(String type, String json) {
        return run(
                Operation.CREATE, type, null, () -> ops.create(ctx, tx, validator.parse(type, json), FhirIds.newId()));
    }

    @Override
    public StoredResource update(String type, String id, String json) {
        return updateIfMatch(type, id, json, ResourceOperations.ANY_VERSION);
    }

    @Override
    public StoredResource updateIfMatch(String type, String id, String json, long expectedVersion) {
        return run(
                Operation.UPDATE,
                type,
                id,
                () -> ops.update(ctx, tx, validator.parse(type, json), id, expectedVersion));
    }

    @Override
    public StoredResource patch(String type, String id, String jsonPatch) {
        return run(
                Operation.UPDATE,
                type,
                id,
                () -> ops.patch(
                        ctx,
                        tx,
                        type,
                        id,
                        ResourcePatch.parse(jsonPatch, validator.json(), validator.fhirVersion(), capabilities),
                        ResourceOperations.ANY_VERSION));
    }

    @Override
    public StoredResource delete(String type, String id) {
        return deleteIfMatch(type, id, ResourceOperations.ANY_VERSION);
    }

    @Override
    public StoredResource deleteIfMatch(String type, String id, long expectedVersion) {
        return run(Operation.DELETE, type, id, () -> ops.delete(ctx, tx, type, id, expectedVersion));
    }

    @Override
    public StoredResource read(String type, String id) {
        return run(Operation.READ, type, id, () -> ops.read(tx, type, id));
    }

    @Override
    public boolean exists(String type, String id) {
        return run(Operation.READ, type, id, () -> tx.current(type, id)
                .filter(v -> !v.deleted())
                .isPresent());
    }

    @Override
    public StoredResource vread(String type, String id, long versionId) {
        return run(Operation.READ, type, id, () -> ops.vread(tx, type, id, versionId));
    }

    @Override
    public List<StoredResource> versions(String type, String id) {
        return run(Operation.HISTORY, type, id, () -> {
            List<StoredResource> versions = tx.versions(type, id);
            if (versions.isEmpty()) {
                throw ResourceOperations.notFound(type, id);
            }
            return versions;
        });
    }

    @Override
    public void commit() {
        if (finished) {
            throw new IllegalStateException("This transaction is already committed or rolled back");
        }
        finished = true;
        tx.commit();
    }

    @Override
    public void rollback() {
        if (finished) {
            throw new IllegalStateException("This transaction is already committed or rolled back");
        }
        finished = true;
        tx.rollback();
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void close() {
        finished = true;
        tx.close();
    }
}
