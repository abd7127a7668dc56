package dev.polystore.core.engine;

import dev.polystore.api.StoredResource;
import dev.polystore.api.error.VersionConflictException;

/** Reads and writes inside one atomic engine transaction on one tenant. */
public interface EngineWriter extends EngineReader {

    /**
     * Appends a new version and makes it the resource's current version. The caller has read the current version in
     * this transaction and passes the next version number. The engine must refuse, with {@link
     * VersionConflictException#concurrentModification}, a version that already exists or that does not follow the
     * current version directly (this is what makes optimistic locking safe on engines with concurrent writers).
     */
    void append(StoredResource version);
}
