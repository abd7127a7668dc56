package dev.polystore.core.index;

import dev.polystore.api.search.SearchParamType;
import java.util.Objects;

/**
 * A uri parameter value (R4 search.html 3.1.1.4.13): the URI as written (matched exactly, or by {@code :below} /
 * {@code :above}). A canonical {@code url|version} is split: {@link #uri} is the url, {@link #version} the version.
 *
 * @param code the parameter code
 * @param uri the URI (without a canonical's {@code |version})
 * @param version a canonical's version, or null
 * @since 0.1
 */
public record UriEntry(String code, String uri, String version) implements IndexEntry {

    public UriEntry {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(uri, "uri");
    }

    @Override
    public SearchParamType type() {
        return SearchParamType.URI;
    }
}
