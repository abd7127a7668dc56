package dev.polystore.api;

import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.PreconditionFailedException;
import dev.polystore.api.error.ResourceNotFoundException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;

/**
 * The FHIR conditional interactions (R4 http.html 3.1.0.4.3, 3.1.0.6.2, 3.1.0.7.1, 3.1.0.8): create, update, patch
 * and delete of the resource that a search selects instead of a known id.
 *
 * <p>A <b>condition</b> is the query part of a search URL on the addressed type, with or without the type in front:
 * {@code identifier=http://acme.org/mrn|123} and {@code Patient?identifier=http://acme.org/mrn|123} are the same
 * condition. It holds search criteria only: an empty condition, or one with result parameters ({@code _sort}, {@code
 * _count}, {@code _include}, {@code _summary}, ...), is an {@link InvalidRequestException}; an unknown parameter or a
 * malformed value is an {@link InvalidSearchException}. The condition sees exactly what a search in the same tenant
 * sees.
 *
 * <p>Each method is <b>atomic</b>: the search and the write run in one engine transaction, so two concurrent
 * conditional creates with the same condition create one resource, never two. Each needs its capability ({@code
 * CONDITIONAL_CREATE}, {@code CONDITIONAL_UPDATE}, {@code CONDITIONAL_PATCH}, {@code CONDITIONAL_DELETE}), else it
 * throws {@link UnsupportedCapabilityException}. A failed call changes nothing.
 *
 * @since 0.1
 */
public interface ConditionalStorage {

    /**
     * Conditional create ({@code If-None-Exist}): creates the resource unless a resource matches {@code condition}.
     *
     * @return {@link ConditionalResult.Outcome#CREATED} with version 1 of the new resource when nothing matched, or
     *     {@link ConditionalResult.Outcome#MATCHED} with the current version of the one match (nothing written)
     * @throws PreconditionFailedException if several resources match
     */
    ConditionalResult conditionalCreate(TenantContext context, String resourceType, String json, String condition);

    /**
     * Conditional update ({@code PUT Type?condition}). One match: updates it (the JSON's {@code id}, if present, must be
     * the match's id). No match: creates the resource, with the JSON's {@code id} if it has one (update as create), else
     * with a new server-assigned id.
     *
     * @return {@link ConditionalResult.Outcome#UPDATED} or {@link ConditionalResult.Outcome#CREATED} with the version
     *     written
     * @throws PreconditionFailedException if several resources match
     * @throws InvalidRequestException if the JSON's id differs from the id of the one match
     */
    ConditionalResult conditionalUpdate(TenantContext context, String resourceType, String condition, String json);

    /**
     * Conditional patch ({@code PATCH Type?condition}) with a JSON Patch or FHIRPath Patch, as {@code patch} accepts.
     *
     * @return {@link ConditionalResult.Outcome#UPDATED} with the new version of the one match
     * @throws ResourceNotFoundException if nothing matches
     * @throws PreconditionFailedException if several resources match
     */
    ConditionalResult conditionalPatch(TenantContext context, String resourceType, String condition, String patch);

    /**
     * Conditional delete ({@code DELETE Type?condition}). No match: nothing happens. One match: it is deleted. Several
     * matches: all are deleted when {@code allowMultiple} is true (the FHIR {@code multiple} conditional delete), else
     * a {@link PreconditionFailedException} and nothing is deleted.
     *
     * @return the delete tombstones written, in no particular order; empty when nothing matched
     */
    List<StoredResource> conditionalDelete(
            TenantContext context, String resourceType, String condition, boolean allowMultiple);
}
