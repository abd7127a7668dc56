package dev.polystore.tck;

import dev.polystore.api.tenant.TenantId;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique tenant ids for the TCK: a per-JVM random run token and a counter, so that tests never share data, not even
 * with an earlier run against the same database.
 */
final class TckTenants {

    private static final AtomicLong COUNTER = new AtomicLong();

    /** Six random base-36 characters, fixed for this JVM. */
    static final String RUN = randomToken(6);

    private TckTenants() {}

    /** A fresh token {@code <counter>-<run token>} of lower-case letters, digits and one '-'; unique per JVM. */
    static String unique() {
        return Long.toString(COUNTER.incrementAndGet(), 36) + "-" + RUN;
    }

    /** {@code prefix-<counter>-<run token>}, for example {@code tck-1a-x7k2q9}. */
    static TenantId fresh(String prefix) {
        return TenantId.of(prefix + "-" + unique());
    }

    static String randomToken(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(36), 36));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
