package dev.herald.loadgen;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The local addresses client sockets are bound to. One source address can open only about 28,000 connections to one
 * target (the ephemeral port range), so K addresses 127.0.0.1 .. 127.0.0.K raise that K times; Linux routes all of
 * 127.0.0.0/8 to the loopback interface without configuration.
 *
 * @param count how many addresses to spread over; 1 or less leaves the choice to the kernel
 */
public record SourceAddresses(int count) {

    /** Checks the count fits in 127.0.0.0/8 with host bytes 1..254. */
    public SourceAddresses {
        if (count > 254) {
            throw new IllegalArgumentException("--source-addresses must be at most 254");
        }
    }

    /** The local address for connection {@code index} to {@code target}; null when the kernel should choose. */
    public InetSocketAddress forIndex(int index, InetAddress target) {
        if (count <= 1 || !(target instanceof Inet4Address)) {
            return null; // IPv6 has only ::1 on loopback
        }
        int host = 1 + Math.floorMod(index, count);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host}), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a four-byte address is always valid", e);
        }
    }
}
