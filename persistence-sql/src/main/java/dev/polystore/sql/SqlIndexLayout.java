package dev.polystore.sql;

import java.util.List;

/**
 * The logical index schema the shared search SQL reads, and the conventions by which an engine's index writer fills it.
 *
 * <p>{@code search_resources (rkey, tenant, type, id, live)} gives every resource a numeric key and says whether its
 * current version is live (1) or deleted (0). One view per index entry type ({@link #VALUE_VIEWS}) has the columns
 * {@code tenant, type, rkey, code, comp} and those of its values; {@code contained} (in {@code idx_reference}) is 1 or
 * 0 like {@code live}. The components of a composite entry are rows of the typed views under the code {@link
 * #componentCode}, numbered alike in {@code comp} for one combination (null for ordinary entries). References keep
 * {@code url_base}, the absolute URL {@link #withoutHistory}.
 */
public final class SqlIndexLayout {
    private SqlIndexLayout() {}

    /** The views of index entries, one per entry type. */
    public static final List<String> VALUE_VIEWS =
            List.of("idx_string", "idx_token", "idx_date", "idx_number", "idx_quantity", "idx_reference", "idx_uri");

    /** The code under which component {@code i} of a composite parameter is stored. */
    public static String componentCode(String compositeCode, int i) {
        return compositeCode + "$" + i;
    }

    /** A URL without a {@code /_history/...} tail. */
    public static String withoutHistory(String url) {
        int h = url.indexOf("/_history/");
        return h < 0 ? url : url.substring(0, h);
    }
}
