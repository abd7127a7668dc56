package dev.polystore.core.store;

import dev.polystore.api.error.InvalidRequestException;
import java.security.SecureRandom;
import java.util.UUID;

/** FHIR logical ids: {@code [A-Za-z0-9\-\.]{1,64}}. */
public final class FhirIds {
    /** The longest id FHIR allows. */
    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private FhirIds() {}

    /** True if {@code id} is a valid FHIR id. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Throws unless {@code id} is a valid FHIR id.
     *
     * @throws InvalidRequestException with a message that shows the offending id safely
     */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new InvalidRequestException("Invalid resource id " + quote(id)
                    + ": FHIR ids are 1 to 64 characters of A-Z, a-z, 0-9, '-' and '.'");
        }
        return id;
    }

    /**
     * A new server-assigned id: a version 7 UUID (RFC 9562; 36 characters), whose leading 48 bits are the Unix time in
     * milliseconds and the rest random. Ids of resources created together sort together, so engines insert them near
     * each other in their key indexes instead of at random places, while staying unguessable.
     */
    public static String newId() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000000000000000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low).toString();
    }

    /** Quotes untrusted text for a message: shortened, control characters replaced. */
    public static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        String shortened = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + shortened.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
