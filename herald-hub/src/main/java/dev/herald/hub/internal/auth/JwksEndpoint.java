package dev.herald.hub.internal.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * An issuer whose signing keys are the JSON Web Key Set (RFC 7517) served at a URL: access tokens whose {@code iss}
 * is {@link #issuer()} are verified with those keys, for both roles, and with no other issuer's.
 *
 * <p>The URL must be {@code https}: keys fetched over plain HTTP could be swapped on the way. Plain {@code http} is
 * allowed only to a loopback address ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), for a key server on
 * the same machine and for tests; a host name other than {@code localhost} is not resolved to decide, since its
 * address may change after the check.
 *
 * @param issuer the exact {@code iss} value the keys sign for
 * @param uri where the JWK Set is served
 */
public record JwksEndpoint(String issuer, URI uri) {

    /**
     * Checks the issuer and the URL.
     *
     * @throws IllegalArgumentException naming what is wrong with them
     */
    public JwksEndpoint {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(uri, "uri");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("an issuer identifier must not be blank");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the JWK Set URL of " + issuer + " must be an absolute https:// URL, "
                    + "not " + uri);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("the JWK Set URL of " + issuer + " must use https://; plain http:// is "
                    + "allowed only to a loopback address (localhost, 127.0.0.1, [::1]), not " + uri);
        }
    }

    /** Whether {@code host} is {@code localhost} or a loopback IP literal; never asks DNS. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = host.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress(); // a bracketed IPv6 literal is never looked up
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
