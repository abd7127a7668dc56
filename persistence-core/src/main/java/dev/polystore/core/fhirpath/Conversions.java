package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** toX() conversions; null when the value does not convert. */
final class Conversions {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final Pattern QUANTITY = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*(?:'([^']+)'|([a-zA-Z]+))?");

    private Conversions() {}

    static Functions.Fn target(Functions.Fn convertsTo) {
        switch (convertsTo) {
            case CONVERTSTOBOOLEAN:
                return Functions.Fn.TOBOOLEAN;
            case CONVERTSTOINTEGER:
                return Functions.Fn.TOINTEGER;
            case CONVERTSTOLONG:
                return Functions.Fn.TOLONG;
            case CONVERTSTODATE:
                return Functions.Fn.TODATE;
            case CONVERTSTODATETIME:
                return Functions.Fn.TODATETIME;
            case CONVERTSTODECIMAL:
                return Functions.Fn.TODECIMAL;
            case CONVERTSTOSTRING:
                return Functions.Fn.TOSTRING;
            case CONVERTSTOTIME:
                return Functions.Fn.TOTIME;
            default:
                return Functions.Fn.TOQUANTITY;
        }
    }

    static FhirPathValue convert(Functions.Fn fn, FhirPathValue v, String unit) {
        Object o = v.systemValue();
        if (o == null
                || (o instanceof FhirPathQuantity
                        && !v.isSystem()
                        && fn != Functions.Fn.TOQUANTITY
                        && fn != Functions.Fn.TOSTRING)) {
            return null;
        }
        switch (fn) {
            case TOBOOLEAN: {
                if (o instanceof Boolean) {
                    return FhirPathValue.ofBoolean((Boolean) o);
                }
                if (o instanceof Integer || o instanceof Long) {
                    long l = ((Number) o).longValue();
                    return l == 1 ? FhirPathValue.TRUE : l == 0 ? FhirPathValue.FALSE : null;
                }
                if (o instanceof BigDecimal) {
                    BigDecimal d = (BigDecimal) o;
                    return d.compareTo(BigDecimal.ONE) == 0
                            ? FhirPathValue.TRUE
                            : d.signum() == 0 ? FhirPathValue.FALSE : null;
                }
                if (o instanceof String) {
                    switch (((String) o).toLowerCase(Locale.ROOT)) {
                        case "true":
                        case "t":
                        case "yes":
                        case "y":
                        case "1":
                        case "1.0":
                            return FhirPathValue.TRUE;
                        case "false":
                        case "f":
                        case "no":
                        case "n":
                        case "0":
                        case "0.0":
                            return FhirPathValue.FALSE;
                        default:
                            return null;
                    }
                }
                return null;
            }
            case TOINTEGER: {
                if (o instanceof Integer) {
                    return FhirPathValue.ofInteger((Integer) o);
                }
                if (o instanceof Boolean) {
                    return FhirPathValue.ofInteger((Boolean) o ? 1 : 0);
                }
                if (o instanceof String && INTEGER.matcher((String) o).matches()) {
                    try {
                        return FhirPathValue.ofInteger(Integer.parseInt((String) o));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            }
            case TOLONG: {
                if (o instanceof Integer || o instanceof Long) {
                    return FhirPathValue.ofSystem("Long", ((Number) o).longValue());
                }
                if (o instanceof Boolean) {
                    return FhirPathValue.ofSystem("Long", (Boolean) o ? 1L : 0L);
                }
                if (o instanceof String && INTEGER.matcher((String) o).matches()) {
                    try {
                        return FhirPathValue.ofSystem("Long", Long.parseLong((String) o));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            }
            case TODECIMAL: {
                if (o instanceof BigDecimal) {
                    return FhirPathValue.ofDecimal((BigDecimal) o);
                }
                if (o instanceof Integer || o instanceof Long) {
                    return FhirPathValue.ofDecimal(BigDecimal.valueOf(((Number) o).longValue()));
                }
                if (o instanceof Boolean) {
                    return FhirPathValue.ofDecimal((Boolean) o ? new BigDecimal("1.0") : new BigDecimal("0.0"));
                }
                if (o instanceof String && DECIMAL.matcher((String) o).matches()) {
                    return FhirPathValue.ofDecimal(new BigDecimal((String) o));
                }
                return null;
            }
            case TOSTRING:
                return FhirPathValue.ofString(toStringValue(v));
            case TODATE: {
                if (o instanceof FhirPathTemporal) {
                    FhirPathTemporal t = (FhirPathTemporal) o;
                    if (t.kind() == FhirPathTemporal.Kind.TIME) {
                        return null;
                    }
                    FhirPathTemporal.Precision p =
                            t.precision().ordinal() > 2 ? FhirPathTemporal.Precision.DAY : t.precision();
                    return FhirPathValue.ofTemporal(t.withPrecision(FhirPathTemporal.Kind.DATE, p));
                }
                if (o instanceof String) {
                    FhirPathTemporal t = FhirPathTemporal.parseDate((String) o);
                    if (t == null) {
                        FhirPathTemporal dt = FhirPathTemporal.parseDateTime((String) o);
                        return dt == null ? null : convert(fn, FhirPathValue.ofTemporal(dt), null);
                    }
                    return FhirPathValue.ofTemporal(t);
                }
                return null;
            }
            case TODATETIME: {
                if (o instanceof FhirPathTemporal) {
                    FhirPathTemporal t = (FhirPathTemporal) o;
                    if (t.kind() == FhirPathTemporal.Kind.TIME) {
                        return null;
                    }
                    return FhirPathValue.ofTemporal(t.withPrecision(FhirPathTemporal.Kind.DATE_TIME, t.precision()));
                }
                if (o instanceof String) {
                    FhirPathTemporal t = FhirPathTemporal.parseDateTime((String) o);
                    return t == null ? null : FhirPathValue.ofTemporal(t);
                }
                return null;
            }
            case TOTIME: {
                if (o instanceof FhirPathTemporal) {
                    return ((FhirPathTemporal) o).kind() == FhirPathTemporal.Kind.TIME
                            ? FhirPathValue.ofTemporal((FhirPathTemporal) o)
                            : null;
                }
                if (o instanceof String) {
                    String s = (String) o;
                    FhirPathTemporal t = FhirPathTemporal.parseTime(s.startsWith("T") ? s.substring(1) : s);
                    return t == null ? null : FhirPathValue.ofTemporal(t);
                }
                return null;
            }
            case TOQUANTITY: {
                FhirPathQuantity q = null;
                if (o instanceof FhirPathQuantity) {
                    q = (FhirPathQuantity) o;
                } else if (o instanceof Integer || o instanceof Long || o instanceof BigDecimal) {
                    q = new FhirPathQuantity(v.asDecimal(), "1", false);
                } else if (o instanceof Boolean) {
                    q = new FhirPathQuantity((Boolean) o ? new BigDecimal("1.0") : new BigDecimal("0.0"), "1", false);
                } else if (o instanceof String) {
                    q = parseQuantity(((String) o).trim());
                }
                if (q == null) {
                    return null;
                }
                if (unit != null && !unit.equals(q.unit())) {
                    FhirPathQuantity target = new FhirPathQuantity(BigDecimal.ONE, unit, false);
                    Integer cmp = Quantities.compare(q, target);
                    if (cmp == null) {
                        return null;
                    }
                    // scale through the unit table: q in target units = q / (1 target)
                    FhirPathQuantity diff = Quantities.add(target, q, 1);
                    q = new FhirPathQuantity(diff.value().subtract(BigDecimal.ONE), unit, false);
                }
                return FhirPathValue.ofQuantity(q);
            }
            default:
                return null;
        }
    }

    static FhirPathQuantity parseQuantity(String s) {
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            return null;
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            return new FhirPathQuantity(value, m.group(2), false);
        }
        if (m.group(3) != null) {
            String u = m.group(3);
            String singular = u.endsWith("s") ? u.substring(0, u.length() - 1) : u;
            switch (singular) {
                case "year":
                case "month":
                case "week":
                case "day":
                case "hour":
                case "minute":
                case "second":
                case "millisecond":
                    return new FhirPathQuantity(value, singular, true);
                default:
                    return null;
            }
        }
        return new FhirPathQuantity(value, "1", false);
    }

    static String toStringValue(FhirPathValue v) {
        Object o = v.systemValue();
        if (o instanceof BigDecimal) {
            return ((BigDecimal) o).toPlainString();
        }
        if (o instanceof FhirPathTemporal && !v.isSystem() && v.node() != null) {
            return v.node().asText();
        }
        if (o instanceof FhirPathQuantity) {
            FhirPathQuantity q = (FhirPathQuantity) o;
            return q.value().toPlainString() + (q.calendar() ? " " + q.unit() : " '" + q.unit() + "'");
        }
        return o.toString();
    }
}
