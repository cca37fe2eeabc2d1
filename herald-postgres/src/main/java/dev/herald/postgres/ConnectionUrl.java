package dev.herald.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL URL as operators write it, {@code postgresql://[user[:password]@]host[:port][/database][?params]}
 * ({@code postgres://} too, as libpq takes it), or pgjdbc's own {@code jdbc:postgresql:...}: the JDBC URL, user and
 * password it names. Its text never shows the password.
 */
record ConnectionUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** Whether {@code name} is a URL this parses. */
    static boolean accepts(String name) {
        return name.startsWith("postgresql://") || name.startsWith("postgres://") || name.startsWith("jdbc:postgresql:");
    }

    /**
     * Reads {@code url}.
     *
     * @throws IllegalArgumentException when it is not a PostgreSQL URL (the message does not repeat it)
     */
    static ConnectionUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new ConnectionUrl(url, Optional.empty(), Optional.empty());
        }
        if (!accepts(url)) {
            throw new IllegalArgumentException("a PostgreSQL URL begins with postgresql://, postgres:// or "
                    + "jdbc:postgresql:");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL URL names a host, as in postgresql://user@host:5432/db");
        }
        if (!tail.startsWith("/")) {
            tail = "/" + tail;
        }
        return new ConnectionUrl("jdbc:postgresql://" + authority + tail, user, password);
    }

    /** Percent-decoding, where a '+' stays a '+' (URLDecoder would make it a space). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL, without credentials (those in its parameters are cut). */
    @Override
    public String toString() {
        int query = jdbcUrl.indexOf('?');
        return (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) + user.map(u -> " as " + u).orElse("");
    }
}
