package dev.polystore.api;

/**
 * Limits a store enforces on every resource it accepts, before anything is written.
 *
 * @param maxResourceBytes the largest resource, in UTF-8 bytes of its JSON
 * @param maxJsonDepth the deepest nesting of JSON objects and arrays
 * @since 0.1
 */
public record StorageLimits(int maxResourceBytes, int maxJsonDepth) {

    /** 16 MiB and depth 64: generous for real FHIR content, small enough to stop abuse. */
    public static final StorageLimits DEFAULT = new StorageLimits(16 * 1024 * 1024, 64);

    public StorageLimits {
        if (maxResourceBytes < 64) {
            throw new IllegalArgumentException("maxResourceBytes must be at least 64");
        }
        if (maxJsonDepth < 4) {
            throw new IllegalArgumentException("maxJsonDepth must be at least 4");
        }
    }
}
