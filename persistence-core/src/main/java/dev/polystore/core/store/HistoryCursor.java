package dev.polystore.core.store;

import dev.polystore.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque history cursors: the engine position of the last entry of a page. */
final class HistoryCursor {
    private static final String PREFIX = "h1:";

    private HistoryCursor() {}

    static String encode(long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    static long decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(PREFIX)) {
                long position = Long.parseLong(s.substring(PREFIX.length()));
                if (position > 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through: NumberFormatException is an IllegalArgumentException too
        }
        throw new InvalidRequestException("Invalid history cursor " + FhirIds.quote(cursor));
    }
}
