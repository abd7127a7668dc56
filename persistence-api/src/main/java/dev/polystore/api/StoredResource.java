package dev.polystore.api;

import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of one resource as the store holds it. Immutable.
 *
 * <p>{@link #json()} is the resource exactly as stored: the JSON the caller wrote with {@code id}, {@code
 * meta.versionId} and {@code meta.lastUpdated} set by the store. It is kept as text so that it is carried without
 * re-parsing; parse it only when you need the tree. A delete tombstone ({@link #deleted()}) has no JSON.
 *
 * @param tenant the tenant that owns the resource
 * @param resourceType the FHIR resource type, for example {@code Patient}
 * @param id the logical id
 * @param versionId the version, counting from 1 and increasing by 1 with every change (deletes included)
 * @param lastUpdated when this version was written, as recorded in {@code meta.lastUpdated}
 * @param fhirVersion the FHIR release of the store
 * @param change how this version came about
 * @param json the resource JSON, or null for a delete tombstone
 * @since 0.1
 */
public record StoredResource(
        TenantId tenant,
        String resourceType,
        String id,
        long versionId,
        Instant lastUpdated,
        FhirVersion fhirVersion,
        ChangeKind change,
        String json) {

    public StoredResource {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(fhirVersion, "fhirVersion");
        Objects.requireNonNull(change, "change");
        if (versionId < 1) {
            throw new IllegalArgumentException("versionId must be at least 1");
        }
        if ((change == ChangeKind.DELETE) != (json == null)) {
            throw new IllegalArgumentException("a delete has no JSON and every other version has JSON");
        }
    }

    /** True if this version is a delete tombstone. */
    public boolean deleted() {
        return change == ChangeKind.DELETE;
    }

    /** The relative reference {@code Type/id}. */
    public String reference() {
        return resourceType + "/" + id;
    }

    /** The versioned relative reference {@code Type/id/_history/N}. */
    public String versionedReference() {
        return reference() + "/_history/" + versionId;
    }

    /** The weak ETag of this version, {@code W/"N"}. */
    public String etag() {
        return etag(versionId);
    }

    /** The weak ETag {@code W/"N"} of a version. */
    public static String etag(long versionId) {
        return "W/\"" + versionId + "\"";
    }

    /**
     * Parses a version out of an ETag or If-Match value: {@code W/"3"}, {@code "3"} or {@code 3}.
     *
     * @throws InvalidRequestException if the value is none of these forms or not a positive version
     */
    public static long parseETag(String etag) {
        if (etag == null) {
            throw new InvalidRequestException("ETag is missing");
        }
        String s = etag.trim();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s);
            if (v >= 1 && s.chars().allMatch(Character::isDigit)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidRequestException("Not a version ETag: '" + etag + "' (expected W/\"N\", \"N\" or N)");
    }

    @Override
    public String toString() {
        return "StoredResource[" + tenant + " " + versionedReference() + " " + change + " " + lastUpdated + "]";
    }
}
