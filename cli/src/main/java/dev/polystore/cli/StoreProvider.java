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

    /** An example URL, shown in help and error messages. */
    String example();

    /**
     * Opens the store.
     *
     * @param url the whole URL, scheme included
     * @throws IllegalArgumentException if the URL is malformed for this scheme
     */
    FhirStore open(String url);
}
