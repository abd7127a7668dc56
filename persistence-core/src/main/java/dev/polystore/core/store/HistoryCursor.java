package dev.polystore.core.store;

import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.core.engine.HistoryQuery.HistoryCursorPosition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque history cursors: the lastUpdated and engine position of the last entry of a page. */
final class HistoryCursor {
    private static final String PREFIX = "h2:";

    private HistoryCursor() {}

    static String encode(HistoryCursorPosition position) {
        String text = PREFIX + position.lastUpdatedMillis() + ":" + position.position();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static HistoryCursorPosition decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(PREFIX)) {
                String[] parts = s.substring(PREFIX.length()).split(":", -1);
                if (parts.length == 2) {
                    long millis = Long.parseLong(parts[0]);
                    long position = Long.parseLong(parts[1]);
                    if (position > 0) {
                        return new HistoryCursorPosition(millis, position);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through: NumberFormatException is an IllegalArgumentException too
        }
        throw new InvalidRequestException("Invalid history cursor " + FhirIds.quote(cursor));
    }
}
