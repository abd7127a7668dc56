package dev.polystore.sql;

import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.FullTextEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import dev.polystore.sql.SqlIndexLayout.ValueTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A resource's index entries as rows of the logical index tables ({@link SqlIndexLayout}): what every engine's index
 * writer stores, whatever its physical tables. Dates are epoch milliseconds; numbers are doubles, a point (value with
 * both bounds) in {@code point}, a range {@code [low, high)} in {@code low} and {@code high}; flags are 1 or 0.
 */
public final class SqlIndexRows {
    private SqlIndexRows() {}

    /**
     * One row: its table, the parameter code it is stored under, its combination number {@code comp} (null for an
     * ordinary entry) and the values of the table's {@link ValueTable#valueColumns()} in order (nulls included).
     */
    public record Row(ValueTable table, String code, Integer comp, List<Object> values) {}

    /**
     * The rows of {@code entries}, in their order. A composite entry becomes the rows of its components under {@link
     * SqlIndexLayout#componentCode}, the combinations numbered 1, 2, ... in {@code comp}; full-text entries are left
     * out (each engine indexes the words its own way), and so is the {@code _id} entry: the ids are in {@code
     * search_resources}, which {@link SqlIndexLayout#ID_VIEW} reads as that parameter's rows.
     */
    public static List<Row> rows(List<IndexEntry> entries) {
        List<Row> rows = new ArrayList<>(entries.size());
        int combo = 0;
        for (IndexEntry e : entries) {
            if (e instanceof FullTextEntry) {
                continue;
            }
            if (e instanceof CompositeEntry composite) {
                // a combination is its component rows, numbered alike (comp); the first component's rows find it
                combo++;
                for (int i = 0; i < composite.components().size(); i++) {
                    add(rows, composite.components().get(i), SqlIndexLayout.componentCode(composite.code(), i), combo);
                }
            } else if (!e.code().equals(SqlIndexLayout.ID_CODE)) {
                add(rows, e, e.code(), null);
            }
        }
        return rows;
    }

    private static void add(List<Row> rows, IndexEntry entry, String code, Integer comp) {
        ValueTable table;
        Object[] values;
        if (entry instanceof StringEntry e) {
            table = ValueTable.STRING;
            values = new Object[] {e.normalized(), e.exact()};
        } else if (entry instanceof TokenEntry e) {
            table = ValueTable.TOKEN;
            // a composite's component matches by system and code alone (no :text, no :of-type)
            values = comp != null
                    ? new Object[] {e.system(), e.value(), null, null, null}
                    : new Object[] {e.system(), e.value(), e.normalizedText(), e.typeSystem(), e.typeCode()};
        } else if (entry instanceof DateEntry e) {
            table = ValueTable.DATE;
            values = new Object[] {millis(e.start()), millis(e.end())};
        } else if (entry instanceof NumberEntry e) {
            table = ValueTable.NUMBER;
            values = new Object[3];
            setNumbers(values, 0, e.value(), e.low(), e.high());
        } else if (entry instanceof QuantityEntry e) {
            table = ValueTable.QUANTITY;
            values = new Object[10];
            setNumbers(values, 0, e.value(), e.low(), e.high());
            values[3] = e.system();
            values[4] = e.unitCode();
            values[5] = e.unit();
            if (e.hasCanonical()) {
                setNumbers(values, 6, e.canonicalValue(), e.canonicalLow(), e.canonicalHigh());
            }
            values[9] = e.canonicalUnit();
        } else if (entry instanceof ReferenceEntry e) {
            table = ValueTable.REFERENCE;
            values = new Object[] {
                e.targetType(),
                e.id(),
                e.version(),
                e.url(),
                e.url() == null ? null : SqlIndexLayout.withoutHistory(e.url()),
                e.identifierSystem(),
                e.identifierValue(),
                e.contained() ? 1 : 0,
                e.canonical() ? 1 : 0,
                e.normalizedDisplay()
            };
        } else if (entry instanceof UriEntry e) {
            table = ValueTable.URI;
            values = new Object[] {e.uri(), e.version()};
        } else {
            // a composite nested in a composite does not occur in the definitions
            return;
        }
        rows.add(new Row(table, code, comp, Collections.unmodifiableList(Arrays.asList(values))));
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /** A point (value with both bounds, as the matcher's Target) or a range [low, high). */
    private static void setNumbers(Object[] values, int i, BigDecimal value, BigDecimal low, BigDecimal high) {
        boolean point = value != null && low != null && high != null;
        values[i] = toDouble(point ? value : null);
        values[i + 1] = toDouble(point ? null : low);
        values[i + 2] = toDouble(point ? null : high);
    }

    private static Double toDouble(BigDecimal v) {
        return v == null ? null : v.doubleValue();
    }
}
