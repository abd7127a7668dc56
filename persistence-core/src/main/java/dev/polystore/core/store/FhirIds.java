package dev.polystore.core.store;

import dev.polystore.api.error.InvalidRequestException;
import java.util.UUID;

/** FHIR logical ids: {@code [A-Za-z0-9\-\.]{1,64}}. */
public final class FhirIds {
    /** The longest id FHIR allows. */
    public static final int MAX_LENGTH = 64;

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

    /** A new server-assigned id (a random UUID, 36 characters). */
    public static String newId() {
        return UUID.randomUUID().toString();
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
