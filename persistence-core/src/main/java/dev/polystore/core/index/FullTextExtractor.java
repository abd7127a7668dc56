package dev.polystore.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The searchable text of a resource for {@code _text} and {@code _content} (R4 search.html 3.1.1.3: "_text: search on
 * the narrative", "_content: search on the entire content of the resource"). Pure, one pass over the JSON tree.
 *
 * <ul>
 *   <li>Narrative: the resource's own {@code text.div} (DomainResource), XHTML with tags, comments and attribute values
 *       removed (a tag separates words), the XML entities ({@code &amp; &lt; &gt; &quot; &apos;}), {@code &nbsp;} and
 *       numeric character references decoded; other named entities separate words.
 *   <li>Content: every JSON string value of the resource, in document order, including contained resources (their
 *       narratives stripped like the root's), except values that are machinery rather than text: members named
 *       {@code resourceType}, {@code id}, {@code meta}, {@code url} (extension and canonical URLs), {@code system},
 *       {@code reference}, {@code data} and {@code *Base64Binary} (base64), and strings in the form of a FHIR date,
 *       dateTime or instant from month precision on ({@code 2020-01}, {@code 2020-01-02T10:00:00Z}). Codes, identifiers,
 *       displays, markdown, strings and URIs in other members count. Numbers and booleans do not. The root's narrative
 *       is not repeated in the content entry ({@link FullTextEntry}).
 * </ul>
 *
 * @since 0.1
 */
public final class FullTextExtractor {

    private static final Set<String> SKIPPED =
            Set.of("resourceType", "id", "meta", "url", "system", "reference", "data");

    private static final Map<String, String> ENTITIES =
            Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ");

    private FullTextExtractor() {}

    /** The full-text entries of {@code resource}: narrative and content words, each only when it has words. */
    public static List<FullTextEntry> entries(JsonNode resource) {
        List<FullTextEntry> result = new ArrayList<>(2);
        JsonNode div = resource.path("text").path("div");
        if (div.isTextual()) {
            FullTextWords.Sink narrative =
                    new FullTextWords.Sink(div.textValue().length());
            appendNarrative(div.textValue(), narrative);
            String words = narrative.toString();
            if (!words.isEmpty()) {
                result.add(new FullTextEntry(FullTextEntry.NARRATIVE, words));
            }
        }
        FullTextWords.Sink content = new FullTextWords.Sink(512);
        resource.properties().forEach(member -> {
            if (!member.getKey().equals("text")) {
                appendContent(member.getKey(), member.getValue(), content);
            }
        });
        String words = content.toString();
        if (!words.isEmpty()) {
            result.add(new FullTextEntry(FullTextEntry.CONTENT, words));
        }
        return result;
    }

    /** The words of the XHTML {@code div}: tags removed (each a separator), entities decoded. */
    public static String narrativeWords(String xhtml) {
        FullTextWords.Sink out = new FullTextWords.Sink(xhtml.length());
        appendNarrative(xhtml, out);
        return out.toString();
    }

    private static void appendContent(String name, JsonNode value, FullTextWords.Sink out) {
        if (SKIPPED.contains(name) || name.endsWith("Base64Binary")) {
            return;
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (name.equals("div")) {
                appendNarrative(text, out);
            } else if (!looksLikeDate(text)) {
                out.append(text, 0, text.length());
            }
            out.separate();
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                appendContent(name, item, out);
            }
        } else if (value.isObject()) {
            value.properties().forEach(member -> appendContent(member.getKey(), member.getValue(), out));
        }
    }

    /** {@code YYYY-MM} and longer FHIR date, dateTime and instant forms (digits at the fixed positions). */
    static boolean looksLikeDate(String s) {
        int n = s.length();
        if (n < 7 || n > 35 || s.charAt(4) != '-') {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            char ch = s.charAt(i);
            if (i != 4 && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        if (n == 7) {
            return true;
        }
        if (n < 10 || s.charAt(7) != '-' || !digits(s, 8, 10)) {
            return false;
        }
        if (n == 10) {
            return true;
        }
        if (s.charAt(10) != 'T') {
            return false;
        }
        for (int i = 11; i < n; i++) {
            char ch = s.charAt(i);
            if (!((ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == '+' || ch == '-' || ch == 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static void appendNarrative(String xhtml, FullTextWords.Sink out) {
        int n = xhtml.length();
        int i = 0;
        while (i < n) {
            int next = i;
            char ch = 0;
            while (next < n && (ch = xhtml.charAt(next)) != '<' && ch != '&') {
                next++;
            }
            out.append(xhtml, i, next);
            if (next == n) {
                return;
            }
            if (ch == '<') {
                int end =
                        xhtml.startsWith("<!--", next) ? xhtml.indexOf("-->", next + 4) : xhtml.indexOf('>', next + 1);
                if (end < 0) {
                    return;
                }
                out.separate();
                i = end + (xhtml.charAt(end) == '-' ? 3 : 1);
            } else {
                int semi = xhtml.indexOf(';', next + 1);
                if (semi < 0 || semi - next > 12) {
                    out.separate();
                    i = next + 1;
                    continue;
                }
                String decoded = entity(xhtml.substring(next + 1, semi));
                out.append(decoded, 0, decoded.length());
                i = semi + 1;
            }
        }
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.startsWith("#x") || name.startsWith("#X")
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : " ";
            } catch (NumberFormatException e) {
                return " ";
            }
        }
        return ENTITIES.getOrDefault(name, " ");
    }
}
