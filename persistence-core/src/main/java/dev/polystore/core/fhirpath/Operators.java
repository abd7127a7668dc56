package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The binary operators (except the short-circuiting and, or, implies, which live in the tree). */
final class Operators {

    enum Op {
        UNION,
        EQ,
        NE,
        EQUIV,
        NEQUIV,
        LT,
        GT,
        LE,
        GE,
        AND,
        OR,
        XOR,
        IMPLIES,
        IN,
        CONTAINS,
        PLUS,
        MINUS,
        TIMES,
        DIVIDE,
        DIV,
        MOD,
        CONCAT
    }

    private Operators() {}

    static Op forSymbol(String s, int pos) {
        switch (s) {
            case "|":
                return Op.UNION;
            case "=":
                return Op.EQ;
            case "!=":
                return Op.NE;
            case "~":
                return Op.EQUIV;
            case "!~":
                return Op.NEQUIV;
            case "<":
                return Op.LT;
            case ">":
                return Op.GT;
            case "<=":
                return Op.LE;
            case ">=":
                return Op.GE;
            case "and":
                return Op.AND;
            case "or":
                return Op.OR;
            case "xor":
                return Op.XOR;
            case "implies":
                return Op.IMPLIES;
            case "in":
                return Op.IN;
            case "contains":
                return Op.CONTAINS;
            case "+":
                return Op.PLUS;
            case "-":
                return Op.MINUS;
            case "*":
                return Op.TIMES;
            case "/":
                return Op.DIVIDE;
            case "div":
                return Op.DIV;
            case "mod":
                return Op.MOD;
            case "&":
                return Op.CONCAT;
            default:
                throw new FhirPathException("unknown operator " + s, pos);
        }
    }

    static List<FhirPathValue> apply(Op op, List<FhirPathValue> l, List<FhirPathValue> r, Env env) {
        switch (op) {
            case UNION: {
                List<FhirPathValue> all = new ArrayList<>(l.size() + r.size());
                all.addAll(l);
                all.addAll(r);
                return Values.distinct(all);
            }
            case EQ:
                return Values.equalCollections(l, r);
            case NE: {
                List<FhirPathValue> e = Values.equalCollections(l, r);
                return e.isEmpty()
                        ? e
                        : List.of(FhirPathValue.ofBoolean(
                                !Boolean.TRUE.equals(e.get(0).asBoolean())));
            }
            case EQUIV:
                return List.of(FhirPathValue.ofBoolean(Values.equivalentCollections(l, r)));
            case NEQUIV:
                return List.of(FhirPathValue.ofBoolean(!Values.equivalentCollections(l, r)));
            case LT:
            case GT:
            case LE:
            case GE: {
                FhirPathValue a = Values.single(l, "comparison");
                FhirPathValue b = Values.single(r, "comparison");
                if (a == null || b == null || a.isValueless() || b.isValueless()) {
                    return List.of();
                }
                Integer c = Values.compare(a, b);
                if (c == null) {
                    return List.of();
                }
                boolean res = op == Op.LT ? c < 0 : op == Op.GT ? c > 0 : op == Op.LE ? c <= 0 : c >= 0;
                return List.of(FhirPathValue.ofBoolean(res));
            }
            case XOR: {
                Boolean a = Values.toBoolean(l, "xor");
                Boolean b = Values.toBoolean(r, "xor");
                return a == null || b == null ? List.of() : List.of(FhirPathValue.ofBoolean(a ^ b));
            }
            case IN:
                return membership(l, r);
            case CONTAINS:
                return membership(r, l);
            case CONCAT: {
                String a = l.isEmpty() ? "" : Values.stringArg(List.of(Values.single(l, "&")), "&");
                String b = r.isEmpty() ? "" : Values.stringArg(List.of(Values.single(r, "&")), "&");
                return List.of(FhirPathValue.ofString(a + b));
            }
            default:
                return arithmetic(op, l, r);
        }
    }

    private static List<FhirPathValue> membership(List<FhirPathValue> item, List<FhirPathValue> coll) {
        if (item.isEmpty()) {
            return List.of();
        }
        if (item.size() > 1) {
            throw new FhirPathException("membership test needs a single item, got " + item.size());
        }
        return List.of(FhirPathValue.ofBoolean(Values.containsEqual(coll, item.get(0))));
    }

    private static List<FhirPathValue> arithmetic(Op op, List<FhirPathValue> l, List<FhirPathValue> r) {
        FhirPathValue a = Values.single(l, "arithmetic");
        FhirPathValue b = Values.single(r, "arithmetic");
        if (a == null || b == null) {
            return List.of();
        }
        Object x = a.systemValue();
        Object y = b.systemValue();
        if (x instanceof String && y instanceof String && op == Op.PLUS) {
            return List.of(FhirPathValue.ofString((String) x + y));
        }
        if (x instanceof FhirPathTemporal && y instanceof FhirPathQuantity && (op == Op.PLUS || op == Op.MINUS)) {
            return List.of(FhirPathValue.ofTemporal(
                    ((FhirPathTemporal) x).plus((FhirPathQuantity) y, op == Op.PLUS ? 1 : -1)));
        }
        if (x instanceof FhirPathQuantity || y instanceof FhirPathQuantity) {
            return quantityArithmetic(op, a, b);
        }
        if (x instanceof Integer && y instanceof Integer) {
            int i = (Integer) x;
            int j = (Integer) y;
            try {
                switch (op) {
                    case PLUS:
                        return List.of(FhirPathValue.ofInteger(Math.addExact(i, j)));
                    case MINUS:
                        return List.of(FhirPathValue.ofInteger(Math.subtractExact(i, j)));
                    case TIMES:
                        return List.of(FhirPathValue.ofInteger(Math.multiplyExact(i, j)));
                    case DIV:
                        return j == 0 ? List.of() : List.of(FhirPathValue.ofInteger(i / j));
                    case MOD:
                        return j == 0 ? List.of() : List.of(FhirPathValue.ofInteger(i % j));
                    default:
                        break;
                }
            } catch (ArithmeticException e) {
                throw new FhirPathException("integer overflow");
            }
        }
        if ((x instanceof Integer || x instanceof Long)
                && (y instanceof Integer || y instanceof Long)
                && op != Op.DIVIDE) {
            long i = ((Number) x).longValue();
            long j = ((Number) y).longValue();
            try {
                switch (op) {
                    case PLUS:
                        return List.of(FhirPathValue.ofSystem("Long", Math.addExact(i, j)));
                    case MINUS:
                        return List.of(FhirPathValue.ofSystem("Long", Math.subtractExact(i, j)));
                    case TIMES:
                        return List.of(FhirPathValue.ofSystem("Long", Math.multiplyExact(i, j)));
                    case DIV:
                        return j == 0 ? List.of() : List.of(FhirPathValue.ofSystem("Long", i / j));
                    case MOD:
                        return j == 0 ? List.of() : List.of(FhirPathValue.ofSystem("Long", i % j));
                    default:
                        break;
                }
            } catch (ArithmeticException e) {
                throw new FhirPathException("long overflow");
            }
        }
        BigDecimal dx = a.asDecimal();
        BigDecimal dy = b.asDecimal();
        if (dx == null || dy == null) {
            throw new FhirPathException("cannot apply " + op + " to " + a.typeName() + " and " + b.typeName());
        }
        switch (op) {
            case PLUS:
                return List.of(FhirPathValue.ofDecimal(dx.add(dy)));
            case MINUS:
                return List.of(FhirPathValue.ofDecimal(dx.subtract(dy)));
            case TIMES:
                return List.of(FhirPathValue.ofDecimal(dx.multiply(dy)));
            case DIVIDE:
                if (dy.signum() == 0) {
                    return List.of();
                }
                return List.of(FhirPathValue.ofDecimal(divide(dx, dy)));
            case DIV:
                if (dy.signum() == 0) {
                    return List.of();
                }
                return List.of(
                        FhirPathValue.ofInteger(dx.divideToIntegralValue(dy).intValue()));
            case MOD:
                if (dy.signum() == 0) {
                    return List.of();
                }
                return List.of(FhirPathValue.ofDecimal(dx.remainder(dy)));
            default:
                throw new FhirPathException("unsupported operator " + op);
        }
    }

    static BigDecimal divide(BigDecimal dx, BigDecimal dy) {
        BigDecimal q = dx.divide(dy, MathContext.DECIMAL64);
        q = q.stripTrailingZeros();
        if (q.scale() < 0) {
            q = q.setScale(0, RoundingMode.UNNECESSARY);
        }
        return q;
    }

    private static List<FhirPathValue> quantityArithmetic(Op op, FhirPathValue a, FhirPathValue b) {
        Object x = a.systemValue();
        Object y = b.systemValue();
        if (x instanceof FhirPathQuantity && y instanceof FhirPathQuantity) {
            FhirPathQuantity p = (FhirPathQuantity) x;
            FhirPathQuantity q = (FhirPathQuantity) y;
            switch (op) {
                case PLUS:
                    return List.of(FhirPathValue.ofQuantity(Quantities.add(p, q, 1)));
                case MINUS:
                    return List.of(FhirPathValue.ofQuantity(Quantities.add(p, q, -1)));
                case TIMES:
                    return List.of(FhirPathValue.ofQuantity(Quantities.multiply(p, q, false)));
                case DIVIDE:
                    if (q.value().signum() == 0) {
                        return List.of();
                    }
                    return List.of(FhirPathValue.ofQuantity(Quantities.multiply(p, q, true)));
                default:
                    break;
            }
            throw new FhirPathException("unsupported quantity arithmetic " + op + " on " + p + " and " + q);
        }
        if (x instanceof FhirPathQuantity && b.asDecimal() != null && (op == Op.TIMES || op == Op.DIVIDE)) {
            if (op == Op.DIVIDE && b.asDecimal().signum() == 0) {
                return List.of();
            }
            return List.of(
                    FhirPathValue.ofQuantity(Quantities.scale((FhirPathQuantity) x, b.asDecimal(), op == Op.DIVIDE)));
        }
        if (y instanceof FhirPathQuantity && a.asDecimal() != null && op == Op.TIMES) {
            return List.of(FhirPathValue.ofQuantity(Quantities.scale((FhirPathQuantity) y, a.asDecimal(), false)));
        }
        throw new FhirPathException("cannot apply " + op + " to " + a.typeName() + " and " + b.typeName());
    }
}
