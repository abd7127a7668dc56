package dev.polystore.core.search;

import dev.polystore.api.error.InvalidSearchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the syntax of a {@code _filter} expression (R4 search_filter.html) into a tree of {@link Node}s; {@link
 * FilterCriteria} then resolves the tree against the search parameters of a resource type. Errors are {@link
 * InvalidSearchException}s naming the position (1-based) and the text found there.
 *
 * <p>The grammar accepted, in the specification's ABNF with the precedence made explicit (the specification's {@code
 * logExp = filter ("and" / "or" filter)+} leaves it open):
 *
 * <pre>
 * filter    = orExp
 * orExp     = andExp *( "or" andExp )
 * andExp    = unary *( "and" unary )
 * unary     = "not" "(" filter ")" / "(" filter ")" / paramExp
 * paramExp  = paramPath SP compareOp SP compValue
 * paramPath = paramName [ "[" filter "]" ] [ "." paramPath ]     ; "[...]" must be followed by "."
 * paramName = ( ALPHA / "_" ) *( ALPHA / DIGIT / "_" / "-" )
 * compValue = string / token                                      ; string: in double quotes, JSON escapes
 * token     = 1*( any character but whitespace, ")" and "]" )
 * </pre>
 *
 * Keywords and operators are case-insensitive, as quoted literals are in ABNF (RFC 5234).
 */
final class FilterParser {

    /** The comparison operators of search_filter.html. */
    static final Set<String> OPERATORS = Set.of(
            "eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "ap", "sa", "eb", "pr", "po", "ss", "sb", "in", "ni",
            "re");

    /** A node of a parsed filter. */
    sealed interface Node {}

    /** {@code a and b and ...}. */
    record AndNode(List<Node> operands) implements Node {}

    /** {@code a or b or ...}. */
    record OrNode(List<Node> operands) implements Node {}

    /** {@code not (a)}. */
    record NotNode(Node operand) implements Node {}

    /**
     * One step of a parameter path.
     *
     * @param name the parameter code
     * @param subFilter the {@code [filter]} on the resources this (reference) parameter points at, or null
     */
    record Step(String name, Node subFilter) {}

    /**
     * {@code path op value}.
     *
     * @param path the parameter path (more than one step: a chain)
     * @param operator the operator, lower case
     * @param value the value, unquoted and unescaped
     * @param position the 1-based position of the comparison in the expression
     * @param text the comparison as written
     */
    record Comparison(List<Step> path, String operator, String value, int position, String text) implements Node {}

    private final String text;
    private int pos;

    private FilterParser(String text) {
        this.text = text;
    }

    /** The tree of {@code expression}; an {@link InvalidSearchException} if it is not a valid filter. */
    static Node parse(String expression) {
        FilterParser parser = new FilterParser(expression);
        parser.skipSpace();
        if (parser.atEnd()) {
            throw parser.error("empty expression");
        }
        Node node = parser.or();
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.error("expected 'and', 'or' or the end of the expression");
        }
        return node;
    }

    private Node or() {
        List<Node> operands = new ArrayList<>();
        operands.add(and());
        while (keyword("or")) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new OrNode(operands);
    }

    private Node and() {
        List<Node> operands = new ArrayList<>();
        operands.add(unary());
        while (keyword("and")) {
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new AndNode(operands);
    }

    private Node unary() {
        skipSpace();
        if (atEnd()) {
            throw error("expected a parameter, '(' or 'not'");
        }
        if (keyword("not")) {
            skipSpace();
            if (atEnd() || text.charAt(pos) != '(') {
                throw error("expected '(' after 'not'");
            }
            return new NotNode(parenthesized());
        }
        if (text.charAt(pos) == '(') {
            return parenthesized();
        }
        return comparison();
    }

    private Node parenthesized() {
        pos++; // (
        Node inner = or();
        skipSpace();
        expect(')', "expected ')'");
        return inner;
    }

    private Comparison comparison() {
        int start = pos;
        List<Step> path = new ArrayList<>();
        while (true) {
            String name = name();
            Node sub = null;
            if (!atEnd() && text.charAt(pos) == '[') {
                pos++;
                sub = or();
                skipSpace();
                expect(']', "expected ']'");
                if (atEnd() || text.charAt(pos) != '.') {
                    throw error("expected '.' and a parameter after ']'");
                }
            }
            path.add(new Step(name, sub));
            if (!atEnd() && text.charAt(pos) == '.') {
                pos++;
                continue;
            }
            break;
        }
        requireSpace("expected whitespace and an operator after the parameter");
        int opStart = pos;
        while (!atEnd() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String operator = text.substring(opStart, pos).toLowerCase(Locale.ROOT);
        if (!OPERATORS.contains(operator) || (!atEnd() && !Character.isWhitespace(text.charAt(pos)))) {
            pos = opStart;
            throw error("expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le, ap, sa, eb, pr, po, ss, sb, in, ni,"
                    + " re)");
        }
        requireSpace("expected whitespace and a value after the operator");
        String value = value();
        return new Comparison(List.copyOf(path), operator, value, start + 1, text.substring(start, pos));
    }

    private String name() {
        int start = pos;
        if (!atEnd() && (isAsciiLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (!atEnd()) {
                char c = text.charAt(pos);
                if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                    pos++;
                } else {
                    break;
                }
            }
        }
        if (pos == start) {
            throw error("expected a parameter name");
        }
        return text.substring(start, pos);
    }

    private String value() {
        if (atEnd()) {
            throw error("expected a value");
        }
        if (text.charAt(pos) == '"') {
            return string();
        }
        int start = pos;
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ')' || c == ']') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a value");
        }
        return text.substring(start, pos);
    }

    /** A string in double quotes with the JSON escapes. */
    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (atEnd()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9A-Fa-f]{4}")) {
                        pos -= 2;
                        throw error("invalid \\u escape in string");
                    }
                    b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> {
                    pos -= 2;
                    throw error("invalid escape '\\" + e
                            + "' in string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
        }
        pos = start;
        throw error("unterminated string");
    }

    /** Consumes the keyword (after optional whitespace) when it stands there as a word; false otherwise. */
    private boolean keyword(String keyword) {
        int save = pos;
        skipSpace();
        int end = pos + keyword.length();
        if (end <= text.length()
                && text.regionMatches(true, pos, keyword, 0, keyword.length())
                && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
            pos = end;
            return true;
        }
        pos = save;
        return false;
    }

    private void expect(char c, String message) {
        if (atEnd() || text.charAt(pos) != c) {
            throw error(message);
        }
        pos++;
    }

    private void requireSpace(String message) {
        if (atEnd() || !Character.isWhitespace(text.charAt(pos))) {
            throw error(message);
        }
        skipSpace();
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private InvalidSearchException error(String message) {
        String near = atEnd() ? "the end of the expression" : "'" + excerpt() + "'";
        return new InvalidSearchException(
                "Invalid _filter '" + text + "': " + message + " at position " + (pos + 1) + " (found " + near + ")");
    }

    private String excerpt() {
        String rest = text.substring(pos);
        return rest.length() <= 20 ? rest : rest.substring(0, 20) + "...";
    }
}
