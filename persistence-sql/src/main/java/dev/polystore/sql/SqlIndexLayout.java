package dev.polystore.sql;

import java.util.Arrays;
import java.util.List;

/**
 * The logical index schema the shared search SQL reads, and the conventions by which an engine's index writer fills it
 * ({@link SqlIndexRows} gives the rows of a resource's entries).
 *
 * <p>{@code search_resources (rkey, tenant, type, id, live)} gives every resource a numeric key and says whether its
 * current version is live (1) or deleted (0). One table or view per index entry type ({@link ValueTable}) has the
 * columns {@code tenant, type, rkey, code, comp} and those of its values; {@code contained} and {@code canonical} (in
 * {@code idx_reference}) are 1 or 0 like {@code live}. The components of a composite entry are rows of the typed
 * tables under the code {@link #componentCode}, numbered alike in {@code comp} for one combination (null for ordinary
 * entries). References keep {@code url_base}, the absolute URL {@link #withoutHistory}. Full text is not part of it:
 * each engine indexes the words its own way ({@link SqlDialect#appendFullTextMatch}).
 */
public final class SqlIndexLayout {
    private SqlIndexLayout() {}

    /** The tables of index entries, one per entry type, with the columns of their values. */
    public enum ValueTable {
        STRING("idx_string", "norm", "exact"),
        TOKEN("idx_token", "system", "value", "text_norm", "type_system", "type_code"),
        DATE("idx_date", "start_ms", "end_ms"),
        NUMBER("idx_number", "point", "low", "high"),
        QUANTITY(
                "idx_quantity",
                "point",
                "low",
                "high",
                "system",
                "unit_code",
                "unit",
                "c_point",
                "c_low",
                "c_high",
                "c_unit"),
        REFERENCE(
                "idx_reference",
                "target_type",
                "target_id",
                "version",
                "url",
                "url_base",
                "id_system",
                "id_value",
                "contained",
                "canonical",
                "display_norm"),
        URI("idx_uri", "uri", "version");

        private final String view;
        private final List<String> valueColumns;

        ValueTable(String view, String... valueColumns) {
            this.view = view;
            this.valueColumns = List.of(valueColumns);
        }

        /** The name searches read (a view over the engine's physical tables, or the table itself). */
        public String view() {
            return view;
        }

        /** The columns of an entry's values, in the order of {@link SqlIndexRows.Row#values()}. */
        public List<String> valueColumns() {
            return valueColumns;
        }
    }

    /** The kind of value a column holds, which each engine spells in its own column type. */
    public enum ColumnKind {
        /** Text, compared bytewise (starts-with ranges, sorting and the keyset cursor depend on it). */
        TEXT,
        /** A 64-bit integer: epoch milliseconds, and the 1/0 flags. */
        INTEGER,
        /** A double: numbers and quantities. */
        REAL
    }

    /** The kind of value column {@code column} of a {@link ValueTable} holds. */
    public static ColumnKind kind(String column) {
        if (column.endsWith("_ms")) {
            return ColumnKind.INTEGER;
        }
        return switch (column) {
            case "point", "low", "high", "c_point", "c_low", "c_high" -> ColumnKind.REAL;
            case "contained", "canonical" -> ColumnKind.INTEGER;
            default -> ColumnKind.TEXT;
        };
    }

    /** The code of the {@code _id} parameter, whose entries are not stored (see {@link #ID_VIEW}). */
    public static final String ID_CODE = "_id";

    /**
     * The view searches read for {@code _id} instead of {@code idx_token}: every resource's id as a token entry, from
     * {@code search_resources} (live resources only, as index rows exist only for them). Storing each id again as an
     * index row cost a write into a value index at a random place per resource, about a tenth of SQLite's indexed
     * ingest; {@code search_resources} already has the id under its unique key. An engine creates it as {@code CREATE
     * VIEW idx_id AS} {@link #ID_VIEW_SELECT}.
     */
    public static final String ID_VIEW = "idx_id";

    /** The query of {@link #ID_VIEW}, in SQL that SQLite and PostgreSQL both read. */
    public static final String ID_VIEW_SELECT = "SELECT tenant, type, rkey, '" + ID_CODE + "' AS code,"
            + " CAST(NULL AS INTEGER) AS comp, CAST(NULL AS TEXT) AS system, id AS value, CAST(NULL AS TEXT) AS text_norm,"
            + " CAST(NULL AS TEXT) AS type_system, CAST(NULL AS TEXT) AS type_code FROM search_resources WHERE live = 1";

    /** The table or view holding the entries of parameter {@code code} of logical table {@code view}. */
    public static String source(String view, String code) {
        return view.equals("idx_token") && code.equals(ID_CODE) ? ID_VIEW : view;
    }

    /** The names of the {@link ValueTable}s searches read, in declaration order. */
    public static final List<String> VALUE_VIEWS =
            Arrays.stream(ValueTable.values()).map(ValueTable::view).toList();

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
