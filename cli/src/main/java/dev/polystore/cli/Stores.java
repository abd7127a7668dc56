package dev.polystore.cli;

import dev.polystore.api.FhirStore;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Finds the {@link StoreProvider} of a URL's scheme, and masks the passwords of URLs in what the command prints. */
final class Stores {
    /** {@code //user:password@}: the password runs to the last {@code @} before the path. */
    private static final Pattern USER_PASSWORD = Pattern.compile("(//[^/@:\\s]*):[^/\\s]*@");

    /** {@code ?password=...} or {@code &password=...}, as JDBC URLs carry it. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&\\s]*");

    private Stores() {}

    static List<StoreProvider> providers() {
        List<StoreProvider> all = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(all::add);
        return all;
    }

    static StoreProvider provider(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        List<String> examples = new ArrayList<>();
        for (StoreProvider p : providers()) {
            if (p.scheme().equals(scheme) || p.aliases().contains(scheme)) {
                return p;
            }
            examples.add(p.example());
        }
        throw new CliException(
                "no store for the URL '" + redact(url) + "'",
                "give --store (or POLYSTORE_STORE) a URL such as " + String.join(", ", examples));
    }

    static FhirStore open(String url) {
        return provider(url).open(url);
    }

    /**
     * The text with the password of every URL in it replaced by {@code ***} ({@code postgresql://user:***@host/db},
     * {@code ...?password=***}): URLs appear in output, error messages and bench.csv, passwords never do.
     */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_PASSWORD.matcher(text).replaceAll("$1:***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
