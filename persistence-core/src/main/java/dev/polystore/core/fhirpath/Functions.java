package dev.polystore.core.fhirpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The function library: compile-time lookup and evaluation.
 *
 * <p>One file on purpose, although past the ~600-line guideline: the {@link Fn} list and the one switch over it follow
 * the specification's function list, and one switch is easier to check against the specification than many files.
 */
final class Functions {

    private Functions() {}

    /** Functions with their arity; lambda arguments are evaluated per input item. */
    enum Fn {
        EMPTY("empty", 0, 0),
        EXISTS("exists", 0, 1),
        ALL("all", 1, 1),
        ALLTRUE("allTrue", 0, 0),
        ANYTRUE("anyTrue", 0, 0),
        ALLFALSE("allFalse", 0, 0),
        ANYFALSE("anyFalse", 0, 0),
        SUBSETOF("subsetOf", 1, 1),
        SUPERSETOF("supersetOf", 1, 1),
        COUNT("count", 0, 0),
        DISTINCT("distinct", 0, 0),
        ISDISTINCT("isDistinct", 0, 0),
        WHERE("where", 1, 1),
        SELECT("select", 1, 1),
        REPEAT("repeat", 1, 1),
        REPEATALL("repeatAll", 1, 1),
        OFTYPE("ofType", 1, 1),
        SINGLE("single", 0, 0),
        FIRST("first", 0, 0),
        LAST("last", 0, 0),
        TAIL("tail", 0, 0),
        SKIP("skip", 1, 1),
        TAKE("take", 1, 1),
        INTERSECT("intersect", 1, 1),
        EXCLUDE("exclude", 1, 1),
        UNION("union", 1, 1),
        COMBINE("combine", 1, 1),
        IIF("iif", 2, 3),
        TOBOOLEAN("toBoolean", 0, 0),
        CONVERTSTOBOOLEAN("convertsToBoolean", 0, 0),
        TOINTEGER("toInteger", 0, 0),
        CONVERTSTOINTEGER("convertsToInteger", 0, 0),
        TOLONG("toLong", 0, 0),
        CONVERTSTOLONG("convertsToLong", 0, 0),
        TODATE("toDate", 0, 0),
        CONVERTSTODATE("convertsToDate", 0, 0),
        TODATETIME("toDateTime", 0, 0),
        CONVERTSTODATETIME("convertsToDateTime", 0, 0),
        TODECIMAL("toDecimal", 0, 0),
        CONVERTSTODECIMAL("convertsToDecimal", 0, 0),
        TOQUANTITY("toQuantity", 0, 1),
        CONVERTSTOQUANTITY("convertsToQuantity", 0, 1),
        TOSTRING("toString", 0, 0),
        CONVERTSTOSTRING("convertsToString", 0, 0),
        TOTIME("toTime", 0, 0),
        CONVERTSTOTIME("convertsToTime", 0, 0),
        INDEXOF("indexOf", 1, 1),
        LASTINDEXOF("lastIndexOf", 1, 1),
        SUBSTRING("substring", 1, 2),
        STARTSWITH("startsWith", 1, 1),
        ENDSWITH("endsWith", 1, 1),
        CONTAINS("contains", 1, 1),
        UPPER("upper", 0, 0),
        LOWER("lower", 0, 0),
        REPLACE("replace", 2, 2),
        MATCHES("matches", 1, 1),
        MATCHESFULL("matchesFull", 1, 1),
        REPLACEMATCHES("replaceMatches", 2, 2),
        LENGTH("length", 0, 0),
        TOCHARS("toChars", 0, 0),
        SPLIT("split", 1, 1),
        JOIN("join", 0, 1),
        TRIM("trim", 0, 0),
        ENCODE("encode", 1, 1),
        DECODE("decode", 1, 1),
        ESCAPE("escape", 1, 1),
        UNESCAPE("unescape", 1, 1),
        ABS("abs", 0, 0),
        CEILING("ceiling", 0, 0),
        EXP("exp", 0, 0),
        FLOOR("floor", 0, 0),
        LN("ln", 0, 0),
        LOG("log", 1, 1),
        POWER("power", 1, 1),
        ROUND("round", 0, 1),
        SQRT("sqrt", 0, 0),
        TRUNCATE("truncate", 0, 0),
        CHILDREN("children", 0, 0),
        DESCENDANTS("descendants", 0, 0),
        TRACE("trace", 1, 2),
        NOW("now", 0, 0),
        TIMEOFDAY("timeOfDay", 0, 0),
        TODAY("today", 0, 0),
        DEFINEVARIABLE("defineVariable", 1, 2),
        AGGREGATE("aggregate", 1, 2),
        SORT("sort", 0, 9),
        EXTENSION("extension", 1, 1),
        HASVALUE("hasValue", 0, 0),
        GETVALUE("getValue", 0, 0),
        RESOLVE("resolve", 0, 0),
        NOT("not", 0, 0),
        TYPE("type", 0, 0),
        IS("is", 1, 1),
        AS("as", 1, 1),
        PRECISION("precision", 0, 0),
        LOWBOUNDARY("lowBoundary", 0, 1),
        HIGHBOUNDARY("highBoundary", 0, 1),
        COMPARABLE("comparable", 1, 1),
        CONFORMSTO("conformsTo", 1, 1),
        MEMBEROF("memberOf", 1, 1),
        SUBSUMES("subsumes", 1, 1),
        SUBSUMEDBY("subsumedBy", 1, 1),
        HTMLCHECKS("htmlChecks", 0, 0),
        ELEMENTDEFINITION("elementDefinition", 0, 0),
        SLICE("slice", 2, 2),
        CHECKMODIFIERS("checkModifiers", 1, 9);

        final String fname;
        final int min;
        final int max;

        Fn(String name, int min, int max) {
            this.fname = name;
            this.min = min;
            this.max = max;
        }
    }

    private static final Map<String, Fn> BY_NAME = new HashMap<>();

    static {
        for (Fn f : Fn.values()) {
            BY_NAME.put(f.fname, f);
        }
    }

    static Nodes.Node compile(int pos, String name, List<Nodes.Node> args) {
        Fn fn = BY_NAME.get(name);
        if (fn == null) {
            throw new FhirPathException("unknown function " + name + "()", pos);
        }
        if (args.size() < fn.min || args.size() > fn.max) {
            throw new FhirPathException(
                    name + "() takes " + (fn.min == fn.max ? fn.min : fn.min + " to " + fn.max) + " arguments, got "
                            + args.size(),
                    pos);
        }
        Nodes.TypeSpec type = null;
        if (fn == Fn.IS || fn == Fn.AS || fn == Fn.OFTYPE) {
            type = typeSpec(args.get(0), pos);
        }
        return new Call(pos, fn, args.toArray(new Nodes.Node[0]), type);
    }

    private static Nodes.TypeSpec typeSpec(Nodes.Node arg, int pos) {
        if (arg instanceof Nodes.Member) {
            return new Nodes.TypeSpec(null, ((Nodes.Member) arg).name);
        }
        if (arg instanceof Nodes.Invoke) {
            Nodes.Invoke inv = (Nodes.Invoke) arg;
            if (inv.target instanceof Nodes.Member && inv.member instanceof Nodes.Member) {
                return new Nodes.TypeSpec(((Nodes.Member) inv.target).name, ((Nodes.Member) inv.member).name);
            }
        }
        throw new FhirPathException("expected a type name", pos);
    }

    /** A function invocation on its focus. */
    static final class Call extends Nodes.Node {
        final Fn fn;
        final Nodes.Node[] args;
        final Nodes.TypeSpec type;

        Call(int pos, Fn fn, Nodes.Node[] args, Nodes.TypeSpec type) {
            super(pos);
            this.fn = fn;
            this.args = args;
            this.type = type;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            return Functions.call(this, env, focus);
        }

        List<FhirPathValue> arg(Env env, int i) {
            return args[i].eval(env, env.thisColl);
        }
    }

    private static final List<FhirPathValue> TRUE = List.of(FhirPathValue.TRUE);
    private static final List<FhirPathValue> FALSE = List.of(FhirPathValue.FALSE);

    private static List<FhirPathValue> bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    private static List<FhirPathValue> one(FhirPathValue v) {
        return v == null ? List.of() : List.of(v);
    }

    private static List<FhirPathValue> where(Nodes.Node criteria, Env env, List<FhirPathValue> focus) {
        List<FhirPathValue> out = new ArrayList<>();
        for (int i = 0; i < focus.size(); i++) {
            FhirPathValue item = focus.get(i);
            Env e = env.withThis(item, i);
            if (Boolean.TRUE.equals(Values.toBoolean(criteria.eval(e, e.thisColl), "where"))) {
                out.add(item);
            }
        }
        return out;
    }

    static List<FhirPathValue> call(Call c, Env env, List<FhirPathValue> focus) {
        Navigator nav = env.shared.engine.navigator();
        switch (c.fn) {
            case EMPTY:
                return bool(focus.isEmpty());
            case EXISTS:
                return bool(!(c.args.length == 0 ? focus : where(c.args[0], env, focus)).isEmpty());
            case WHERE:
                return where(c.args[0], env, focus);
            case ALL: {
                for (int i = 0; i < focus.size(); i++) {
                    Env e = env.withThis(focus.get(i), i);
                    if (!Boolean.TRUE.equals(Values.toBoolean(c.args[0].eval(e, e.thisColl), "all"))) {
                        return FALSE;
                    }
                }
                return TRUE;
            }
            case ALLTRUE:
            case ANYTRUE:
            case ALLFALSE:
            case ANYFALSE: {
                boolean any = c.fn == Fn.ANYTRUE || c.fn == Fn.ANYFALSE;
                boolean want = c.fn == Fn.ALLTRUE || c.fn == Fn.ANYTRUE;
                for (FhirPathValue v : focus) {
                    Boolean b = v.asBoolean();
                    if (b == null) {
                        throw new FhirPathException(c.fn.fname + "() expects booleans, got " + v.typeName());
                    }
                    if (any && b == want) {
                        return TRUE;
                    }
                    if (!any && b != want) {
                        return FALSE;
                    }
                }
                return bool(!any);
            }
            case SUBSETOF:
            case SUPERSETOF: {
                List<FhirPathValue> other = c.arg(env, 0);
                List<FhirPathValue> sub = c.fn == Fn.SUBSETOF ? focus : other;
                List<FhirPathValue> sup = c.fn == Fn.SUBSETOF ? other : focus;
                for (FhirPathValue v : sub) {
                    if (!Values.containsEqual(sup, v)) {
                        return FALSE;
                    }
                }
                return TRUE;
            }
            case COUNT:
                return List.of(FhirPathValue.ofInteger(focus.size()));
            case DISTINCT:
                return Values.distinct(focus);
            case ISDISTINCT:
                return bool(Values.distinct(focus).size() == focus.size());
            case SELECT: {
                List<FhirPathValue> out = new ArrayList<>();
                for (int i = 0; i < focus.size(); i++) {
                    Env e = env.withThis(focus.get(i), i);
                    out.addAll(c.args[0].eval(e, e.thisColl));
                }
                return out;
            }
            case REPEAT:
            case REPEATALL: {
                List<FhirPathValue> out = new ArrayList<>();
                List<FhirPathValue> current = focus;
                int guard = 0;
                while (!current.isEmpty()) {
                    List<FhirPathValue> next = new ArrayList<>();
                    for (int i = 0; i < current.size(); i++) {
                        Env e = env.withThis(current.get(i), i);
                        for (FhirPathValue v : c.args[0].eval(e, e.thisColl)) {
                            if (c.fn == Fn.REPEATALL || !Values.containsEqual(out, v)) {
                                out.add(v);
                                next.add(v);
                            }
                        }
                    }
                    current = next;
                    if (++guard > 10_000) {
                        throw new FhirPathException("repeat() does not terminate");
                    }
                }
                return out;
            }
            case OFTYPE: {
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    if (nav.isOfTypeForCast(v, c.type)) {
                        out.add(v);
                    }
                }
                return out;
            }
            case SINGLE: {
                if (focus.size() > 1) {
                    throw new FhirPathException("single() on a collection of " + focus.size());
                }
                return focus;
            }
            case FIRST:
                return focus.isEmpty() ? focus : List.of(focus.get(0));
            case LAST:
                return focus.isEmpty() ? focus : List.of(focus.get(focus.size() - 1));
            case TAIL:
                return focus.size() <= 1 ? List.of() : focus.subList(1, focus.size());
            case SKIP: {
                Integer n = Values.integerArg(c.arg(env, 0), "skip");
                if (n == null) {
                    return List.of();
                }
                return n <= 0 ? focus : n >= focus.size() ? List.of() : focus.subList(n, focus.size());
            }
            case TAKE: {
                Integer n = Values.integerArg(c.arg(env, 0), "take");
                if (n == null || n <= 0) {
                    return List.of();
                }
                return n >= focus.size() ? focus : focus.subList(0, n);
            }
            case INTERSECT: {
                List<FhirPathValue> other = c.arg(env, 0);
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    if (Values.containsEqual(other, v) && !Values.containsEqual(out, v)) {
                        out.add(v);
                    }
                }
                return out;
            }
            case EXCLUDE: {
                List<FhirPathValue> other = c.arg(env, 0);
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    if (!Values.containsEqual(other, v)) {
                        out.add(v);
                    }
                }
                return out;
            }
            case UNION:
                return Operators.apply(Operators.Op.UNION, focus, c.arg(env, 0), env);
            case COMBINE: {
                List<FhirPathValue> other = c.arg(env, 0);
                List<FhirPathValue> out = new ArrayList<>(focus.size() + other.size());
                out.addAll(focus);
                out.addAll(other);
                return out;
            }
            case IIF: {
                if (focus.size() > 1) {
                    throw new FhirPathException("iif() on a collection of " + focus.size());
                }
                Env e = focus.size() == 1 && focus != env.thisColl ? env.withThis(focus.get(0), 0) : env;
                Boolean b = Values.strictBoolean(c.args[0].eval(e, e.thisColl), "iif");
                if (Boolean.TRUE.equals(b)) {
                    return c.args[1].eval(e, e.thisColl);
                }
                return c.args.length > 2 ? c.args[2].eval(e, e.thisColl) : List.of();
            }
            case NOT: {
                Boolean b = Values.toBoolean(focus, "not()");
                return b == null ? List.of() : bool(!b);
            }
            case TOBOOLEAN:
            case TOINTEGER:
            case TOLONG:
            case TODATE:
            case TODATETIME:
            case TODECIMAL:
            case TOSTRING:
            case TOTIME:
            case TOQUANTITY: {
                FhirPathValue v = Values.single(focus, c.fn.fname + "()");
                if (v == null) {
                    return List.of();
                }
                String unit = c.args.length > 0 ? Values.stringArg(c.arg(env, 0), "toQuantity") : null;
                return one(Conversions.convert(c.fn, v, unit));
            }
            case CONVERTSTOBOOLEAN:
            case CONVERTSTOINTEGER:
            case CONVERTSTOLONG:
            case CONVERTSTODATE:
            case CONVERTSTODATETIME:
            case CONVERTSTODECIMAL:
            case CONVERTSTOSTRING:
            case CONVERTSTOTIME:
            case CONVERTSTOQUANTITY: {
                FhirPathValue v = Values.single(focus, c.fn.fname + "()");
                if (v == null) {
                    return List.of();
                }
                String unit = c.args.length > 0 ? Values.stringArg(c.arg(env, 0), "convertsToQuantity") : null;
                return bool(Conversions.convert(Conversions.target(c.fn), v, unit) != null);
            }
            case INDEXOF:
            case LASTINDEXOF:
            case SUBSTRING:
            case STARTSWITH:
            case ENDSWITH:
            case CONTAINS:
            case UPPER:
            case LOWER:
            case REPLACE:
            case MATCHES:
            case MATCHESFULL:
            case REPLACEMATCHES:
            case LENGTH:
            case TOCHARS:
            case SPLIT:
            case TRIM:
            case ENCODE:
            case DECODE:
            case ESCAPE:
            case UNESCAPE:
                return strings(c, env, focus);
            case JOIN: {
                String sep = c.args.length > 0 ? Values.stringArg(c.arg(env, 0), "join") : "";
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < focus.size(); i++) {
                    if (i > 0 && sep != null) {
                        sb.append(sep);
                    }
                    String s = focus.get(i).asString();
                    if (s == null) {
                        throw new FhirPathException("join() expects strings");
                    }
                    sb.append(s);
                }
                return List.of(FhirPathValue.ofString(sb.toString()));
            }
            case ABS:
            case CEILING:
            case EXP:
            case FLOOR:
            case LN:
            case LOG:
            case POWER:
            case ROUND:
            case SQRT:
            case TRUNCATE:
                return MathFunctions.apply(c, env, focus);
            case CHILDREN: {
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    nav.children(v, out);
                }
                return out;
            }
            case DESCENDANTS: {
                List<FhirPathValue> out = new ArrayList<>();
                List<FhirPathValue> current = focus;
                while (!current.isEmpty()) {
                    List<FhirPathValue> next = new ArrayList<>();
                    for (FhirPathValue v : current) {
                        nav.children(v, next);
                    }
                    out.addAll(next);
                    current = next;
                }
                return out;
            }
            case TRACE: {
                String name = Values.stringArg(c.arg(env, 0), "trace");
                EvaluationContext.TraceListener listener = env.shared.context.traceListener();
                if (listener != null) {
                    List<FhirPathValue> shown = focus;
                    if (c.args.length > 1) {
                        shown = new ArrayList<>();
                        for (int i = 0; i < focus.size(); i++) {
                            Env e = env.withThis(focus.get(i), i);
                            shown.addAll(c.args[1].eval(e, e.thisColl));
                        }
                    }
                    listener.trace(name, shown);
                }
                return focus;
            }
            case NOW:
                return List.of(FhirPathValue.ofTemporal(now(env)));
            case TODAY:
                return List.of(FhirPathValue.ofTemporal(
                        now(env).withPrecision(FhirPathTemporal.Kind.DATE, FhirPathTemporal.Precision.DAY)));
            case TIMEOFDAY: {
                FhirPathTemporal n = now(env);
                return List.of(FhirPathValue.ofTemporal(new FhirPathTemporal(
                        FhirPathTemporal.Kind.TIME,
                        FhirPathTemporal.Precision.MILLISECOND,
                        0,
                        1,
                        1,
                        n.hour(),
                        n.minute(),
                        n.second(),
                        n.millisecond(),
                        null)));
            }
            case DEFINEVARIABLE: {
                String name = Values.stringArg(c.arg(env, 0), "defineVariable");
                List<FhirPathValue> value = focus;
                if (c.args.length > 1) {
                    value = c.args[1].eval(env, focus);
                }
                env.define(name, value);
                return focus;
            }
            case AGGREGATE: {
                List<FhirPathValue> total = c.args.length > 1 ? c.arg(env, 1) : List.of();
                for (int i = 0; i < focus.size(); i++) {
                    Env e = env.withThisAndTotal(focus.get(i), i, total);
                    total = c.args[0].eval(e, e.thisColl);
                }
                return total;
            }
            case SORT:
                return sort(c, env, focus);
            case EXTENSION: {
                String url = Values.stringArg(c.arg(env, 0), "extension");
                if (url == null) {
                    return List.of();
                }
                List<FhirPathValue> exts = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    nav.child(v, "extension", exts, false);
                }
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue e : exts) {
                    JsonNode n = e.node();
                    if (n != null && url.equals(n.path("url").asText(null))) {
                        out.add(e);
                    }
                }
                return out;
            }
            case HASVALUE:
                return bool(focus.size() == 1
                        && !focus.get(0).isSystem()
                        && focus.get(0).isPrimitive());
            case GETVALUE: {
                if (focus.size() != 1
                        || focus.get(0).isSystem()
                        || !focus.get(0).isPrimitive()) {
                    return List.of();
                }
                return List.of(Values.fromJava(focus.get(0).systemValue()));
            }
            case RESOLVE:
                return Resolver.resolve(env, focus);
            case TYPE: {
                List<FhirPathValue> out = new ArrayList<>();
                for (FhirPathValue v : focus) {
                    ObjectNode info = JsonNodeFactory.instance.objectNode();
                    info.put("namespace", v.isSystem() ? "System" : "FHIR");
                    info.put("name", v.typeName());
                    out.add(FhirPathValue.ofFhir("TypeInfo", null, info, null));
                }
                return out;
            }
            case IS: {
                FhirPathValue v = Values.single(focus, "is()");
                return v == null ? List.of() : bool(nav.isOfType(v, c.type));
            }
            case AS: {
                FhirPathValue v = Values.single(focus, "as()");
                return v != null && nav.isOfTypeForCast(v, c.type) ? List.of(v) : List.of();
            }
            case PRECISION:
            case LOWBOUNDARY:
            case HIGHBOUNDARY: {
                FhirPathValue v = Values.single(focus, c.fn.fname + "()");
                if (v == null) {
                    return List.of();
                }
                Integer p = c.args.length > 0 ? Values.integerArg(c.arg(env, 0), c.fn.fname) : null;
                return one(Boundaries.apply(c.fn, v, p));
            }
            case CONFORMSTO: {
                String url = Values.stringArg(c.arg(env, 0), "conformsTo");
                FhirPathValue v = Values.single(focus, "conformsTo()");
                if (v == null || url == null) {
                    return List.of();
                }
                String prefix = "http://hl7.org/fhir/StructureDefinition/";
                if (!url.startsWith(prefix) || !nav.model().isType(url.substring(prefix.length()))) {
                    throw new FhirPathException("conformsTo() supports core StructureDefinitions only: " + url);
                }
                return bool(nav.isOfType(v, new Nodes.TypeSpec("FHIR", url.substring(prefix.length()))));
            }
            case COMPARABLE: {
                FhirPathValue v = Values.single(focus, "comparable()");
                FhirPathValue o = Values.single(c.arg(env, 0), "comparable()");
                if (v == null || o == null || v.asQuantity() == null || o.asQuantity() == null) {
                    return List.of();
                }
                return bool(Quantities.compare(v.asQuantity(), o.asQuantity()) != null);
            }
            default:
                throw new FhirPathException(c.fn.fname + "() is not supported");
        }
    }

    private static FhirPathTemporal now(Env env) {
        if (env.shared.now == null) {
            OffsetDateTime t = OffsetDateTime.now(env.shared.context.clock());
            LocalDateTime l = t.toLocalDateTime();
            env.shared.now = new FhirPathTemporal(
                    FhirPathTemporal.Kind.DATE_TIME,
                    FhirPathTemporal.Precision.MILLISECOND,
                    l.getYear(),
                    l.getMonthValue(),
                    l.getDayOfMonth(),
                    l.getHour(),
                    l.getMinute(),
                    l.getSecond(),
                    l.getNano() / 1_000_000,
                    t.getOffset());
        }
        return env.shared.now;
    }

    private static List<FhirPathValue> sort(Call c, Env env, List<FhirPathValue> focus) {
        int n = c.args.length;
        Nodes.Node[] keys = new Nodes.Node[n];
        boolean[] desc = new boolean[n];
        for (int i = 0; i < n; i++) {
            Nodes.Node k = c.args[i];
            if (k instanceof Nodes.Negate) {
                desc[i] = true;
                k = ((Nodes.Negate) k).operand;
            }
            keys[i] = k;
        }
        List<FhirPathValue[]> rows = new ArrayList<>();
        for (int i = 0; i < focus.size(); i++) {
            FhirPathValue[] row = new FhirPathValue[n + 1];
            row[0] = focus.get(i);
            Env e = env.withThis(focus.get(i), i);
            for (int k = 0; k < n; k++) {
                row[k + 1] = Values.single(keys[k].eval(e, e.thisColl), "sort()");
            }
            rows.add(row);
        }
        rows.sort((a, b) -> {
            if (n == 0) {
                return cmp(a[0], b[0]);
            }
            for (int k = 0; k < n; k++) {
                if (a[k + 1] == null || b[k + 1] == null) {
                    int r = cmp(a[k + 1], b[k + 1]);
                    if (r != 0) {
                        return r;
                    }
                    continue;
                }
                int r = cmp(a[k + 1], b[k + 1]);
                if (r != 0) {
                    return desc[k] ? -r : r;
                }
            }
            return 0;
        });
        List<FhirPathValue> out = new ArrayList<>(rows.size());
        for (FhirPathValue[] r : rows) {
            out.add(r[0]);
        }
        return out;
    }

    private static int cmp(FhirPathValue a, FhirPathValue b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Integer r = Values.compare(a, b);
        return r == null ? 0 : r;
    }

    private static String input(List<FhirPathValue> focus, Fn fn) {
        FhirPathValue v = Values.single(focus, fn.fname + "()");
        if (v == null || v.isValueless()) {
            return null;
        }
        String s = v.asString();
        if (s == null) {
            throw new FhirPathException(fn.fname + "() expects a string, got " + v.typeName());
        }
        return s;
    }

    private static List<FhirPathValue> str(String s) {
        return s == null ? List.of() : List.of(FhirPathValue.ofString(s));
    }

    private static List<FhirPathValue> strings(Call c, Env env, List<FhirPathValue> focus) {
        String s = input(focus, c.fn);
        if (s == null) {
            return List.of();
        }
        List<String> a = new ArrayList<>(c.args.length);
        for (int i = 0; i < c.args.length; i++) {
            if (c.fn == Fn.SUBSTRING) {
                Integer n = Values.integerArg(c.arg(env, i), "substring");
                if (n == null) {
                    if (i == 0) {
                        return List.of();
                    }
                    a.add(null);
                } else {
                    a.add(n.toString());
                }
                continue;
            }
            String arg = Values.stringArg(c.arg(env, i), c.fn.fname);
            if (arg == null) {
                return List.of();
            }
            a.add(arg);
        }
        switch (c.fn) {
            case INDEXOF:
                return List.of(FhirPathValue.ofInteger(s.indexOf(a.get(0))));
            case LASTINDEXOF:
                return List.of(FhirPathValue.ofInteger(s.lastIndexOf(a.get(0))));
            case SUBSTRING: {
                int start = Integer.parseInt(a.get(0));
                if (start < 0 || start >= s.length()) {
                    return List.of();
                }
                int end = s.length();
                if (a.size() > 1 && a.get(1) != null) {
                    int len = Integer.parseInt(a.get(1));
                    if (len < 0) {
                        return List.of();
                    }
                    end = (int) Math.min((long) start + len, s.length());
                }
                return str(s.substring(start, end));
            }
            case STARTSWITH:
                return bool(s.startsWith(a.get(0)));
            case ENDSWITH:
                return bool(s.endsWith(a.get(0)));
            case CONTAINS:
                return bool(s.contains(a.get(0)));
            case UPPER:
                return str(s.toUpperCase(Locale.ROOT));
            case LOWER:
                return str(s.toLowerCase(Locale.ROOT));
            case REPLACE:
                return str(s.replace(a.get(0), a.get(1)));
            case MATCHES:
                return bool(regex(a.get(0)).matcher(s).find());
            case MATCHESFULL:
                return bool(regex(a.get(0)).matcher(s).matches());
            case REPLACEMATCHES:
                return a.get(0).isEmpty()
                        ? str(s)
                        : str(regex(a.get(0)).matcher(s).replaceAll(a.get(1)));
            case LENGTH:
                return List.of(FhirPathValue.ofInteger(s.length()));
            case TOCHARS: {
                List<FhirPathValue> out = new ArrayList<>(s.length());
                s.codePoints().forEach(cp -> out.add(FhirPathValue.ofString(new String(Character.toChars(cp)))));
                return out;
            }
            case SPLIT: {
                List<FhirPathValue> out = new ArrayList<>();
                String sep = a.get(0);
                if (sep.isEmpty()) {
                    for (char ch : s.toCharArray()) {
                        out.add(FhirPathValue.ofString(String.valueOf(ch)));
                    }
                    return out;
                }
                int from = 0;
                while (true) {
                    int i = s.indexOf(sep, from);
                    if (i < 0) {
                        out.add(FhirPathValue.ofString(s.substring(from)));
                        return out;
                    }
                    out.add(FhirPathValue.ofString(s.substring(from, i)));
                    from = i + sep.length();
                }
            }
            case TRIM:
                return str(s.trim());
            case ENCODE:
                return str(encode(s, a.get(0)));
            case DECODE:
                return str(decode(s, a.get(0)));
            case ESCAPE:
                return str(escape(s, a.get(0)));
            case UNESCAPE:
                return str(unescape(s, a.get(0)));
            default:
                throw new FhirPathException("unsupported " + c.fn.fname);
        }
    }

    private static Pattern regex(String re) {
        try {
            return Pattern.compile(re, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new FhirPathException("invalid regular expression: " + re);
        }
    }

    private static String encode(String s, String fmt) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        switch (fmt) {
            case "base64":
                return Base64.getEncoder().encodeToString(b);
            case "urlbase64":
                return Base64.getUrlEncoder().encodeToString(b);
            case "hex": {
                StringBuilder sb = new StringBuilder();
                for (byte x : b) {
                    sb.append(String.format("%02x", x));
                }
                return sb.toString();
            }
            default:
                return null;
        }
    }

    private static String decode(String s, String fmt) {
        try {
            switch (fmt) {
                case "base64":
                    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
                case "urlbase64":
                    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
                case "hex": {
                    byte[] b = new byte[s.length() / 2];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
                    }
                    return new String(b, StandardCharsets.UTF_8);
                }
                default:
                    return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String escape(String s, String fmt) {
        switch (fmt) {
            case "html":
                return s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;")
                        .replace("'", "&#39;");
            case "json":
                return s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                        .replace("\t", "\\t");
            case "url":
                return URLEncoder.encode(s, StandardCharsets.UTF_8);
            default:
                return null;
        }
    }

    private static String unescape(String s, String fmt) {
        switch (fmt) {
            case "html":
                return s.replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&");
            case "json":
                return s.replace("\\\"", "\"")
                        .replace("\\n", "\n")
                        .replace("\\r", "\r")
                        .replace("\\t", "\t")
                        .replace("\\\\", "\\");
            case "url":
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            default:
                return null;
        }
    }
}
