package dev.polystore.core.fhirpath;

import dev.polystore.core.fhirpath.Lexer.Kind;
import dev.polystore.core.fhirpath.Lexer.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent (precedence climbing) parser producing the evaluation tree. */
final class Parser {

    private static final Set<String> CALENDAR_UNITS = Set.of(
            "year",
            "years",
            "month",
            "months",
            "week",
            "weeks",
            "day",
            "days",
            "hour",
            "hours",
            "minute",
            "minutes",
            "second",
            "seconds",
            "millisecond",
            "milliseconds");

    private final List<Token> tokens;
    private int p;

    private Parser(String src) {
        this.tokens = Lexer.tokenize(src);
    }

    /** The tree, and whether it uses defineVariable() (then invocation chains get their own variable scope). */
    record Parsed(Nodes.Node root, boolean definesVariables) {}

    private boolean definesVariables;

    static Parsed parse(String src) {
        Parser parser = new Parser(src);
        Nodes.Node node = parser.expression(0);
        Token t = parser.peek();
        if (t.kind() != Kind.EOF) {
            throw new FhirPathException("unexpected '" + t.text() + "'", t.pos());
        }
        return new Parsed(node, parser.definesVariables);
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token take() {
        return tokens.get(p++);
    }

    private void expect(String symbol) {
        Token t = take();
        if (!t.isSymbol(symbol)) {
            throw new FhirPathException(
                    "expected '" + symbol + "' but found '" + (t.kind() == Kind.EOF ? "end of expression" : t.text())
                            + "'",
                    t.pos());
        }
    }

    /** Binary operator precedence of {@code t}, or -1. */
    private static int precedence(Token t) {
        if (t.kind() == Kind.SYMBOL) {
            switch (t.text()) {
                case "*":
                case "/":
                    return 10;
                case "+":
                case "-":
                case "&":
                    return 9;
                case "|":
                    return 7;
                case "<":
                case ">":
                case "<=":
                case ">=":
                    return 6;
                case "=":
                case "~":
                case "!=":
                case "!~":
                    return 5;
                default:
                    return -1;
            }
        }
        if (t.kind() == Kind.IDENT) {
            switch (t.text()) {
                case "div":
                case "mod":
                    return 10;
                case "is":
                case "as":
                    return 8;
                case "in":
                case "contains":
                    return 4;
                case "and":
                    return 3;
                case "or":
                case "xor":
                    return 2;
                case "implies":
                    return 1;
                default:
                    return -1;
            }
        }
        return -1;
    }

    private static final int MAX_DEPTH = 256;
    private int depth;

    private Nodes.Node expression(int minPrec) {
        if (++depth > MAX_DEPTH) {
            throw new FhirPathException("expression nested too deeply", peek().pos());
        }
        try {
            return binaryExpression(minPrec);
        } finally {
            depth--;
        }
    }

    private Nodes.Node binaryExpression(int minPrec) {
        Nodes.Node left = unary();
        while (true) {
            Token op = peek();
            int prec = precedence(op);
            if (prec < 0 || prec < minPrec) {
                return left;
            }
            take();
            if (op.text().equals("is") || op.text().equals("as")) {
                Nodes.TypeSpec type = typeSpecifier();
                left = new Nodes.TypeOp(op.pos(), left, type, op.text().equals("as"));
                continue;
            }
            Nodes.Node right = op.text().equals("implies") ? expression(prec) : expression(prec + 1);
            left = Nodes.binary(op.pos(), op.text(), left, right);
        }
    }

    private Nodes.TypeSpec typeSpecifier() {
        Token first = take();
        if (first.kind() != Kind.IDENT && first.kind() != Kind.DELIMITED) {
            throw new FhirPathException("expected a type name", first.pos());
        }
        if (peek().isSymbol(".") && (peek(1).kind() == Kind.IDENT || peek(1).kind() == Kind.DELIMITED)) {
            take();
            Token second = take();
            return new Nodes.TypeSpec(first.text(), second.text());
        }
        return new Nodes.TypeSpec(null, first.text());
    }

    private Nodes.Node unary() {
        Token t = peek();
        if (t.isSymbol("-") || t.isSymbol("+")) {
            take();
            if (++depth > MAX_DEPTH) {
                throw new FhirPathException("expression nested too deeply", t.pos());
            }
            Nodes.Node operand = unary();
            depth--;
            return t.text().equals("-") ? new Nodes.Negate(t.pos(), operand) : operand;
        }
        return postfix(term());
    }

    private Nodes.Node postfix(Nodes.Node node) {
        while (true) {
            Token t = peek();
            if (t.isSymbol(".")) {
                take();
                Nodes.Node member = invocation();
                node = new Nodes.Invoke(t.pos(), node, member);
            } else if (t.isSymbol("[")) {
                take();
                Nodes.Node index = expression(0);
                expect("]");
                node = new Nodes.Indexer(t.pos(), node, index);
            } else {
                if (node instanceof Nodes.Invoke) {
                    ((Nodes.Invoke) node).chainRoot = true;
                }
                return node;
            }
        }
    }

    private Nodes.Node invocation() {
        Token t = take();
        if (t.kind() == Kind.DOLLAR) {
            return dollar(t);
        }
        if (t.kind() != Kind.IDENT && t.kind() != Kind.DELIMITED) {
            throw new FhirPathException(
                    "expected an identifier but found '" + (t.kind() == Kind.EOF ? "end of expression" : t.text())
                            + "'",
                    t.pos());
        }
        if (t.kind() == Kind.IDENT && peek().isSymbol("(")) {
            return call(t);
        }
        return new Nodes.Member(t.pos(), t.text());
    }

    private Nodes.Node dollar(Token t) {
        switch (t.text()) {
            case "$this":
                return new Nodes.ThisRef(t.pos());
            case "$index":
                return new Nodes.IndexRef(t.pos());
            case "$total":
                return new Nodes.TotalRef(t.pos());
            default:
                throw new FhirPathException("unknown variable " + t.text(), t.pos());
        }
    }

    private Nodes.Node call(Token name) {
        expect("(");
        List<Nodes.Node> args = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            args.add(expression(0));
            while (peek().isSymbol(",")) {
                take();
                args.add(expression(0));
            }
        }
        expect(")");
        if (name.text().equals("defineVariable")) {
            definesVariables = true;
        }
        return Functions.compile(name.pos(), name.text(), args);
    }

    private Nodes.Node term() {
        Token t = take();
        switch (t.kind()) {
            case NUMBER: {
                Token unit = peek();
                if (unit.kind() == Kind.STRING) {
                    take();
                    return Nodes.Literal.of(
                            t.pos(),
                            FhirPathValue.ofQuantity(
                                    new FhirPathQuantity(new BigDecimal(t.text()), unit.text(), false)));
                }
                if (unit.kind() == Kind.IDENT && CALENDAR_UNITS.contains(unit.text())) {
                    take();
                    return Nodes.Literal.of(
                            t.pos(),
                            FhirPathValue.ofQuantity(
                                    new FhirPathQuantity(new BigDecimal(t.text()), singular(unit.text()), true)));
                }
                if (t.text().indexOf('.') >= 0) {
                    return Nodes.Literal.of(t.pos(), FhirPathValue.ofDecimal(new BigDecimal(t.text())));
                }
                try {
                    return Nodes.Literal.of(t.pos(), FhirPathValue.ofInteger(Integer.parseInt(t.text())));
                } catch (NumberFormatException e) {
                    throw new FhirPathException("integer out of range: " + t.text(), t.pos());
                }
            }
            case LONG:
                try {
                    return Nodes.Literal.of(t.pos(), FhirPathValue.ofSystem("Long", Long.parseLong(t.text())));
                } catch (NumberFormatException e) {
                    throw new FhirPathException("long out of range: " + t.text(), t.pos());
                }
            case STRING:
                return Nodes.Literal.of(t.pos(), FhirPathValue.ofString(t.text()));
            case TEMPORAL:
                return temporal(t);
            case DOLLAR:
                return dollar(t);
            case DELIMITED:
                return new Nodes.Member(t.pos(), t.text());
            case IDENT:
                if (peek().isSymbol("(")) {
                    return call(t);
                }
                if (t.text().equals("true")) {
                    return Nodes.Literal.of(t.pos(), FhirPathValue.TRUE);
                }
                if (t.text().equals("false")) {
                    return Nodes.Literal.of(t.pos(), FhirPathValue.FALSE);
                }
                return new Nodes.Member(t.pos(), t.text());
            case SYMBOL:
                if (t.text().equals("(")) {
                    Nodes.Node inner = expression(0);
                    expect(")");
                    return inner;
                }
                if (t.text().equals("{")) {
                    expect("}");
                    return new Nodes.Literal(t.pos(), List.of());
                }
                if (t.text().equals("%")) {
                    Token name = take();
                    if (name.kind() != Kind.IDENT && name.kind() != Kind.STRING && name.kind() != Kind.DELIMITED) {
                        throw new FhirPathException("expected a constant name after %", name.pos());
                    }
                    String n = name.text();
                    // %vs-xxx and %ext-xxx are lexed as ident, '-', ident, ...
                    int end = name.pos() + name.text().length();
                    boolean dashed = name.kind() == Kind.IDENT && (n.equals("vs") || n.equals("ext"));
                    while (dashed && peek().isSymbol("-") && peek().pos() == end) {
                        take();
                        Token rest = take();
                        n = n + "-" + rest.text();
                        end = rest.pos() + rest.text().length();
                    }
                    return new Nodes.ExtConst(t.pos(), n);
                }
                throw new FhirPathException("unexpected '" + t.text() + "'", t.pos());
            case EOF:
                throw new FhirPathException("unexpected end of expression", t.pos());
            default:
                throw new FhirPathException("unexpected '" + t.text() + "'", t.pos());
        }
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    private static Nodes.Node temporal(Token t) {
        String text = t.text();
        FhirPathTemporal value;
        if (text.startsWith("T")) {
            value = FhirPathTemporal.parseTime(text.substring(1));
        } else if (text.indexOf('T') >= 0) {
            String dt = text.endsWith("T") ? text.substring(0, text.length() - 1) : text;
            value = FhirPathTemporal.parseDateTime(dt);
        } else {
            value = FhirPathTemporal.parseDate(text);
        }
        if (value == null) {
            throw new FhirPathException("invalid date/time literal @" + text, t.pos());
        }
        return Nodes.Literal.of(t.pos(), FhirPathValue.ofTemporal(value));
    }
}
