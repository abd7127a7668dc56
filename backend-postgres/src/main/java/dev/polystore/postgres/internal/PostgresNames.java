package dev.polystore.postgres.internal;

import dev.polystore.api.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PostgreSQL identifiers: quoting, and the schema or database name of a tenant. Tenant ids are case-sensitive, up to
 * 64 characters and may hold {@code / . -}; identifiers hold at most 63 bytes. A tenant's name is a readable, lower-case
 * part of its id followed by 12 hex digits of the SHA-256 of the whole id, so that {@code Acme} and {@code acme} differ
 * and the name never exceeds 63 bytes.
 */
public final class PostgresNames {
    /** What a configured prefix or schema name may be: a plain lower-case identifier. */
    public static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private static final int MAX_IDENTIFIER = 63;
    private static final int HASH_HEX = 12;

    private PostgresNames() {}

    /** {@code name} as a quoted identifier. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The schema or database name of {@code tenant} under {@code prefix}. */
    public static String tenantName(String prefix, TenantId tenant) {
        String readable = tenant.value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        int room = MAX_IDENTIFIER - prefix.length() - 1 - HASH_HEX;
        if (readable.length() > room) {
            readable = readable.substring(0, room);
        }
        return prefix + readable + "_" + hash(tenant.value());
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A 64-bit advisory lock key for {@code purpose} and {@code name}: both sides of a race compute the same one. */
    static long lockKey(String purpose, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((purpose + '\u0000' + name).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
