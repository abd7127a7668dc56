package dev.polystore.core.fhirpath;

import java.util.ArrayList;
import java.util.List;

/** Splits a FHIRPath expression into tokens; comments and whitespace are dropped. */
final class Lexer {

    enum Kind {
        IDENT,
        DELIMITED,
        STRING,
        NUMBER,
        LONG,
        TEMPORAL,
        SYMBOL,
        DOLLAR,
        EOF
    }

    record Token(Kind kind, String text, int pos) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbol);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new Lexer(src).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                tokens.add(new Token(Kind.EOF, "", pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new FhirPathException("unterminated comment", pos);
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Kind.IDENT, src.substring(start, pos), start);
        }
        if (c == '$') {
            pos++;
            while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.DOLLAR, src.substring(start, pos), start);
        }
        if (Character.isDigit(c)) {
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
                pos++;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else if (pos < src.length() && src.charAt(pos) == 'L') {
                pos++;
                return new Token(Kind.LONG, src.substring(start, pos - 1), start);
            }
            return new Token(Kind.NUMBER, src.substring(start, pos), start);
        }
        if (c == '\'' || c == '`') {
            return quoted(c);
        }
        if (c == '@') {
            pos++;
            while (pos < src.length()) {
                char d = src.charAt(pos);
                if (Character.isDigit(d) || d == '-' || d == ':' || d == 'T' || d == 'Z' || d == '+') {
                    pos++;
                } else if (d == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                    pos++;
                } else {
                    break;
                }
            }
            return new Token(Kind.TEMPORAL, src.substring(start + 1, pos), start);
        }
        String two = pos + 1 < src.length() ? src.substring(pos, pos + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("!~")) {
            pos += 2;
            return new Token(Kind.SYMBOL, two, start);
        }
        if ("+-*/&|=~<>()[]{},.%".indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.SYMBOL, String.valueOf(c), start);
        }
        throw new FhirPathException("unexpected character '" + c + "'", start);
    }

    private Token quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new FhirPathException("unterminated " + (quote == '`' ? "identifier" : "string"), start);
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\') {
                if (pos >= src.length()) {
                    throw new FhirPathException("bad escape", pos);
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 't':
                        sb.append('\t');
                        break;
                    case 'n':
                        sb.append('\n');
                        break;
                    case 'r':
                        sb.append('\r');
                        break;
                    case 'f':
                        sb.append('\f');
                        break;
                    case 'u':
                        if (pos + 4 > src.length()) {
                            throw new FhirPathException("bad unicode escape", pos);
                        }
                        try {
                            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new FhirPathException("bad unicode escape", pos);
                        }
                        pos += 4;
                        break;
                    default:
                        sb.append(e);
                        break;
                }
            } else {
                sb.append(c);
            }
        }
        return new Token(quote == '`' ? Kind.DELIMITED : Kind.STRING, sb.toString(), start);
    }
}
