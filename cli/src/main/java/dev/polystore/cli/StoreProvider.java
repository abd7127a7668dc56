package dev.polystore.cli;

import dev.polystore.api.FhirStore;

/**
 * Opens a store from a URL with one scheme ({@code sqlite:...}). Providers are found with {@link
 * java.util.ServiceLoader}, so a backend plugs into the command line by shipping a provider; the command line names no
 * backend itself.
 */
public interface StoreProvider {

    /** The URL scheme this provider opens, for example {@code sqlite}. */
    String scheme();

    /** Other schemes this provider opens as well, for example {@code postgres} next to {@code postgresql}. */
    default java.util.List<String> aliases() {
        return java.util.List.of();
    }

    /** An example URL, shown in help and error messages. */
    String example();

    /**
     * Opens the store.
     *
     * @param url the whole URL, scheme included
     * @throws IllegalArgumentException if the URL is malformed for this scheme
     */
    FhirStore open(String url);

    /**
     * The raw baseline of {@code bench}: inserts the JSON texts as plain rows, with no indexing, into the same engine the
     * URL names (a scratch table or database, removed afterwards), and returns the seconds it took; -1 if the
     * provider offers no baseline.
     */
    default double rawInsertSeconds(String url, java.util.List<String> jsons) {
        return -1;
    }

    /**
     * The bytes the store takes on disk, or -1 when unknown. Whatever else the store holds (other tenants, earlier
     * runs) counts too.
     */
    default long bytesOnDisk(String url) {
        return -1;
    }
}
