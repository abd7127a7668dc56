package dev.polystore.tck;

import dev.polystore.core.index.CompositeEntry;
import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.NumberEntry;
import dev.polystore.core.index.QuantityEntry;
import dev.polystore.core.index.ReferenceEntry;
import dev.polystore.core.index.StringEntry;
import dev.polystore.core.index.TokenEntry;
import dev.polystore.core.index.UriEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates the search parameters of the differential suite from one index entry present in the data: every modifier
 * and prefix of the entry's type, values that match it and values next to it.
 */
final class DifferentialQueries {
    private static final String[] PREFIXES = {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"};

    private DifferentialQueries() {}

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|").replace("$", "\\$");
    }

    private static final DateTimeFormatter YEAR =
            DateTimeFormatter.ofPattern("yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static List<String[]> params(IndexEntry entry, Random random) {
        List<String[]> out = new ArrayList<>();
        String code = entry.code();
        if (entry instanceof CompositeEntry c) {
            List<String> parts = new ArrayList<>();
            for (IndexEntry component : c.components()) {
                List<String> values = values(component, random);
                if (values.isEmpty()) {
                    return out;
                }
                parts.add(values.get(0));
            }
            out.add(new String[] {code, String.join("$", parts)});
            return out;
        }
        if (entry instanceof StringEntry s) {
            String exact = s.exact();
            out.add(new String[] {code, esc(exact.substring(0, Math.min(3, exact.length())))});
            out.add(new String[] {code, esc(exact)});
            out.add(new String[] {code + ":exact", esc(exact)});
            if (random.nextInt(10) == 0) {
                out.add(new String[] {code + ":text", esc(exact)});
            }
            out.add(new String[] {code + ":exact", esc(exact.toUpperCase(Locale.ROOT))});
            if (s.normalized().length() > 4) {
                out.add(new String[] {code + ":contains", esc(s.normalized().substring(2, 5))});
            }
        } else if (entry instanceof TokenEntry t) {
            if (t.value() != null) {
                out.add(new String[] {code, esc(t.value())});
                out.add(new String[] {code + ":not", esc(t.value())});
                if (random.nextInt(10) == 0) {
                    out.add(new String[] {code + ":in", DifferentialTerminology.VALUE_SET});
                    out.add(new String[] {code + ":not-in", DifferentialTerminology.VALUE_SET});
                    out.add(new String[] {code + ":in", DifferentialTerminology.FEW_SYSTEMS});
                    if (t.system() != null && !t.system().isEmpty()) {
                        out.add(new String[] {code + ":below", esc(t.system()) + "|" + esc(t.value())});
                        out.add(new String[] {code + ":above", esc(t.system()) + "|" + esc(t.value())});
                    }
                }
                out.add(new String[] {code, (t.system() == null ? "" : esc(t.system())) + "|" + esc(t.value())});
            }
            if (t.system() != null) {
                out.add(new String[] {code, esc(t.system()) + "|"});
            }
            if (t.normalizedText() != null && !t.normalizedText().isEmpty()) {
                out.add(new String[] {
                    code + ":text",
                    esc(t.text().substring(0, Math.min(4, t.text().length())))
                });
            }
            if (t.typeCode() != null && t.value() != null) {
                out.add(new String[] {
                    code + ":of-type",
                    (t.typeSystem() == null ? "" : esc(t.typeSystem())) + "|" + esc(t.typeCode()) + "|" + esc(t.value())
                });
            }
        } else if (entry instanceof DateEntry d) {
            Instant at = d.start() != null ? d.start() : d.end().minusMillis(1);
            DateTimeFormatter[] formats = {YEAR, MONTH, DAY, SECOND};
            for (DateTimeFormatter f : formats) {
                String text = f.format(at);
                for (String prefix : PREFIXES) {
                    if (random.nextInt(3) == 0 || prefix.equals("eq")) {
                        out.add(new String[] {code, prefix + text});
                    }
                }
            }
        } else if (entry instanceof NumberEntry n) {
            BigDecimal v = n.value() != null ? n.value() : n.low() != null ? n.low() : n.high();
            for (String prefix : PREFIXES) {
                out.add(new String[] {code, prefix + v.toPlainString()});
            }
            out.add(new String[] {code, v.setScale(Math.max(0, v.scale() + 1)).toPlainString()});
        } else if (entry instanceof QuantityEntry q) {
            BigDecimal v = q.value() != null ? q.value() : q.low() != null ? q.low() : q.high();
            String unit =
                    (q.system() == null ? "" : esc(q.system())) + "|" + (q.unitCode() == null ? "" : esc(q.unitCode()));
            for (String prefix : PREFIXES) {
                if (random.nextInt(2) == 0 || prefix.equals("eq")) {
                    out.add(new String[] {code, prefix + v.toPlainString() + "|" + unit});
                }
            }
            out.add(new String[] {code, v.toPlainString()});
            if (q.unitCode() != null) {
                out.add(new String[] {code, "gt" + v.toPlainString() + "||" + esc(q.unitCode())});
            }
            if ("http://unitsofmeasure.org".equals(q.system()) && "kg".equals(q.unitCode())) {
                out.add(new String[] {
                    code, "ge" + v.multiply(BigDecimal.valueOf(1000)).toPlainString() + "|http://unitsofmeasure.org|g"
                });
            }
            if ("http://unitsofmeasure.org".equals(q.system()) && "mg".equals(q.unitCode())) {
                out.add(new String[] {code, v.movePointLeft(3).toPlainString() + "|http://unitsofmeasure.org|g"});
            }
        } else if (entry instanceof ReferenceEntry r) {
            if (r.targetType() != null && r.id() != null && !r.contained()) {
                out.add(new String[] {code, esc(r.targetType() + "/" + r.id())});
                out.add(new String[] {code, esc(r.id())});
                out.add(new String[] {code + ":" + r.targetType(), esc(r.id())});
            }
            if (r.url() != null) {
                out.add(new String[] {code, esc(r.url())});
            }
            if (r.identifierValue() != null) {
                out.add(new String[] {
                    code + ":identifier",
                    (r.identifierSystem() == null ? "" : esc(r.identifierSystem())) + "|" + esc(r.identifierValue())
                });
            }
        } else if (entry instanceof UriEntry u) {
            out.add(new String[] {code, esc(u.uri())});
            int slash = u.uri().lastIndexOf('/');
            if (slash > 8) {
                out.add(new String[] {code + ":below", esc(u.uri().substring(0, slash))});
                out.add(new String[] {code + ":below", esc(u.uri().substring(0, slash - 1))});
            }
            out.add(new String[] {code + ":above", esc(u.uri() + "/child/x")});
        }
        return out;
    }

    /** Plain values of a composite component. */
    private static List<String> values(IndexEntry component, Random random) {
        if (component instanceof TokenEntry t && t.value() != null) {
            return List.of((t.system() == null ? "" : esc(t.system()) + "|") + esc(t.value()));
        }
        if (component instanceof QuantityEntry q && q.value() != null) {
            String[] prefixes = {"", "gt", "lt", "ge"};
            return List.of(prefixes[random.nextInt(prefixes.length)] + q.value().toPlainString());
        }
        if (component instanceof DateEntry d && d.start() != null) {
            return List.of((random.nextBoolean() ? "" : "ge") + DAY.format(d.start()));
        }
        if (component instanceof StringEntry s) {
            return List.of(esc(s.exact()));
        }
        if (component instanceof ReferenceEntry r && r.targetType() != null && r.id() != null) {
            return List.of(esc(r.targetType() + "/" + r.id()));
        }
        return List.of();
    }
}
