package dev.polystore.postgres.internal;

import dev.polystore.api.error.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads the two URL forms the backend accepts: JDBC ({@code jdbc:postgresql://}) and libpq ({@code postgresql://}). */
public final class PostgresUrls {
    private PostgresUrls() {}

    /**
     * A URL taken apart.
     *
     * @param jdbcUrl the JDBC URL without credentials
     * @param user the user from the URL, or null
     * @param password the password from the URL, or null
     */
    public record Parsed(String jdbcUrl, String user, String password) {}

    /**
     * Parses {@code jdbc:postgresql://...} (kept as it is) or {@code postgresql://[user[:password]@]host[:port][/db][?k=v]}
     * ({@code postgres://} too), whose user and password are percent-decoded.
     *
     * @throws ConfigurationException for any other form
     */
    public static Parsed parse(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new Parsed(url, null, null);
        }
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new ConfigurationException(
                    "A PostgreSQL URL starts with postgresql:// or jdbc:postgresql://, not: " + redact(url));
        }
        String user = null;
        String password = null;
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?")) {
            throw new ConfigurationException("The PostgreSQL URL names no host: " + redact(url));
        }
        return new Parsed("jdbc:postgresql://" + rest, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for messages. */
    public static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }
}
