package dev.herald.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses any target that is not on this machine's loopback interface: a load generator pointed at a shared host by
 * a typo is a denial of service, so only 127.0.0.0/8 and ::1 are allowed.
 */
public final class LoopbackGuard {

    private LoopbackGuard() {
    }

    /**
     * Returns the loopback address {@code uri}'s host resolves to; throws {@link IllegalArgumentException} with a
     * message fit for the user when the URL is not plain HTTP or any of its host's addresses is not loopback.
     */
    public static InetAddress requireLoopback(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("refusing " + uri + ": only http:// URLs are supported");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("refusing " + uri + ": the URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("refusing " + uri + ": host " + host + " does not resolve", e);
        }
        for (InetAddress address : addresses) {
            // isLoopbackAddress is exactly 127.0.0.0/8 for IPv4 and ::1 for IPv6.
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing " + uri + ": host " + host + " resolves to "
                        + address.getHostAddress() + "; herald bench only loads loopback targets (127.0.0.0/8 or ::1)");
            }
        }
        return addresses[0];
    }
}
