package dev.polystore.api;

/**
 * The FHIR release a store holds. A store is created for one version; it refuses resource types that version does not
 * define.
 *
 * @since 0.1
 */
public enum FhirVersion {
    /** FHIR R4, 4.0.1. */
    R4("4.0.1"),
    /** FHIR R4B, 4.3.0. */
    R4B("4.3.0"),
    /** FHIR R5, 5.0.0. */
    R5("5.0.0");

    private final String release;

    FhirVersion(String release) {
        this.release = release;
    }

    /** The release number, for example {@code 4.0.1}. */
    public String release() {
        return release;
    }
}
