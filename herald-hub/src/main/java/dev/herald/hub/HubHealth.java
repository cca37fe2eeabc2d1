package dev.herald.hub;

/**
 * A hub's health, as its probes report it: live while it serves at all; ready while it should be sent new
 * subscribers (serving, not draining, its transport reachable, below its connection limit).
 *
 * @param ready whether new subscribers are welcome
 * @param reason why not, or {@code ready}: {@code draining}, {@code stopped}, {@code transport unavailable}, {@code full}
 * @param draining whether the hub is draining before it stops
 * @param transportAvailable whether the transport can store updates now
 * @param full whether the hub is at its connection limit
 * @param subscribers the subscribers connected now
 */
public record HubHealth(boolean ready, String reason, boolean draining, boolean transportAvailable, boolean full,
        int subscribers) {
}
