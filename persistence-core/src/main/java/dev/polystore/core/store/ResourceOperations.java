package dev.polystore.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.EngineWriter;
import dev.polystore.core.engine.StorageEngine;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.ResourceIndexer;
import dev.polystore.core.patch.ResourcePatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The FHIR rules of create, update, patch, delete, read and vread, written once over the engine SPI. Inputs are already
 * validated and permission-checked by the caller, except the permission that depends on what is stored (an update that
 * creates needs CREATE).
 */
public final class ResourceOperations {
    /** Passed as expected version when any version will do. */
    public static final long ANY_VERSION = -1;

    private final ResourceValidator validator;
    private final StoreClock clock;
    private final TenantSearchParameters searchParameters;

    /**
     * @param searchParameters the parameters whose index entries every written version gets (and that check written
     *     SearchParameter resources), or null when the engine does not search
     */
    public ResourceOperations(ResourceValidator validator, StoreClock clock, TenantSearchParameters searchParameters) {
        this.validator = validator;
        this.clock = clock;
        this.searchParameters = searchParameters;
    }

    public ResourceValidator validator() {
        return validator;
    }

    /** Creates {@code resource} under a freshly generated {@code id}; the engine refuses it if the id exists. */
    public StoredResource create(TenantContext ctx, EngineWriter w, ParsedResource resource, String id) {
        return write(ctx, w, resource, id, ANY_VERSION, true, null);
    }

    /** {@link #create} with index entries computed ahead by {@link #preIndex}. */
    public StoredResource create(
            TenantContext ctx, EngineWriter w, ParsedResource resource, String id, PreIndexed preIndexed) {
        return write(ctx, w, resource, id, ANY_VERSION, true, preIndexed);
    }

    /** PUT semantics, optionally against an expected version. */
    public StoredResource update(
            TenantContext ctx, EngineWriter w, ParsedResource resource, String id, long expectedVersion) {
        return update(ctx, w, resource, id, expectedVersion, null);
    }

    /** {@link #update} with index entries computed ahead by {@link #preIndex} (or null). */
    public StoredResource update(
            TenantContext ctx,
            EngineWriter w,
            ParsedResource resource,
            String id,
            long expectedVersion,
            PreIndexed preIndexed) {
        ResourceValidator.requireMatchingId(resource, id);
        return write(ctx, w, resource, id, expectedVersion, false, preIndexed);
    }

    /**
     * The parts of writing a resource under {@code id} that do not depend on its version stamp: its index entries
     * (those that do not read the stamp; none when {@code indexer} is null, a store that does not search) and its JSON
     * text with the stamp left open. The costly part of a write, which callers run before taking the engine's writer,
     * several resources at a time.
     */
    public PreIndexed preIndex(ResourceIndexer indexer, ParsedResource resource, String id) {
        resource.tree().put("id", id);
        List<IndexEntry> entries = indexer == null
                ? List.of()
                : indexer.index(
                                resource.resourceType(),
                                resource.tree(),
                                code -> !ResourceIndexer.STAMP_DEPENDENT.contains(code))
                        .entries();
        // after the index entries, which see the resource as sent, without stand-ins in its meta
        ResourceStamper.Template text = ResourceStamper.template(
                resource.tree(), id, tree -> validator.json().write(tree));
        return new PreIndexed(id, indexer, entries, text);
    }

    /**
     * Index entries and text computed by {@link #preIndex} for the resource with this id, by this indexer (entries
     * are used only with the same indexer; {@code text} is null if no template could be made).
     */
    public record PreIndexed(
            String id, ResourceIndexer indexer, List<IndexEntry> entries, ResourceStamper.Template text) {}

    /** The tenant's indexer as seen through {@code reader}, or null when the store does not search. */
    public ResourceIndexer indexer(TenantContext ctx, EngineReader reader) {
        return searchParameters == null
                ? null
                : searchParameters.forTenant(ctx.tenant(), reader).indexer();
    }

    /** The tenant's indexer as committed in {@code engine}, or null when the store does not search. */
    public ResourceIndexer indexer(TenantContext ctx, StorageEngine engine) {
        return searchParameters == null
                ? null
                : searchParameters.forTenant(ctx.tenant(), engine).indexer();
    }

    private StoredResource write(
            TenantContext ctx,
            EngineWriter w,
            ParsedResource r,
            String id,
            long expected,
            boolean mustBeNew,
            PreIndexed preIndexed) {
        String type = r.resourceType();
        // A freshly generated id cannot exist yet: skip the lookup (the engine still refuses a duplicate version 1).
        Optional<StoredResource> head = mustBeNew ? Optional.empty() : w.current(type, id);
        checkExpected(type, id, head, expected);
        boolean creates = head.isEmpty() || head.get().deleted();
        if (creates) {
            ctx.check(Operation.CREATE, type);
        }
        long version = head.map(h -> h.versionId() + 1).orElse(1L);
        Instant lastUpdated = clock.next(head.map(StoredResource::lastUpdated).orElse(null));
        ResourceStamper.Template template =
                preIndexed != null && preIndexed.id().equals(id) ? preIndexed.text() : null;
        ObjectNode stamped;
        String text;
        if (template != null) {
            stamped = ResourceStamper.stamp(template.tree(), id, version, lastUpdated);
            text = template.fill(version, lastUpdated);
        } else {
            stamped = ResourceStamper.stamp(r.tree(), id, version, lastUpdated);
            text = validator.json().write(stamped);
        }
        validator.json().checkSize(text);
        StoredResource stored = new StoredResource(
                ctx.tenant(),
                type,
                id,
                version,
                lastUpdated,
                validator.fhirVersion(),
                creates ? ChangeKind.CREATE : ChangeKind.UPDATE,
                text);
        List<IndexEntry> entries = List.of();
        if (searchParameters != null) {
            if (type.equals(TenantSearchParameters.SEARCH_PARAMETER)) {
                searchParameters.checkWrite(w, id, stamped);
            }
            entries =
                    indexEntries(searchParameters.forTenant(ctx.tenant(), w).indexer(), type, stamped, id, preIndexed);
        }
        w.append(stored, entries);
        return stored;
    }

    /** Uses entries computed ahead only when they are for this id and by the tenant's current indexer. */
    private static List<IndexEntry> indexEntries(
            ResourceIndexer indexer, String type, ObjectNode stamped, String id, PreIndexed preIndexed) {
        if (preIndexed == null || !preIndexed.id().equals(id) || preIndexed.indexer() != indexer) {
            return indexer.index(type, stamped).entries();
        }
        List<IndexEntry> stampDependent = indexer.index(type, stamped, ResourceIndexer.STAMP_DEPENDENT::contains)
                .entries();
        if (stampDependent.isEmpty()) {
            return preIndexed.entries();
        }
        List<IndexEntry> all = new ArrayList<>(preIndexed.entries().size() + stampDependent.size());
        all.addAll(preIndexed.entries());
        all.addAll(stampDependent);
        return all;
    }

    /** The index entries of a resource as this store would index it in the tenant (empty without search). */
    public List<IndexEntry> indexEntries(TenantContext ctx, EngineReader reader, String type, JsonNode resource) {
        ResourceIndexer indexer = indexer(ctx, reader);
        return indexer == null ? List.of() : indexer.index(type, resource).entries();
    }

    /** Applies a patch (JSON Patch or FHIRPath Patch) to the current version and writes the result. */
    public StoredResource patch(
            TenantContext ctx, EngineWriter w, String type, String id, ResourcePatch patch, long expectedVersion) {
        StoredResource head = w.current(type, id).orElseThrow(() -> notFound(type, id));
        if (head.deleted()) {
            throw gone(type, id);
        }
        checkExpected(type, id, Optional.of(head), expectedVersion);
        JsonNode patched = patch.apply(readTree(head));
        JsonNode newType = patched.get("resourceType");
        JsonNode newId = patched.get("id");
        if (newType == null || !newType.isTextual() || !newType.textValue().equals(type)) {
            throw InvalidResourceException.unprocessable("A patch may not change or remove 'resourceType'");
        }
        if (newId == null || !newId.isTextual() || !newId.textValue().equals(id)) {
            throw InvalidResourceException.unprocessable("A patch may not change or remove 'id'");
        }
        // Re-check the result as if it had been sent: limits, type, meta.
        ParsedResource result = validator.parse(type, validator.json().write(patched));
        return write(ctx, w, result, id, head.versionId(), false, null);
    }

    /** Deletes; returns the tombstone, or null when there was nothing to delete. */
    public StoredResource delete(TenantContext ctx, EngineWriter w, String type, String id, long expectedVersion) {
        Optional<StoredResource> head = w.current(type, id);
        checkExpected(type, id, head, expectedVersion);
        if (head.isEmpty()) {
            return null;
        }
        if (head.get().deleted()) {
            return expectedVersion == ANY_VERSION ? null : head.get();
        }
        StoredResource h = head.get();
        Instant lastUpdated = clock.next(h.lastUpdated());
        StoredResource tombstone = new StoredResource(
                ctx.tenant(), type, id, h.versionId() + 1, lastUpdated, h.fhirVersion(), ChangeKind.DELETE, null);
        w.append(tombstone, List.of());
        return tombstone;
    }

    /** FHIR read: 404 if never existed, 410 if deleted. */
    public StoredResource read(EngineReader r, String type, String id) {
        StoredResource head = r.current(type, id).orElseThrow(() -> notFound(type, id));
        if (head.deleted()) {
            throw gone(type, id);
        }
        return head;
    }

    /** FHIR vread: 404 if no such version, 410 if that version is a delete. */
    public StoredResource vread(EngineReader r, String type, String id, long versionId) {
        StoredResource v = r.version(type, id, versionId)
                .orElseThrow(() -> new ResourceNotFoundException(
                        "Version " + versionId + " of " + type + "/" + id + " does not exist"));
        if (v.deleted()) {
            throw new ResourceGoneException("Version " + versionId + " of " + type + "/" + id + " is a delete");
        }
        return v;
    }

    private static void checkExpected(String type, String id, Optional<StoredResource> head, long expected) {
        if (expected == ANY_VERSION) {
            return;
        }
        long current = head.map(StoredResource::versionId).orElse(0L);
        if (current != expected) {
            throw VersionConflictException.ifMatchFailed(type + "/" + id, expected, current);
        }
    }

    private static JsonNode readTree(StoredResource r) {
        try {
            return dev.polystore.core.json.FhirJson.TRUSTED.readTree(r.json());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON of " + r.versionedReference() + " does not parse", e);
        }
    }

    static ResourceNotFoundException notFound(String type, String id) {
        return new ResourceNotFoundException(type + "/" + id + " does not exist");
    }

    static ResourceGoneException gone(String type, String id) {
        return new ResourceGoneException(type + "/" + id + " is deleted");
    }
}
