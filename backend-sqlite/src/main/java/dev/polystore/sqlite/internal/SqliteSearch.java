package dev.polystore.sqlite.internal;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchModifier;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.search.TotalMode;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineSearchPage;
import dev.polystore.core.index.StringNormalizer;
import dev.polystore.core.index.UcumCanonicalizer;
import dev.polystore.core.search.Criterion;
import dev.polystore.core.search.ResolvedSearch;
import dev.polystore.core.search.SearchValue;
import dev.polystore.definitions.SearchParameterDefinition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one page of a {@link ResolvedSearch} in SQL over the index tables of {@link SqliteIndexSchema}. Every criterion
 * becomes a semi-join ({@code rkey IN (SELECT ...)}) on the index tables; chains and {@code _has} nest such semi-joins
 * through {@code idx_reference}, so they are complete at any size. Values reach SQL only as bound parameters. The
 * semantics are those of {@code IndexMatcher} (the server has no configured bases: every absolute reference is
 * external).
 */
final class SqliteSearch {
    static final int DEFAULT_COUNT = 50;
    private static final int IN_CHUNK = 500;
    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");

    private final SqliteConnection c;
    private final String tenantKey;
    private final SqliteSession session;
    private final Clock clock;
    private int aliases;

    SqliteSearch(SqliteConnection c, TenantId tenant, FhirVersion fhirVersion, Clock clock) {
        this.c = c;
        this.tenantKey = tenant.value();
        this.session = new SqliteSession(c, tenant, fhirVersion);
        this.clock = clock;
    }

    /** SQL text with its bound values, appended in step. */
    static final class Q {
        final StringBuilder sql = new StringBuilder();
        final List<Object> args = new ArrayList<>();

        Q a(String s) {
            sql.append(s);
            return this;
        }

        Q b(String s, Object arg) {
            sql.append(s);
            args.add(arg);
            return this;
        }
    }

    private String alias() {
        return "a" + (++aliases);
    }

    // ------------------------------------------------------------------ page

    EngineSearchPage run(ResolvedSearch search, String cursor) {
        List<String> types = search.resourceType() != null ? List.of(search.resourceType()) : search.types();
        List<SortSpec> sort = sortSpecs(search, types);
        int count = search.count() == null ? DEFAULT_COUNT : search.count();
        if (search.summary() == ResolvedSearch.SummaryMode.COUNT) {
            count = 0;
        }
        if (count < 0) {
            throw new InvalidRequestException("_count must not be negative");
        }
        // the criteria, shared by the page and the count
        Q where = new Q();
        where.b("k.tenant = ? AND k.live = 1", tenantKey);
        typeFilter(where, "k.type", types);
        for (Criterion criterion : search.criteria()) {
            where.a(" AND (");
            predicate(where, "k", types, criterion);
            where.a(")");
        }
        if (search.compartment() != null) {
            where.a(" AND (");
            compartment(where, "k", types, search.compartment());
            where.a(")");
        }
        try {
            Long total = null;
            if (search.total() != TotalMode.NONE || count == 0) {
                Q q = new Q().a("SELECT count(*) FROM search_resources k WHERE ");
                append(q, where);
                try (PreparedStatement ps = prepare(q);
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            if (count == 0) {
                return new EngineSearchPage(List.of(), List.of(), total, null);
            }
            String fingerprint = fingerprint(sort);
            List<Object> after = cursor == null ? null : decodeCursor(cursor, fingerprint, sort.size());
            Q q = new Q().a("SELECT rkey, type, id");
            for (int i = 0; i < sort.size(); i++) {
                q.a(", s" + i);
            }
            q.a(" FROM (SELECT k.rkey AS rkey, k.type AS type, k.id AS id");
            for (int i = 0; i < sort.size(); i++) {
                q.a(", ");
                sortExpression(q, "k", sort.get(i));
                q.a(" AS s" + i);
            }
            q.a(" FROM search_resources k WHERE ");
            append(q, where);
            q.a(")");
            if (after != null) {
                q.a(" WHERE ");
                after(q, sort, after, 0);
            }
            q.a(" ORDER BY ");
            for (int i = 0; i < sort.size(); i++) {
                q.a("s" + i + " IS NULL, s" + i + (sort.get(i).descending ? " DESC, " : " ASC, "));
            }
            q.a(sort.isEmpty() ? "rkey" : "id, rkey");
            q.b(" LIMIT ?", count + 1);
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = prepare(q);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < sort.size(); i++) {
                        values.add(normalize(rs.getObject(4 + i)));
                    }
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), values));
                }
            }
            String next = null;
            if (rows.size() > count) {
                rows = rows.subList(0, count);
                Row last = rows.get(rows.size() - 1);
                List<Object> position = new ArrayList<>(last.sortValues);
                position.add(last.id);
                position.add(last.rkey);
                next = encodeCursor(fingerprint, position);
            }
            List<StoredResource> matches = load(rows);
            List<StoredResource> includes = includes(search, rows);
            return new EngineSearchPage(matches, includes, total, next);
        } catch (SQLException e) {
            throw SqliteSession.unavailable(e);
        }
    }

    private record Row(long rkey, String type, String id, List<Object> sortValues) {}

    private static Object normalize(Object o) {
        if (o instanceof Integer i) {
            return i.longValue();
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        return o;
    }

    private static void append(Q q, Q part) {
        q.sql.append(part.sql);
        q.args.addAll(part.args);
    }

    private PreparedStatement prepare(Q q) throws SQLException {
        PreparedStatement ps = c.jdbc().prepareStatement(q.sql.toString());
        for (int i = 0; i < q.args.size(); i++) {
            ps.setObject(i + 1, q.args.get(i));
        }
        return ps;
    }

    private static void typeFilter(Q q, String column, List<String> types) {
        if (types == null || types.isEmpty()) {
            return;
        }
        if (types.size() == 1) {
            q.b(" AND " + column + " = ?", types.get(0));
            return;
        }
        q.a(" AND " + column + " IN (");
        for (int i = 0; i < types.size(); i++) {
            q.b(i == 0 ? "?" : ", ?", types.get(i));
        }
        q.a(")");
    }

    /** The current versions of the rows, in their order; tombstones (deleted meanwhile) left out. */
    private List<StoredResource> load(List<Row> rows) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (Row r : rows) {
            idsByType.computeIfAbsent(r.type, t -> new ArrayList<>()).add(r.id);
        }
        Map<String, StoredResource> byKey = new HashMap<>();
        idsByType.forEach((type, ids) -> {
            for (StoredResource s : session.currentMany(type, ids)) {
                byKey.put(type + "/" + s.id(), s);
            }
        });
        List<StoredResource> out = new ArrayList<>();
        for (Row r : rows) {
            StoredResource s = byKey.get(r.type + "/" + r.id);
            if (s != null && !s.deleted()) {
                out.add(s);
            }
        }
        return out;
    }

    // -------------------------------------------------------------- criteria

    /** A boolean SQL expression: the resource {@code alias} (of one of {@code types}, empty = any) satisfies c. */
    private void predicate(Q q, String alias, List<String> types, Criterion criterion) {
        if (criterion instanceof Criterion.Value value) {
            value(q, alias, types, value);
        } else if (criterion instanceof Criterion.Missing missing) {
            SearchParameterDefinition p = missing.parameter();
            String table = tableOf(p);
            String x = alias();
            q.a(alias + ".rkey " + (missing.missing() ? "NOT IN" : "IN") + " (SELECT " + x + ".rkey FROM " + table + " "
                    + x + " WHERE " + x + ".tenant = ?");
            q.args.add(tenantKey);
            typeFilter(q, x + ".type", types);
            q.b(" AND " + x + ".code = ?)", p.code());
        } else if (criterion instanceof Criterion.PerType perType) {
            List<String> branches = new ArrayList<>();
            for (String t : perType.byType().keySet()) {
                if (types.isEmpty() || types.contains(t)) {
                    branches.add(t);
                }
            }
            if (branches.isEmpty()) {
                q.a("0");
                return;
            }
            for (int i = 0; i < branches.size(); i++) {
                String t = branches.get(i);
                q.b((i == 0 ? "" : " OR ") + "(" + alias + ".type = ? AND (", t);
                predicate(q, alias, List.of(t), perType.byType().get(t));
                q.a("))");
            }
        } else if (criterion instanceof Criterion.Chain chain) {
            chain(q, alias, types, chain);
        } else if (criterion instanceof Criterion.Has has) {
            has(q, alias, types, has);
        } else if (criterion instanceof Criterion.Compartment compartment) {
            compartment(q, alias, types, compartment);
        } else if (criterion instanceof Criterion.FullText fullText) {
            throw new UnsupportedCapabilityException(
                    "The SQLite backend does not support full-text search (" + fullText.parameter() + ")");
        } else if (criterion instanceof Criterion.Filter) {
            throw new UnsupportedCapabilityException("The SQLite backend does not support _filter");
        } else if (criterion instanceof Criterion.InList) {
            throw new UnsupportedCapabilityException("The SQLite backend does not support _list");
        } else {
            throw new UnsupportedCapabilityException("The SQLite backend does not support the criterion " + criterion);
        }
    }

    private static String tableOf(SearchParameterDefinition p) {
        return switch (p.type()) {
            case STRING -> "idx_string";
            case TOKEN -> "idx_token";
            case DATE -> "idx_date";
            case NUMBER -> "idx_number";
            case QUANTITY -> "idx_quantity";
            case REFERENCE -> "idx_reference";
            case URI -> "idx_uri";
            case COMPOSITE -> "idx_composite";
            case SPECIAL ->
                throw new UnsupportedCapabilityException(
                        "The SQLite backend does not support parameters of type special (" + p.code() + ")");
        };
    }

    /** Refuses what the matcher calls undecidable from the entries (and so what this backend does not execute). */
    private static void checkDecidable(SearchValue value, SearchModifier modifier, String code) {
        if (value instanceof SearchValue.Special) {
            throw new UnsupportedCapabilityException(
                    "The SQLite backend does not support parameters of type special (" + code + ")");
        }
        if (value instanceof SearchValue.Composite composite) {
            for (SearchValue v : composite.components()) {
                checkDecidable(v, null, code);
            }
        }
        if (modifier == null) {
            return;
        }
        boolean unsupported =
                switch (modifier) {
                    case ABOVE, BELOW -> !(value instanceof SearchValue.Uri);
                    case IN, NOT_IN, CODE_TEXT, TEXT_ADVANCED, MISSING -> true;
                    case TEXT -> value instanceof SearchValue.StringValue;
                    case EXACT, CONTAINS -> !(value instanceof SearchValue.StringValue);
                    case NOT, OF_TYPE, IDENTIFIER -> false;
                };
        if (unsupported) {
            throw new UnsupportedCapabilityException("The SQLite backend does not support the modifier :"
                    + modifier.code() + " on " + code + " (it needs terminology, full text or a hierarchy)");
        }
    }

    private void value(Q q, String alias, List<String> types, Criterion.Value criterion) {
        String code = criterion.parameter().code();
        for (SearchValue v : criterion.values()) {
            checkDecidable(v, criterion.modifier() == SearchModifier.NOT ? null : criterion.modifier(), code);
        }
        boolean not = criterion.modifier() == SearchModifier.NOT;
        SearchModifier modifier = not ? null : criterion.modifier();
        q.a(alias + ".rkey " + (not ? "NOT IN" : "IN") + " (");
        matchSet(q, types, code, criterion.values(), modifier, criterion.typeHint(), null);
        q.a(")");
    }

    private static final List<String> VALUE_TABLES = List.of(
            "idx_string",
            "idx_token",
            "idx_date",
            "idx_number",
            "idx_quantity",
            "idx_reference",
            "idx_uri",
            "idx_composite");

    /**
     * {@code SELECT rkey} of the resources with an entry of {@code code} that matches one of the values; with {@code
     * comp} (a composite's row alias), only the component rows of that combination.
     */
    private void matchSet(
            Q q,
            List<String> types,
            String code,
            List<SearchValue> values,
            SearchModifier modifier,
            String typeHint,
            String comp) {
        boolean first = true;
        for (String table : VALUE_TABLES) {
            String x = alias();
            Q conds = new Q();
            boolean any = false;
            for (SearchValue v : values) {
                Q cond = new Q();
                if (valueCondition(cond, table, x, v, modifier, typeHint)) {
                    conds.a(any ? " OR (" : "(");
                    append(conds, cond);
                    conds.a(")");
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            q.a(first ? "" : " UNION ALL ");
            first = false;
            if (comp == null) {
                q.b("SELECT " + x + ".rkey FROM " + table + " " + x + " WHERE " + x + ".code = ?", code);
                q.b(" AND " + x + ".tenant = ?", tenantKey);
                typeFilter(q, x + ".type", types);
            } else {
                // code is the component's suffix of the composite's code
                q.b(
                        "SELECT " + x + ".rkey FROM " + table + " " + x + " WHERE " + x + ".code = " + comp
                                + ".code || ?",
                        code);
                q.a(" AND " + x + ".rkey = " + comp + ".rkey AND " + x + ".comp = " + comp + ".combo");
            }
            q.a(" AND (");
            append(q, conds);
            q.a(")");
        }
        if (first) {
            // no table can hold a match (a value type that never meets an entry type)
            q.a("SELECT NULL WHERE 0");
        }
    }

    /** Appends the condition of one value on a row {@code x} of {@code table}; false if the table never matches. */
    private boolean valueCondition(
            Q q, String table, String x, SearchValue value, SearchModifier modifier, String typeHint) {
        switch (table) {
            case "idx_string" -> {
                if (!(value instanceof SearchValue.StringValue s)) {
                    return false;
                }
                if (modifier == SearchModifier.EXACT) {
                    // equal strings have equal normal forms: the norm index finds the candidates
                    q.b(x + ".norm = ? AND ", StringNormalizer.normalize(s.value()));
                    q.b(x + ".exact = ?", s.value());
                } else if (modifier == SearchModifier.CONTAINS) {
                    q.b("instr(" + x + ".norm, ?) > 0", StringNormalizer.normalize(s.value()));
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
                    q.a(x + ".type_code IS NOT NULL AND " + x + ".value IS NOT NULL");
                    q.b(" AND " + x + ".type_system IS ?", t.typeSystem().isEmpty() ? null : t.typeSystem());
                    q.b(" AND " + x + ".type_code = ?", t.typeCode());
                    q.b(" AND " + x + ".value = ?", t.value());
                    return true;
                }
                if (value instanceof SearchValue.Text t) {
                    q.a(x + ".text_norm IS NOT NULL AND ");
                    startsWith(q, x + ".text_norm", StringNormalizer.normalize(t.text()));
                    return true;
                }
                return false;
            }
            case "idx_date" -> {
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
                    q.a(x + ".id_value IS NOT NULL AND ");
                    token(q, x + ".id_system", x + ".id_value", t.system(), t.code());
                    return true;
                }
                if (value instanceof SearchValue.Text t) {
                    q.a(x + ".display_norm IS NOT NULL AND ");
                    startsWith(q, x + ".display_norm", StringNormalizer.normalize(t.text()));
                    return true;
                }
                if (value instanceof SearchValue.Uri u) {
                    q.a(x + ".url IS NOT NULL AND ");
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
            case "idx_composite" -> {
                if (!(value instanceof SearchValue.Composite composite)) {
                    return false;
                }
                composite(q, x, composite);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void startsWith(Q q, String column, String prefix) {
        // the range test lets an index serve the lookup; the substr test is the exact starts-with
        q.b(column + " >= ?", prefix);
        q.b(" AND substr(" + column + ", 1, length(?))", prefix);
        q.b(" = ?", prefix);
    }

    private static void token(Q q, String sysCol, String valCol, String system, String code) {
        if (system == null || system.isEmpty()) {
            if (code == null) {
                q.a("0");
                return;
            }
            q.b(valCol + " = ?", code);
            if (system != null) {
                q.a(" AND " + sysCol + " IS NULL");
            }
            return;
        }
        q.b(sysCol + " = ?", system);
        if (code != null) {
            q.b(" AND " + valCol + " = ?", code);
        }
    }

    private void date(Q q, String x, SearchValue.Date d) {
        String ts = x + ".start_ms";
        String te = x + ".end_ms";
        long s = d.start().toEpochMilli();
        long e = d.end().toEpochMilli();
        switch (d.prefix()) {
            case EQ -> eqDate(q, ts, te, s, e);
            case NE -> {
                q.a("NOT (");
                eqDate(q, ts, te, s, e);
                q.a(")");
            }
            case GT -> q.b(te + " IS NULL OR " + te + " > ?", e);
            case LT -> q.b(ts + " IS NULL OR " + ts + " < ?", s);
            case GE -> {
                q.b(te + " IS NULL OR " + te + " > ? OR (", e);
                eqDate(q, ts, te, s, e);
                q.a(")");
            }
            case LE -> {
                q.b(ts + " IS NULL OR " + ts + " < ? OR (", s);
                eqDate(q, ts, te, s, e);
                q.a(")");
            }
            case SA -> q.b(ts + " IS NOT NULL AND " + ts + " >= ?", e);
            case EB -> q.b(te + " IS NOT NULL AND " + te + " <= ?", s);
            case AP -> {
                Duration tolerance =
                        Duration.between(d.start(), clock.instant()).abs().dividedBy(10);
                Instant low = d.start().minus(tolerance);
                Instant high = d.end().plus(tolerance);
                q.b("(" + ts + " IS NULL OR " + ts + " < ?)", high.toEpochMilli());
                q.b(" AND (" + te + " IS NULL OR " + te + " > ?)", low.toEpochMilli());
            }
        }
    }

    private static void eqDate(Q q, String ts, String te, long s, long e) {
        q.b(ts + " IS NOT NULL AND " + te + " IS NOT NULL AND " + ts + " >= ?", s);
        q.b(" AND " + te + " <= ?", e);
    }

    /** The matcher's number rules: a point {@code p}, or (p null) a range {@code [tl, th)} with null = unbounded. */
    private static void number(Q q, String p, String tl, String th, SearchValue.Number n) {
        double v = n.value().doubleValue();
        double low = n.low().doubleValue();
        double high = n.high().doubleValue();
        BigDecimal tolerance = n.value().abs().multiply(TEN_PERCENT);
        double apLow = n.value().subtract(tolerance).min(n.low()).doubleValue();
        double apHigh = n.value().add(tolerance).max(n.high()).doubleValue();
        q.a("(" + p + " IS NOT NULL AND (");
        switch (n.prefix()) {
            case EQ -> q.b(p + " >= ?", low).b(" AND " + p + " < ?", high);
            case NE -> q.b(p + " < ?", low).b(" OR " + p + " >= ?", high);
            case GT -> q.b(p + " > ?", v);
            case LT -> q.b(p + " < ?", v);
            case GE -> q.b(p + " >= ?", v);
            case LE -> q.b(p + " <= ?", v);
            case SA -> q.b(p + " >= ?", high);
            case EB -> q.b(p + " < ?", low);
            case AP -> q.b(p + " >= ?", apLow).b(" AND " + p + " <= ?", apHigh);
        }
        q.a(")) OR (" + p + " IS NULL AND (");
        String eq = tl + " IS NOT NULL AND " + th + " IS NOT NULL AND " + tl + " >= ? AND " + th + " <= ?";
        switch (n.prefix()) {
            case EQ -> q.b(eq, low).args.add(high);
            case NE -> q.b("NOT (" + eq, low).b(")", high);
            case GT -> q.b(th + " IS NULL OR " + th + " > ?", v);
            case LT -> q.b(tl + " IS NULL OR " + tl + " < ?", v);
            case GE ->
                q.b(th + " IS NULL OR " + th + " > ? OR (" + eq, v)
                        .b(")", low)
                        .args
                        .add(high);
            case LE ->
                q.b(tl + " IS NULL OR " + tl + " <= ? OR (" + eq, v)
                        .b(")", low)
                        .args
                        .add(high);
            case SA -> q.b(tl + " IS NOT NULL AND " + tl + " >= ?", high);
            case EB -> q.b(th + " IS NOT NULL AND " + th + " <= ?", low);
            case AP ->
                q.b("(" + tl + " IS NULL OR " + tl + " <= ?)", apHigh)
                        .b(" AND (" + th + " IS NULL OR " + th + " > ?)", apLow);
        }
        q.a("))");
    }

    private static void quantity(Q q, String x, SearchValue.Quantity value) {
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
        q.a("(");
        if (canonical.isPresent()) {
            // entries in the same canonical unit compare canonically; the others as written
            q.b("(" + x + ".c_unit = ? AND (", canonicalUnit);
            number(q, x + ".c_point", x + ".c_low", x + ".c_high", canonical.get());
            q.b(")) OR ((" + x + ".c_unit IS NULL OR " + x + ".c_unit <> ?) AND ", canonicalUnit);
        }
        q.a("(");
        if (system != null) {
            q.b(x + ".system = ? AND ", system);
        }
        if (code != null) {
            if (system != null) {
                q.b(x + ".unit_code = ? AND ", code);
            } else {
                q.b("(" + x + ".unit_code = ?", code).b(" OR " + x + ".unit = ?) AND ", code);
            }
        }
        q.a("(");
        number(q, x + ".point", x + ".low", x + ".high", n);
        q.a("))");
        if (canonical.isPresent()) {
            q.a(")");
        }
        q.a(")");
    }

    private static void reference(Q q, String x, SearchValue.Reference r, String typeHint) {
        q.a(x + ".contained = 0 AND ");
        if (r.url() != null && r.canonicalVersion() != null) {
            q.b(x + ".url = ?", r.url()).b(" AND " + x + ".version = ?", r.canonicalVersion());
            return;
        }
        if (r.url() != null) {
            // no server bases are configured: every absolute URL is external
            q.b(x + ".url_base = ?", SqliteIndexWriter.withoutHistory(r.url()));
            return;
        }
        if (r.id() == null) {
            q.a("0");
            return;
        }
        q.b(x + ".url IS NULL AND " + x + ".target_id = ?", r.id());
        String type = r.type() != null ? r.type() : typeHint;
        if (type != null) {
            q.b(" AND " + x + ".target_type = ?", type);
        }
    }

    private static void uri(Q q, String uriCol, String versionCol, String value, SearchModifier modifier) {
        String url = value;
        String version = null;
        int bar = value.indexOf('|');
        if (bar >= 0) {
            url = value.substring(0, bar);
            version = value.substring(bar + 1);
        }
        if (version != null) {
            q.b(versionCol + " = ? AND ", version);
        }
        boolean urn = url.toLowerCase(Locale.ROOT).startsWith("urn:");
        if (modifier == SearchModifier.BELOW && !urn) {
            // the entry starts with the value on a path boundary
            q.b("substr(" + uriCol + ", 1, length(?))", url).b(" = ?", url);
            q.b(" AND (length(" + uriCol + ") = length(?)", url);
            if (url.endsWith("/")) {
                q.a(" OR 1");
            }
            q.b(" OR substr(" + uriCol + ", length(?) + 1, 1) = '/')", url);
        } else if (modifier == SearchModifier.ABOVE && !urn) {
            // the value starts with the entry on a path boundary
            q.b("substr(?, 1, length(" + uriCol + ")) = " + uriCol, url);
            q.b(" AND (length(" + uriCol + ") = length(?) OR substr(" + uriCol + ", -1, 1) = '/'", url);
            q.b(" OR substr(?, length(" + uriCol + ") + 1, 1) = '/')", url);
        } else {
            q.b(uriCol + " = ?", url);
        }
    }

    /** Every component must match the same combination {@code x}: the component rows share its combo. */
    private void composite(Q q, String x, SearchValue.Composite value) {
        List<SearchValue> components = value.components();
        q.a("1");
        for (int i = 0; i < components.size(); i++) {
            q.a(" AND EXISTS (");
            matchSet(q, List.of(), SqliteIndexWriter.componentCode("", i), List.of(components.get(i)), null, null, x);
            q.a(")");
        }
    }

    // ------------------------------------------------------ chains and _has

    private void chain(Q q, String alias, List<String> types, Criterion.Chain chain) {
        List<String> targets = new ArrayList<>();
        for (String t : chain.byTargetType().keySet()) {
            if (chain.typeHint() == null || chain.typeHint().equals(t)) {
                targets.add(t);
            }
        }
        if (targets.isEmpty()) {
            q.a("0");
            return;
        }
        String x = alias();
        String t = alias();
        q.a(alias + ".rkey IN (SELECT " + x + ".rkey FROM idx_reference " + x + " JOIN search_resources " + t
                + " ON " + t + ".tenant = " + x + ".tenant AND " + t + ".type = " + x + ".target_type AND " + t
                + ".id = " + x + ".target_id WHERE " + x + ".tenant = ?");
        q.args.add(tenantKey);
        typeFilter(q, x + ".type", types);
        q.b(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + t
                        + ".live = 1 AND (",
                chain.parameter().code());
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            q.b((i == 0 ? "" : " OR ") + "(" + t + ".type = ? AND (", target);
            predicate(q, t, List.of(target), chain.byTargetType().get(target));
            q.a("))");
        }
        q.a("))");
    }

    private void has(Q q, String alias, List<String> types, Criterion.Has has) {
        String x = alias();
        String s = alias();
        String t = alias();
        q.a(alias + ".rkey IN (SELECT " + t + ".rkey FROM idx_reference " + x + " JOIN search_resources " + s + " ON "
                + s + ".rkey = " + x + ".rkey JOIN search_resources " + t + " ON " + t + ".tenant = " + x
                + ".tenant AND " + t + ".type = " + x + ".target_type AND " + t + ".id = " + x + ".target_id WHERE "
                + x + ".tenant = ?");
        q.args.add(tenantKey);
        q.b(" AND " + x + ".type = ?", has.sourceType());
        q.b(
                " AND " + x + ".code = ? AND " + x + ".url IS NULL AND " + x + ".contained = 0 AND " + s + ".live = 1",
                has.referenceParameter().code());
        typeFilter(q, t + ".type", types);
        q.a(" AND (");
        predicate(q, s, List.of(has.sourceType()), has.inner());
        q.a("))");
    }

    private void compartment(Q q, String alias, List<String> types, Criterion.Compartment compartment) {
        boolean any = false;
        for (Map.Entry<String, List<String>> e : compartment.paramsByType().entrySet()) {
            String type = e.getKey();
            if (!types.isEmpty() && !types.contains(type)) {
                continue;
            }
            q.b((any ? " OR " : "") + "(" + alias + ".type = ? AND (", type);
            any = true;
            boolean first = true;
            for (String param : e.getValue()) {
                q.a(first ? "" : " OR ");
                first = false;
                if (Criterion.Compartment.SELF.equals(param)) {
                    q.b(alias + ".type = ?", compartment.compartmentType())
                            .b(" AND " + alias + ".id = ?", compartment.id());
                } else {
                    String x = alias();
                    q.a(alias + ".rkey IN (SELECT " + x + ".rkey FROM idx_reference " + x + " WHERE " + x
                            + ".tenant = ?");
                    q.args.add(tenantKey);
                    q.b(" AND " + x + ".type = ?", type);
                    q.b(" AND " + x + ".code = ?", param);
                    q.b(" AND " + x + ".target_id = ?", compartment.id());
                    q.b(" AND " + x + ".target_type = ?", compartment.compartmentType());
                    q.a(" AND " + x + ".url IS NULL AND " + x + ".contained = 0)");
                }
            }
            if (first) {
                q.a("0");
            }
            q.a("))");
        }
        if (!any) {
            q.a("0");
        }
    }

    // ------------------------------------------------------------------ sort

    private record SortSpec(String code, SearchParamType type, boolean descending) {}

    private static List<SortSpec> sortSpecs(ResolvedSearch search, List<String> types) {
        List<SortSpec> specs = new ArrayList<>();
        for (ResolvedSearch.SortKey key : search.sort()) {
            Set<SearchParamType> kinds = new HashSet<>();
            key.parameterByType().values().forEach(p -> kinds.add(p.type()));
            if (kinds.size() != 1) {
                throw new UnsupportedCapabilityException("The SQLite backend cannot sort by " + key.code()
                        + ": its type differs between the searched types");
            }
            SearchParamType type = kinds.iterator().next();
            if (type == SearchParamType.COMPOSITE || type == SearchParamType.SPECIAL) {
                throw new UnsupportedCapabilityException("The SQLite backend cannot sort by the "
                        + type.name().toLowerCase(Locale.ROOT) + " parameter " + key.code());
            }
            specs.add(new SortSpec(key.code(), type, key.descending()));
        }
        return specs;
    }

    /** The key's sort value of resource {@code alias}: the lowest (ascending) or highest (descending) entry. */
    private void sortExpression(Q q, String alias, SortSpec spec) {
        String f = spec.descending ? "max" : "min";
        String y = alias();
        String column;
        String table;
        switch (spec.type) {
            case STRING -> {
                table = "idx_string";
                column = y + ".norm";
            }
            case TOKEN -> {
                table = "idx_token";
                column = y + ".value";
            }
            case DATE -> {
                table = "idx_date";
                column = spec.descending
                        ? "coalesce(" + y + ".end_ms, " + (Long.MAX_VALUE - 1) + ")"
                        : "coalesce(" + y + ".start_ms, " + (Long.MIN_VALUE + 1) + ")";
            }
            case NUMBER, QUANTITY -> {
                table = spec.type == SearchParamType.NUMBER ? "idx_number" : "idx_quantity";
                column = spec.descending
                        ? "coalesce(" + y + ".point, " + y + ".high, 1e308)"
                        : "coalesce(" + y + ".point, " + y + ".low, -1e308)";
            }
            case REFERENCE -> {
                table = "idx_reference";
                column = "coalesce(" + y + ".target_type || '/' || " + y + ".target_id, " + y + ".url)";
            }
            case URI -> {
                table = "idx_uri";
                column = y + ".uri";
            }
            default -> throw new UnsupportedCapabilityException("The SQLite backend cannot sort by " + spec.code);
        }
        q.b(
                "(SELECT " + f + "(" + column + ") FROM " + table + " " + y + " WHERE " + y + ".rkey = " + alias
                        + ".rkey AND " + y + ".code = ?)",
                spec.code);
    }

    /** The keyset condition: rows strictly after {@code position} (sort values, id, rkey) in the page order. */
    private static void after(Q q, List<SortSpec> sort, List<Object> position, int i) {
        if (i == sort.size()) {
            String id = (String) position.get(i);
            long rkey = (Long) position.get(i + 1);
            if (sort.isEmpty()) {
                q.b("rkey > ?", rkey);
            } else {
                q.b("(id > ?", id).b(" OR (id = ?", id).b(" AND rkey > ?))", rkey);
            }
            return;
        }
        String s = "s" + i;
        Object last = position.get(i);
        if (last == null) {
            // missing values come last: only rows also missing it can follow
            q.a("(" + s + " IS NULL AND ");
            after(q, sort, position, i + 1);
            q.a(")");
            return;
        }
        q.b("(" + s + " IS NULL OR " + s + (sort.get(i).descending ? " < ?" : " > ?"), last);
        q.b(" OR (" + s + " = ? AND ", last);
        after(q, sort, position, i + 1);
        q.a("))");
    }

    // --------------------------------------------------------------- cursors

    private static String fingerprint(List<SortSpec> sort) {
        StringBuilder b = new StringBuilder("v1");
        for (SortSpec s : sort) {
            b.append(s.descending ? '-' : '+').append(s.code);
        }
        return b.toString();
    }

    private static String encodeCursor(String fingerprint, List<Object> values) {
        StringBuilder b = new StringBuilder(b64(fingerprint));
        for (Object v : values) {
            b.append('.');
            if (v == null) {
                b.append('n');
            } else if (v instanceof Long l) {
                b.append('l').append(l);
            } else if (v instanceof Double d) {
                b.append('d').append(Long.toHexString(Double.doubleToRawLongBits(d)));
            } else {
                b.append('s').append(b64(v.toString()));
            }
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Object> decodeCursor(String cursor, String fingerprint, int sortKeys) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\.", -1);
            if (parts.length != sortKeys + 3 || !unb64(parts[0]).equals(fingerprint)) {
                throw new InvalidRequestException("The cursor does not belong to this search");
            }
            List<Object> values = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i];
                char kind = p.charAt(0);
                String rest = p.substring(1);
                values.add(
                        switch (kind) {
                            case 'n' -> null;
                            case 'l' -> Long.parseLong(rest);
                            case 'd' -> Double.longBitsToDouble(Long.parseUnsignedLong(rest, 16));
                            case 's' -> unb64(rest);
                            default -> throw new IllegalArgumentException("bad cursor part");
                        });
            }
            if (!(values.get(sortKeys) instanceof String) || !(values.get(sortKeys + 1) instanceof Long)) {
                throw new IllegalArgumentException("bad cursor position");
            }
            return values;
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new InvalidRequestException("Invalid search cursor", e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    // -------------------------------------------------------------- includes

    private record Key(long rkey, String type, String id) {}

    private List<StoredResource> includes(ResolvedSearch search, List<Row> rows) throws SQLException {
        if (rows.isEmpty()
                || (search.includes().isEmpty() && search.revincludes().isEmpty())) {
            return List.of();
        }
        Set<Long> seen = new HashSet<>();
        List<Long> matchKeys = new ArrayList<>();
        for (Row r : rows) {
            seen.add(r.rkey);
            matchKeys.add(r.rkey);
        }
        LinkedHashMap<Long, Key> included = new LinkedHashMap<>();
        // the first round from the matches, with every include; then :iterate ones from what is new
        List<Long> frontier = matchKeys;
        boolean firstRound = true;
        while (!frontier.isEmpty()) {
            LinkedHashSet<Key> found = new LinkedHashSet<>();
            for (ResolvedSearch.Include inc : search.includes()) {
                if (firstRound || inc.iterate()) {
                    found.addAll(follow(inc, frontier, false));
                }
            }
            for (ResolvedSearch.Include inc : search.revincludes()) {
                if (firstRound || inc.iterate()) {
                    found.addAll(follow(inc, frontier, true));
                }
            }
            List<Long> next = new ArrayList<>();
            for (Key k : found) {
                if (seen.add(k.rkey)) {
                    included.put(k.rkey, k);
                    next.add(k.rkey);
                }
            }
            frontier = next;
            firstRound = false;
        }
        List<Row> incRows = new ArrayList<>();
        for (Key k : included.values()) {
            incRows.add(new Row(k.rkey, k.type, k.id, List.of()));
        }
        return load(incRows);
    }

    /** The live resources one include reaches from {@code from} (forward: referenced; reverse: referencing). */
    private List<Key> follow(ResolvedSearch.Include inc, List<Long> from, boolean reverse) throws SQLException {
        List<Key> out = new ArrayList<>();
        for (int start = 0; start < from.size(); start += IN_CHUNK) {
            List<Long> chunk = from.subList(start, Math.min(from.size(), start + IN_CHUNK));
            Q q = new Q();
            String result = reverse ? "s" : "t";
            q.a("SELECT DISTINCT " + result + ".rkey, " + result + ".type, " + result + ".id FROM idx_reference x"
                    + " JOIN search_resources s ON s.rkey = x.rkey JOIN search_resources t ON t.tenant = x.tenant AND"
                    + " t.type = x.target_type AND t.id = x.target_id WHERE x.tenant = ? AND x.url IS NULL"
                    + " AND x.contained = 0 AND s.live = 1 AND t.live = 1");
            q.args.add(tenantKey);
            if (inc.sourceType() != null) {
                q.b(" AND x.type = ?", inc.sourceType());
            }
            if (inc.parameter() != null) {
                q.b(" AND x.code = ?", inc.parameter().code());
            }
            if (inc.targetType() != null) {
                q.b(" AND x.target_type = ?", inc.targetType());
            }
            q.a(" AND " + (reverse ? "t" : "s") + ".rkey IN (");
            for (int i = 0; i < chunk.size(); i++) {
                q.b(i == 0 ? "?" : ", ?", chunk.get(i));
            }
            q.a(") ORDER BY " + result + ".rkey");
            try (PreparedStatement ps = prepare(q);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Key(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }
}
