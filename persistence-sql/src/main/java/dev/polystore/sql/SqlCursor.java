package dev.polystore.sql;

import dev.polystore.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The opaque keyset cursor of a search page: the sort fingerprint and the last row's position, URL-safe. */
final class SqlCursor {
    private SqlCursor() {}

    /** What a cursor must carry to belong to a search with this sort. */
    static String fingerprint(List<SqlSort.SortSpec> sort) {
        StringBuilder b = new StringBuilder("v1");
        for (SqlSort.SortSpec s : sort) {
            b.append(s.descending() ? '-' : '+').append(s.code());
        }
        return b.toString();
    }

    /** The cursor of a position: its sort values, then id and rkey. */
    static String encode(String fingerprint, List<Object> values) {
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
        return b64(b.toString());
    }

    /** The position of a cursor of this search; refuses a cursor of another search or a damaged one. */
    static List<Object> decode(String cursor, String fingerprint, int sortKeys) {
        try {
            String text = unb64(cursor);
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
}
