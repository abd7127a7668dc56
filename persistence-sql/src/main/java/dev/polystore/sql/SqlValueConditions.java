package dev.polystore.sql;

import dev.polystore.api.search.SearchModifier;
import dev.polystore.core.index.StringNormalizer;
import dev.polystore.core.index.UcumCanonicalizer;
import dev.polystore.core.search.SearchValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The SQL condition of one search value on one row of a value index table, per search type (the matcher's rules). */
final class SqlValueConditions {
    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");

    private final SqlDialect dialect;
    private final Clock clock;

    SqlValueConditions(SqlDialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * Appends the condition of one value on a row {@code x} of {@code table}; false if the table never matches.
     * Composites (which nest whole match sets) are {@link SqlCriteria}'s.
     */
    boolean condition(
            SqlStatement q, String table, String x, SearchValue value, SearchModifier modifier, String typeHint) {
        switch (table) {
            case "idx_string" -> {
                if (value instanceof SearchValue.StringEnd end) {
                    String v = StringNormalizer.normalize(end.value());
                    q.bind("length(" + x + ".norm) >= length(?)", v);
                    q.bind(" AND substr(" + x + ".norm, length(" + x + ".norm) - length(?) + 1)", v);
                    q.bind(" = ?", v);
                    return true;
                }
                if (!(value instanceof SearchValue.StringValue s)) {
                    return false;
                }
                if (modifier == SearchModifier.EXACT) {
                    // equal strings have equal normal forms: the norm index finds the candidates
                    q.bind(x + ".norm = ? AND ", StringNormalizer.normalize(s.value()));
                    q.bind(x + ".exact = ?", s.value());
                } else if (modifier == SearchModifier.CONTAINS) {
                    q.bind(dialect.contains(x + ".norm", "?"), StringNormalizer.normalize(s.value()));
                } else {
                    startsWith(q, x + ".norm", StringNormalizer.normalize(s.value()));
                }
                return true;
            }
            case "idx_token" -> {
                if (value instanceof SearchValue.Token t) {
                    token(q, x + ".system", x + ".value", t.system(), t.code());
                    return true;
                }
                if (value instanceof SearchValue.OfType t) {
                    q.text(x + ".type_code IS NOT NULL AND " + x + ".value IS NOT NULL");
                    if (t.typeSystem().isEmpty()) {
                        q.text(" AND " + x + ".type_system IS NULL");
                    } else {
                        q.bind(" AND " + x + ".type_system = ?", t.typeSystem());
                    }
                    q.bind(" AND " + x + ".type_code = ?", t.typeCode());
                    q.bind(" AND " + x + ".value = ?", t.value());
                    return true;
                }
                if (value instanceof SearchValue.Text t) {
                    q.text(x + ".text_norm IS NOT NULL AND ");
                    startsWith(q, x + ".text_norm", StringNormalizer.normalize(t.text()));
                    return true;
                }
                return false;
            }
            case "idx_date" -> {
                if (value instanceof SearchValue.DateOverlap o) {
                    q.bind(
                            "(" + x + ".start_ms IS NULL OR " + x + ".start_ms < ?)",
                            o.period().end().toEpochMilli());
                    q.bind(
                            " AND (" + x + ".end_ms IS NULL OR " + x + ".end_ms > ?)",
                            o.period().start().toEpochMilli());
                    return true;
                }
                if (!(value instanceof SearchValue.Date d)) {
                    return false;
                }
                date(q, x, d);
                return true;
            }
            case "idx_number" -> {
                if (!(value instanceof SearchValue.Number n)) {
                    return false;
                }
                number(q, x + ".point", x + ".low", x + ".high", n);
                return true;
            }
            case "idx_quantity" -> {
                if (!(value instanceof SearchValue.Quantity qty)) {
                    return false;
                }
                quantity(q, x, qty);
                return true;
            }
            case "idx_reference" -> {
                if (value instanceof SearchValue.Reference r) {
                    reference(q, x, r, typeHint);
                    return true;
                }
                if (value instanceof SearchValue.Token t) {
                    if (modifier != SearchModifier.IDENTIFIER) {
                        return false;
                    }
                    q.text(x + ".id_value IS NOT NULL AND ");
                    token(q, x + ".id_system", x + ".id_value", t.system(), t.code());
                    return true;
                }
                if (value instanceof SearchValue.Text t) {
                    q.text(x + ".display_norm IS NOT NULL AND ");
                    startsWith(q, x + ".display_norm", StringNormalizer.normalize(t.text()));
                    return true;
                }
                if (value instanceof SearchValue.Uri u) {
                    q.text(x + ".url IS NOT NULL AND ");
                    uri(q, x + ".url", x + ".version", u.uri(), modifier);
                    return true;
                }
                return false;
            }
            case "idx_uri" -> {
                if (!(value instanceof SearchValue.Uri u)) {
                    return false;
                }
                uri(q, x + ".uri", x + ".version", u.uri(), modifier);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void startsWith(SqlStatement q, String column, String prefix) {
        // the range test lets an index serve the lookup; the substr test is the exact starts-with
        q.bind(column + " >= ?", prefix);
        q.bind(" AND substr(" + column + ", 1, length(?))", prefix);
        q.bind(" = ?", prefix);
    }

    private void token(SqlStatement q, String sysCol, String valCol, String system, String code) {
        if (system == null || system.isEmpty()) {
            if (code == null) {
                q.text(dialect.alwaysFalse());
                return;
            }
            q.bind(valCol + " = ?", code);
            if (system != null) {
                q.text(" AND " + sysCol + " IS NULL");
            }
            return;
        }
        q.bind(sysCol + " = ?", system);
        if (code != null) {
            q.bind(" AND " + valCol + " = ?", code);
        }
    }

    private void date(SqlStatement q, String x, SearchValue.Date d) {
        String ts = x + ".start_ms";
        String te = x + ".end_ms";
        long s = d.start().toEpochMilli();
        long e = d.end().toEpochMilli();
        switch (d.prefix()) {
            case EQ -> eqDate(q, ts, te, s, e);
            case NE -> {
                q.text("NOT (");
                eqDate(q, ts, te, s, e);
                q.text(")");
            }
            case GT -> q.bind(te + " IS NULL OR " + te + " > ?", e);
            case LT -> q.bind(ts + " IS NULL OR " + ts + " < ?", s);
            case GE -> {
                q.bind(te + " IS NULL OR " + te + " > ? OR (", e);
                eqDate(q, ts, te, s, e);
                q.text(")");
            }
            case LE -> {
                q.bind(ts + " IS NULL OR " + ts + " < ? OR (", s);
                eqDate(q, ts, te, s, e);
                q.text(")");
            }
            case SA -> q.bind(ts + " IS NOT NULL AND " + ts + " >= ?", e);
            case EB -> q.bind(te + " IS NOT NULL AND " + te + " <= ?", s);
            case AP -> {
                Duration tolerance =
                        Duration.between(d.start(), clock.instant()).abs().dividedBy(10);
                Instant low = d.start().minus(tolerance);
                Instant high = d.end().plus(tolerance);
                q.bind("(" + ts + " IS NULL OR " + ts + " < ?)", high.toEpochMilli());
                q.bind(" AND (" + te + " IS NULL OR " + te + " > ?)", low.toEpochMilli());
            }
        }
    }

    private static void eqDate(SqlStatement q, String ts, String te, long s, long e) {
        q.bind(ts + " IS NOT NULL AND " + te + " IS NOT NULL AND " + ts + " >= ?", s);
        q.bind(" AND " + te + " <= ?", e);
    }

    /** The matcher's number rules: a point {@code p}, or (p null) a range {@code [tl, th)} with null = unbounded. */
    private static void number(SqlStatement q, String p, String tl, String th, SearchValue.Number n) {
        double v = n.value().doubleValue();
        double low = n.low().doubleValue();
        double high = n.high().doubleValue();
        BigDecimal tolerance = n.value().abs().multiply(TEN_PERCENT);
        double apLow = n.value().subtract(tolerance).min(n.low()).doubleValue();
        double apHigh = n.value().add(tolerance).max(n.high()).doubleValue();
        q.text("(" + p + " IS NOT NULL AND (");
        switch (n.prefix()) {
            case EQ -> q.bind(p + " >= ?", low).bind(" AND " + p + " < ?", high);
            case NE -> q.bind(p + " < ?", low).bind(" OR " + p + " >= ?", high);
            case GT -> q.bind(p + " > ?", v);
            case LT -> q.bind(p + " < ?", v);
            case GE -> q.bind(p + " >= ?", v);
            case LE -> q.bind(p + " <= ?", v);
            case SA -> q.bind(p + " >= ?", high);
            case EB -> q.bind(p + " < ?", low);
            case AP -> q.bind(p + " >= ?", apLow).bind(" AND " + p + " <= ?", apHigh);
        }
        q.text(")) OR (" + p + " IS NULL AND (");
        String eq = tl + " IS NOT NULL AND " + th + " IS NOT NULL AND " + tl + " >= ? AND " + th + " <= ?";
        switch (n.prefix()) {
            case EQ -> q.bind(eq, low).bindValue(high);
            case NE -> q.bind("NOT (" + eq, low).bind(")", high);
            case GT -> q.bind(th + " IS NULL OR " + th + " > ?", v);
            case LT -> q.bind(tl + " IS NULL OR " + tl + " < ?", v);
            case GE ->
                q.bind(th + " IS NULL OR " + th + " > ? OR (" + eq, v)
                        .bind(")", low)
                        .bindValue(high);
            case LE ->
                q.bind(tl + " IS NULL OR " + tl + " <= ? OR (" + eq, v)
                        .bind(")", low)
                        .bindValue(high);
            case SA -> q.bind(tl + " IS NOT NULL AND " + tl + " >= ?", high);
            case EB -> q.bind(th + " IS NOT NULL AND " + th + " <= ?", low);
            case AP ->
                q.bind("(" + tl + " IS NULL OR " + tl + " <= ?)", apHigh)
                        .bind(" AND (" + th + " IS NULL OR " + th + " > ?)", apLow);
        }
        q.text("))");
    }

    private static void quantity(SqlStatement q, String x, SearchValue.Quantity value) {
        String system = value.system() == null || value.system().isEmpty() ? null : value.system();
        String code = value.code() == null || value.code().isEmpty() ? null : value.code();
        SearchValue.Number n = value.number();
        Optional<SearchValue.Number> canonical = Optional.empty();
        String canonicalUnit = null;
        if (system != null && code != null && UcumCanonicalizer.UCUM_SYSTEM.equals(system)) {
            UcumCanonicalizer ucum = UcumCanonicalizer.get();
            Optional<UcumCanonicalizer.Canonical> v = ucum.canonicalize(n.value(), code);
            Optional<UcumCanonicalizer.Canonical> low = ucum.canonicalize(n.low(), code);
            Optional<UcumCanonicalizer.Canonical> high = ucum.canonicalize(n.high(), code);
            if (v.isPresent() && low.isPresent() && high.isPresent()) {
                canonicalUnit = v.get().unit();
                canonical = Optional.of(new SearchValue.Number(
                        n.prefix(),
                        v.get().value(),
                        low.get().value(),
                        high.get().value()));
            }
        }
        if (canonical.isPresent()) {
            // A UCUM unit with a canonical form: every entry written in that system and code carries the same
            // canonical unit, so the canonical comparison alone finds them all, as well as entries written in other
            // units of the same dimension (60 kg = 60000 g), through the canonical index.
            q.bind("(" + x + ".c_unit = ? AND (", canonicalUnit);
            number(q, x + ".c_point", x + ".c_low", x + ".c_high", canonical.get());
            q.text("))");
            return;
        }
        q.text("(");
        if (system != null) {
            q.bind(x + ".system = ? AND ", system);
        }
        if (code != null) {
            if (system != null) {
                q.bind(x + ".unit_code = ? AND ", code);
            } else {
                q.bind("(" + x + ".unit_code = ?", code).bind(" OR " + x + ".unit = ?) AND ", code);
            }
        }
        q.text("(");
        number(q, x + ".point", x + ".low", x + ".high", n);
        q.text("))");
    }

    private void reference(SqlStatement q, String x, SearchValue.Reference r, String typeHint) {
        q.text(x + ".contained = 0 AND ");
        if (r.url() != null && r.canonicalVersion() != null) {
            q.bind(x + ".url = ?", r.url()).bind(" AND " + x + ".version = ?", r.canonicalVersion());
            return;
        }
        if (r.url() != null) {
            // no server bases are configured: every absolute URL is external
            q.bind(x + ".url_base = ?", SqlIndexLayout.withoutHistory(r.url()));
            return;
        }
        if (r.id() == null) {
            q.text(dialect.alwaysFalse());
            return;
        }
        q.bind(x + ".url IS NULL AND " + x + ".target_id = ?", r.id());
        String type = r.type() != null ? r.type() : typeHint;
        if (type != null) {
            q.bind(" AND " + x + ".target_type = ?", type);
        }
    }

    private void uri(SqlStatement q, String uriCol, String versionCol, String value, SearchModifier modifier) {
        String url = value;
        String version = null;
        int bar = value.indexOf('|');
        if (bar >= 0) {
            url = value.substring(0, bar);
            version = value.substring(bar + 1);
        }
        if (version != null) {
            q.bind(versionCol + " = ? AND ", version);
        }
        boolean urn = url.toLowerCase(Locale.ROOT).startsWith("urn:");
        if (modifier == SearchModifier.BELOW && !urn) {
            // the entry starts with the value on a path boundary
            q.bind("substr(" + uriCol + ", 1, length(?))", url).bind(" = ?", url);
            q.bind(" AND (length(" + uriCol + ") = length(?)", url);
            if (url.endsWith("/")) {
                q.text(" OR " + dialect.alwaysTrue());
            }
            q.bind(" OR substr(" + uriCol + ", length(?) + 1, 1) = '/')", url);
        } else if (modifier == SearchModifier.ABOVE && !urn) {
            // the value starts with the entry on a path boundary
            q.bind("substr(?, 1, length(" + uriCol + ")) = " + uriCol, url);
            q.bind(" AND (length(" + uriCol + ") = length(?) OR " + dialect.lastCharacter(uriCol) + " = '/'", url);
            q.bind(" OR substr(?, length(" + uriCol + ") + 1, 1) = '/')", url);
        } else {
            q.bind(uriCol + " = ?", url);
        }
    }
}
