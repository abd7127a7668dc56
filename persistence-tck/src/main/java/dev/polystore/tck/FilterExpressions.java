package dev.polystore.tck;

import dev.polystore.core.index.DateEntry;
import dev.polystore.core.index.FullTextEntry;
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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates {@code _filter} expressions for {@link SearchDifferentialSuite}: comparisons built from index entries present in the
 * data (every operator Polystore offers, per parameter type), nested with and/or/not, with and without parentheses.
 */
final class FilterExpressions {
    private static final String[] ORDERED = {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"};
    private static final DateTimeFormatter[] DATES = {
        DateTimeFormatter.ofPattern("yyyy").withZone(ZoneOffset.UTC),
        DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC),
        DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
    };

    private final Random random;

    FilterExpressions(Random random) {
        this.random = random;
    }

    /** Comparisons ({@code code op value}) drawn from the entries of the resources of one type. */
    List<String> atoms(Collection<List<IndexEntry>> resources) {
        Set<String> atoms = new LinkedHashSet<>();
        Set<String> codes = new LinkedHashSet<>();
        for (List<IndexEntry> entries : resources) {
            for (IndexEntry e : entries) {
                if (e instanceof FullTextEntry) {
                    continue; // full text has no _filter operator but pr, which is refused (tested elsewhere)
                }
                codes.add(e.code());
                comparisons(e, atoms);
            }
        }
        for (String code : codes) {
            atoms.add(code + " pr " + random.nextBoolean());
        }
        return new ArrayList<>(atoms);
    }

    /** A random expression over the atoms: up to three levels of and/or/not. */
    String expression(List<String> atoms) {
        return expression(atoms, random.nextInt(4));
    }

    private String expression(List<String> atoms, int depth) {
        if (depth == 0) {
            return atoms.get(random.nextInt(atoms.size()));
        }
        String a = expression(atoms, depth - 1);
        String b = expression(atoms, random.nextInt(depth));
        return switch (random.nextInt(6)) {
            case 0 -> a + " and " + b;
            case 1 -> a + " or " + b;
            case 2 -> "(" + a + ") and (" + b + ")";
            case 3 -> "(" + a + ") or (" + b + ")";
            case 4 -> "not (" + a + ")";
            default -> "not (" + a + ") " + (random.nextBoolean() ? "OR" : "AND") + " " + b;
        };
    }

    private void comparisons(IndexEntry entry, Set<String> out) {
        String code = entry.code();
        if (entry instanceof StringEntry s) {
            String exact = s.exact();
            out.add(code + " eq " + quote(exact));
            out.add(code + " ne " + quote(exact));
            out.add(code + " sw " + quote(exact.substring(0, Math.min(3, exact.length()))));
            out.add(code + " eq " + quote(exact.toUpperCase(Locale.ROOT)));
            out.add(code + " ew " + quote(exact.substring(Math.max(0, exact.length() - 3))));
            if (s.normalized().length() > 4) {
                out.add(code + " co " + quote(s.normalized().substring(2, 5)));
            }
        } else if (entry instanceof TokenEntry t) {
            if (t.value() != null) {
                out.add(code + " eq " + quote(t.value()));
                out.add(code + " ne " + quote(t.value()));
                out.add(code + " eq " + quote((t.system() == null ? "" : t.system()) + "|" + t.value()));
                if (random.nextInt(20) == 0) {
                    // terminology: undecidable for the matcher, so the engine must refuse
                    out.add(code + (random.nextBoolean() ? " ss " : " in ") + quote(t.value()));
                }
            }
        } else if (entry instanceof DateEntry d) {
            Instant at = d.start() != null ? d.start() : d.end().minusMillis(1);
            for (DateTimeFormatter f : DATES) {
                String op = random.nextInt(ORDERED.length + 1) == 0 ? "po" : ORDERED[random.nextInt(ORDERED.length)];
                out.add(code + " " + op + " " + f.format(at));
            }
        } else if (entry instanceof NumberEntry n) {
            BigDecimal v = n.value() != null ? n.value() : n.low() != null ? n.low() : n.high();
            for (String op : ORDERED) {
                if (random.nextInt(3) == 0 || op.equals("eq")) {
                    out.add(code + " " + op + " " + v.toPlainString());
                }
            }
        } else if (entry instanceof QuantityEntry q) {
            BigDecimal v = q.value() != null ? q.value() : q.low() != null ? q.low() : q.high();
            String unit = (q.system() == null ? "" : q.system()) + "|" + (q.unitCode() == null ? "" : q.unitCode());
            for (String op : ORDERED) {
                if (random.nextInt(3) == 0 || op.equals("eq")) {
                    out.add(code + " " + op + " " + quote(v.toPlainString() + "|" + unit));
                }
            }
        } else if (entry instanceof ReferenceEntry r) {
            if (r.targetType() != null && r.id() != null && !r.contained()) {
                out.add(code + " re " + r.targetType() + "/" + r.id());
                out.add(code + " eq " + r.id());
                out.add(code + " ne " + r.targetType() + "/" + r.id());
            }
            if (r.url() != null) {
                out.add(code + " re " + quote(r.url()));
            }
        } else if (entry instanceof UriEntry u) {
            out.add(code + " eq " + quote(u.uri()));
            int slash = u.uri().lastIndexOf('/');
            if (slash > 8) {
                out.add(code + " ss " + quote(u.uri().substring(0, slash)));
            }
            out.add(code + " sb " + quote(u.uri() + "/child/x"));
        }
    }

    /** A filter string value: double quotes, with quotes and backslashes escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
