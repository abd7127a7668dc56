package dev.polystore.core.engine;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.TransactionOptions;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.search.ResolvedSearch;
import java.util.function.Function;

/** A {@link StorageEngine} that passes every call to another; a subclass overrides what it watches or changes. */
public class ForwardingStorageEngine implements StorageEngine {
    /** The engine every call goes to. */
    protected final StorageEngine engine;

    public ForwardingStorageEngine(StorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public Capabilities capabilities() {
        return engine.capabilities();
    }

    @Override
    public FhirVersion fhirVersion() {
        return engine.fhirVersion();
    }

    @Override
    public <T> T read(TenantId tenant, Function<EngineReader, T> work) {
        return engine.read(tenant, work);
    }

    @Override
    public <T> T write(TenantId tenant, Function<EngineWriter, T> work) {
        return engine.write(tenant, work);
    }

    @Override
    public boolean supportsAttempts() {
        return engine.supportsAttempts();
    }

    @Override
    public EngineSearchPage search(TenantId tenant, ResolvedSearch search, String cursor) {
        return engine.search(tenant, search, cursor);
    }

    @Override
    public EngineTransaction begin(TenantId tenant, TransactionOptions options) {
        return engine.begin(tenant, options);
    }

    @Override
    public void close() {
        engine.close();
    }
}
