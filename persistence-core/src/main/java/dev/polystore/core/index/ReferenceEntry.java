package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.Objects;

/**
 * A reference parameter value (R4 search.html 3.1.1.4.12).
 *
 * <ul>
 *   <li>{@code Reference.reference} {@code Type/id} or {@code Type/id/_history/v}: {@link #targetType}, {@link #id},
 *       {@link #version}; an absolute {@code http(s)://base/Type/id} keeps the whole reference in {@link #url} too.
 *   <li>{@code #id}: a reference to a contained resource: {@link #contained} true, {@link #id} the local id,
 *       {@link #targetType} the contained resource's type when the resource contains it.
 *   <li>{@code urn:uuid:}, {@code urn:oid:} and other URLs that are not {@code Type/id}: {@link #url} only.
 *   <li>{@code Reference.identifier} (a logical reference, for {@code :identifier}): {@link #identifierSystem} and
 *       {@link #identifierValue}.
 *   <li>{@code Reference.display}: {@link #display} and {@link #normalizedDisplay}, on the entry of the same
 *       Reference.
 *   <li>{@code Reference.type}: {@link #targetType} when the reference does not give one (a full StructureDefinition
 *       URL is reduced to its last segment).
 *   <li>canonical elements ({@code url|version}): {@link #canonical} true, {@link #url} and {@link #version}.
 *   <li>a uri or string value (R5 Encounter {@code location-period} uses {@code location.reference}): parsed as a
 *       literal reference, as above.
 *   <li>a resource (R4 Bundle {@code composition}, {@code message}: {@code Bundle.entry[0].resource}): its type and id,
 *       whatever its type (the executor checks the type against the parameter's targets).
 * </ul>
 *
 * @param code the parameter code
 * @param targetType the referenced resource type, or null when unknown
 * @param id the referenced id (or contained local id), or null
 * @param version the version from {@code _history} or a canonical's {@code |version}, or null
 * @param url the absolute URL or URN, or the canonical URL, or null for a relative reference
 * @param identifierSystem Reference.identifier.system, or null
 * @param identifierValue Reference.identifier.value, or null
 * @param contained whether this is a {@code #id} reference to a contained resource
 * @param canonical whether the value is a canonical URL
 * @param display Reference.display as written (R5 {@code :text} on references), or null
 * @param normalizedDisplay {@code display} normalized as a string search value ({@link StringNormalizer}), or null
 * @since 0.1
 */
public record ReferenceEntry(
        String code,
        String targetType,
        String id,
        String version,
        String url,
        String identifierSystem,
        String identifierValue,
        boolean contained,
        boolean canonical,
        String display,
        String normalizedDisplay)
        implements IndexEntry {

    public ReferenceEntry {
        Objects.requireNonNull(code, "code");
        if (id == null
                && url == null
                && identifierValue == null
                && identifierSystem == null
                && targetType == null
                && display == null) {
            throw new IllegalArgumentException("a reference entry needs a target");
        }
    }

    /** An entry without a display. */
    public ReferenceEntry(
            String code,
            String targetType,
            String id,
            String version,
            String url,
            String identifierSystem,
            String identifierValue,
            boolean contained,
            boolean canonical) {
        this(code, targetType, id, version, url, identifierSystem, identifierValue, contained, canonical, null, null);
    }

    /** This entry with Reference.identifier and Reference.display added. */
    ReferenceEntry with(String system, String value, String text) {
        return new ReferenceEntry(
                code,
                targetType,
                id,
                version,
                url,
                system,
                value,
                contained,
                canonical,
                text,
                text == null ? null : StringNormalizer.normalize(text));
    }

    /** {@code Type/id}, or null when either is unknown. */
    public String relativeReference() {
        return targetType == null || id == null || contained ? null : targetType + "/" + id;
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.REFERENCE;
    }
}
