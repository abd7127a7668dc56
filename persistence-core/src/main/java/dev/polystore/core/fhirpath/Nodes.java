package dev.polystore.core.fhirpath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The evaluation tree. Nodes are immutable (apart from thread-safe lookup caches). */
final class Nodes {

    private Nodes() {}

    /** A node evaluated against a focus collection. */
    abstract static class Node {
        final int pos;

        Node(int pos) {
            this.pos = pos;
        }

        abstract List<FhirPathValue> eval(Env env, List<FhirPathValue> focus);
    }

    /** A type name, optionally qualified ({@code FHIR}, {@code System}). */
    record TypeSpec(String namespace, String name) {
        @Override
        public String toString() {
            return namespace == null ? name : namespace + "." + name;
        }
    }

    static final class Literal extends Node {
        final List<FhirPathValue> value;

        Literal(int pos, List<FhirPathValue> value) {
            super(pos);
            this.value = value;
        }

        static Literal of(int pos, FhirPathValue v) {
            return new Literal(pos, List.of(v));
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            return value;
        }
    }

    static final class ThisRef extends Node {
        ThisRef(int pos) {
            super(pos);
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            return env.thisColl;
        }
    }

    static final class IndexRef extends Node {
        IndexRef(int pos) {
            super(pos);
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            return env.index < 0 ? List.of() : List.of(FhirPathValue.ofInteger(env.index));
        }
    }

    static final class TotalRef extends Node {
        TotalRef(int pos) {
            super(pos);
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            if (env.total == null) {
                throw new FhirPathException("$total is only defined inside aggregate()");
            }
            return env.total;
        }
    }

    static final class ExtConst extends Node {
        final String name;
        final List<FhirPathValue> fixed;

        ExtConst(int pos, String name) {
            super(pos);
            this.name = name;
            this.fixed = fixedValue(name);
        }

        private static List<FhirPathValue> fixedValue(String name) {
            switch (name) {
                case "ucum":
                    return List.of(FhirPathValue.ofString("http://unitsofmeasure.org"));
                case "sct":
                    return List.of(FhirPathValue.ofString("http://snomed.info/sct"));
                case "loinc":
                    return List.of(FhirPathValue.ofString("http://loinc.org"));
                default:
                    if (name.startsWith("vs-")) {
                        return List.of(FhirPathValue.ofString("http://hl7.org/fhir/ValueSet/" + name.substring(3)));
                    }
                    if (name.startsWith("ext-")) {
                        return List.of(
                                FhirPathValue.ofString("http://hl7.org/fhir/StructureDefinition/" + name.substring(4)));
                    }
                    return null;
            }
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            if (env.defined != null) {
                List<FhirPathValue> v = env.defined.get(name);
                if (v != null) {
                    return v;
                }
            }
            List<FhirPathValue> user = env.shared.context.variables().get(name);
            if (user != null) {
                return user;
            }
            if (fixed != null) {
                return fixed;
            }
            switch (name) {
                case "resource":
                    return env.shared.resource;
                case "rootResource":
                    return env.shared.rootResource;
                case "context":
                    return env.shared.contextItems;
                default:
                    throw new FhirPathException("unknown external constant %" + name);
            }
        }
    }

    /** A name: element navigation, or a type name filtering the focus. */
    static final class Member extends Node {
        final String name;

        Member(int pos, String name) {
            super(pos);
            this.name = name;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            if (focus.isEmpty()) {
                return List.of();
            }
            List<FhirPathValue> out = new ArrayList<>();
            Navigator nav = env.shared.engine.navigator();
            boolean defined = false;
            for (FhirPathValue item : focus) {
                defined |= nav.childChecked(item, name, out) == Navigator.DEFINED || isDynamic(env, item, nav);
            }
            if (!defined && env.shared.context.strictPaths()) {
                // no item's type has this element: a wrong path, not just absent data
                throw new FhirPathException(
                        "'" + name + "' is not an element of " + focus.get(0).path());
            }
            return out;
        }
    }

    /**
     * Whether {@code item} is a resource reached dynamically (contained, Bundle entry, resolve()) rather than the
     * evaluated resource: its type is only known at run time, so a missing element is absent data, not an error.
     */
    static boolean isDynamic(Env env, FhirPathValue item, Navigator nav) {
        if (!nav.model().isResourceType(item.typeName())) {
            return false;
        }
        List<FhirPathValue> ctx = env.shared.contextItems;
        return ctx.isEmpty() || ctx.get(0).node() != item.node();
    }

    static final class Invoke extends Node {
        final Node target;
        final Node member;
        /** The outermost invocation of a chain: the scope of variables defined inside it (set by the parser). */
        boolean chainRoot;

        Invoke(int pos, Node target, Node member) {
            super(pos);
            this.target = target;
            this.member = member;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            Env e = chainRoot && env.shared.definesVariables ? env.fork() : env;
            return member.eval(e, target.eval(e, focus));
        }
    }

    static final class Indexer extends Node {
        final Node target;
        final Node index;

        Indexer(int pos, Node target, Node index) {
            super(pos);
            this.target = target;
            this.index = index;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            List<FhirPathValue> items = target.eval(env, focus);
            List<FhirPathValue> idx = index.eval(env, env.thisColl);
            if (idx.isEmpty()) {
                return List.of();
            }
            Integer i = Values.integerArg(idx, "indexer");
            if (i == null || i < 0 || i >= items.size()) {
                return List.of();
            }
            return List.of(items.get(i));
        }
    }

    static final class Negate extends Node {
        final Node operand;

        Negate(int pos, Node operand) {
            super(pos);
            this.operand = operand;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            List<FhirPathValue> v = operand.eval(env, focus);
            if (v.isEmpty()) {
                return v;
            }
            if (v.size() > 1) {
                throw new FhirPathException("unary minus needs a single value");
            }
            Object o = v.get(0).systemValue();
            if (o instanceof Integer) {
                return List.of(FhirPathValue.ofInteger(-(Integer) o));
            }
            if (o instanceof Long) {
                return List.of(FhirPathValue.ofSystem("Long", -(Long) o));
            }
            if (o instanceof BigDecimal) {
                return List.of(FhirPathValue.ofDecimal(((BigDecimal) o).negate()));
            }
            if (o instanceof FhirPathQuantity) {
                FhirPathQuantity q = (FhirPathQuantity) o;
                return List.of(
                        FhirPathValue.ofQuantity(new FhirPathQuantity(q.value().negate(), q.unit(), q.calendar())));
            }
            throw new FhirPathException("cannot negate " + v.get(0).typeName());
        }
    }

    static final class TypeOp extends Node {
        final Node operand;
        final TypeSpec type;
        final boolean as;

        TypeOp(int pos, Node operand, TypeSpec type, boolean as) {
            super(pos);
            this.operand = operand;
            this.type = type;
            this.as = as;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            List<FhirPathValue> v = operand.eval(env, focus);
            if (v.isEmpty()) {
                return List.of();
            }
            Navigator nav = env.shared.engine.navigator();
            if (as) {
                List<FhirPathValue> out = new ArrayList<>(v.size());
                for (FhirPathValue item : v) {
                    if (nav.isOfTypeForCast(item, type)) {
                        out.add(item);
                    }
                }
                return out;
            }
            if (v.size() > 1) {
                throw new FhirPathException("'is' needs a single value, got " + v.size());
            }
            return List.of(FhirPathValue.ofBoolean(nav.isOfType(v.get(0), type)));
        }
    }

    static Node binary(int pos, String op, Node left, Node right) {
        return new Binary(pos, Operators.forSymbol(op, pos), left, right);
    }

    static final class Binary extends Node {
        final Operators.Op op;
        final Node left;
        final Node right;

        Binary(int pos, Operators.Op op, Node left, Node right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        List<FhirPathValue> eval(Env env, List<FhirPathValue> focus) {
            switch (op) {
                case AND: {
                    Boolean a = Values.toBoolean(left.eval(env, focus), "and");
                    if (Boolean.FALSE.equals(a)) {
                        return List.of(FhirPathValue.FALSE);
                    }
                    Boolean b = Values.toBoolean(right.eval(env, focus), "and");
                    if (Boolean.FALSE.equals(b)) {
                        return List.of(FhirPathValue.FALSE);
                    }
                    return a == null || b == null ? List.of() : List.of(FhirPathValue.TRUE);
                }
                case OR: {
                    Boolean a = Values.toBoolean(left.eval(env, focus), "or");
                    if (Boolean.TRUE.equals(a)) {
                        return List.of(FhirPathValue.TRUE);
                    }
                    Boolean b = Values.toBoolean(right.eval(env, focus), "or");
                    if (Boolean.TRUE.equals(b)) {
                        return List.of(FhirPathValue.TRUE);
                    }
                    return a == null || b == null ? List.of() : List.of(FhirPathValue.FALSE);
                }
                case IMPLIES: {
                    Boolean a = Values.toBoolean(left.eval(env, focus), "implies");
                    if (Boolean.FALSE.equals(a)) {
                        return List.of(FhirPathValue.TRUE);
                    }
                    Boolean b = Values.toBoolean(right.eval(env, focus), "implies");
                    if (Boolean.TRUE.equals(b)) {
                        return List.of(FhirPathValue.TRUE);
                    }
                    return a == null || b == null ? List.of() : List.of(FhirPathValue.FALSE);
                }
                default:
                    return Operators.apply(op, left.eval(env, focus), right.eval(env, focus), env);
            }
        }
    }
}
