package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link StoreProvider} of a URL's scheme. */
final class Stores {
    private Stores() {}

    static List<StoreProvider> providers() {
        List<StoreProvider> all = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(all::add);
        return all;
    }

    static StoreProvider provider(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        for (StoreProvider p : providers()) {
            if (p.scheme().equals(scheme)) {
                return p;
            }
        }
        open(url); // throws with the list of known schemes
        throw new IllegalStateException("unreachable");
    }

    static FhirStore open(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        List<String> examples = new ArrayList<>();
        for (StoreProvider p : providers()) {
            if (p.scheme().equals(scheme)) {
                return p.open(url);
            }
            examples.add(p.example());
        }
        throw new CliException(
                "no store for the URL '" + url + "'",
                "give --store (or POLYSTORE_STORE) a URL such as " + String.join(", ", examples));
    }
}
