package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** abs, ceiling, exp, floor, ln, log, power, round, sqrt, truncate. */
final class MathFunctions {

    private MathFunctions() {}

    static List<FhirPathValue> apply(Functions.Call c, Env env, List<FhirPathValue> focus) {
        FhirPathValue v = Values.single(focus, c.fn.fname + "()");
        if (v == null) {
            return List.of();
        }
        Object o = v.systemValue();
        if (c.fn == Functions.Fn.ABS && o instanceof FhirPathQuantity) {
            FhirPathQuantity q = (FhirPathQuantity) o;
            return List.of(
                    FhirPathValue.ofQuantity(new FhirPathQuantity(q.value().abs(), q.unit(), q.calendar())));
        }
        BigDecimal d = o instanceof FhirPathQuantity ? null : v.asDecimal();
        if (d == null) {
            throw new FhirPathException(c.fn.fname + "() expects a number, got " + v.typeName());
        }
        boolean integral = o instanceof Integer || o instanceof Long;
        switch (c.fn) {
            case ABS:
                if (o instanceof Integer) {
                    return List.of(FhirPathValue.ofInteger(Math.abs((Integer) o)));
                }
                return List.of(integral ? Values.fromJava(Math.abs((Long) o)) : FhirPathValue.ofDecimal(d.abs()));
            case CEILING:
                return List.of(FhirPathValue.ofInteger(
                        d.setScale(0, RoundingMode.CEILING).intValueExact()));
            case FLOOR:
                return List.of(FhirPathValue.ofInteger(
                        d.setScale(0, RoundingMode.FLOOR).intValueExact()));
            case TRUNCATE:
                return List.of(
                        FhirPathValue.ofInteger(d.setScale(0, RoundingMode.DOWN).intValueExact()));
            case EXP:
                return dec(Math.exp(d.doubleValue()));
            case LN:
                return d.signum() <= 0 ? List.of() : dec(Math.log(d.doubleValue()));
            case SQRT:
                return d.signum() < 0
                        ? List.of()
                        : List.of(FhirPathValue.ofDecimal(
                                d.sqrt(MathContext.DECIMAL64).stripTrailingZeros()));
            case LOG: {
                FhirPathValue b = Values.single(c.arg(env, 0), "log()");
                if (b == null || b.asDecimal() == null) {
                    return List.of();
                }
                if (d.signum() <= 0) {
                    return List.of();
                }
                return dec(Math.log(d.doubleValue()) / Math.log(b.asDecimal().doubleValue()));
            }
            case POWER: {
                FhirPathValue e = Values.single(c.arg(env, 0), "power()");
                if (e == null || e.asDecimal() == null) {
                    return List.of();
                }
                if (integral && (e.systemValue() instanceof Integer) && (Integer) e.systemValue() >= 0) {
                    BigDecimal r = d.pow((Integer) e.systemValue());
                    if (o instanceof Integer
                            && r.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                            && r.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
                        return List.of(FhirPathValue.ofInteger(r.intValue()));
                    }
                    return List.of(FhirPathValue.ofDecimal(r));
                }
                double r = Math.pow(d.doubleValue(), e.asDecimal().doubleValue());
                if (Double.isNaN(r) || Double.isInfinite(r)) {
                    return List.of();
                }
                return dec(r);
            }
            case ROUND: {
                int places = 0;
                if (c.args.length > 0) {
                    Integer p = Values.integerArg(c.arg(env, 0), "round");
                    if (p == null) {
                        return List.of();
                    }
                    if (p < 0) {
                        throw new FhirPathException("round() precision must not be negative");
                    }
                    places = p;
                }
                return List.of(FhirPathValue.ofDecimal(d.setScale(places, RoundingMode.HALF_UP)));
            }
            default:
                throw new FhirPathException("unsupported " + c.fn.fname);
        }
    }

    private static List<FhirPathValue> dec(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return List.of();
        }
        return List.of(FhirPathValue.ofDecimal(new BigDecimal(r, MathContext.DECIMAL64).stripTrailingZeros()));
    }
}
