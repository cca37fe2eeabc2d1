package dev.herald.hub.internal;

/**
 * Where a hub is in its life, as its probes, endpoints and drain see it; it only moves forward. A hub stopped at once
 * ({@code Hub.close()}) goes from {@link #SERVING} to {@link #STOPPED}; a draining one passes through each phase.
 */
public enum HubPhase {
    /** Serving everything, and ready for more. */
    SERVING,
    /** Draining, first step: not ready (load balancers stop sending it subscribers), still serving everything. */
    DRAINING,
    /** Draining, second step: its streams end one by one, spread over the drain time; new subscribers get 503. */
    ENDING_STREAMS,
    /** Its streams have ended: publishes get 503 too, and those it accepted are answered before it stops. */
    CLOSING,
    /** Stopped. */
    STOPPED;

    /** Whether a load balancer should send the hub new subscribers (the transport and the limits permitting). */
    public boolean ready() {
        return this == SERVING;
    }

    /** Whether new subscribers are refused. */
    public boolean refusesSubscribers() {
        return compareTo(ENDING_STREAMS) >= 0;
    }

    /** Whether new publishes are refused. */
    public boolean refusesPublishes() {
        return compareTo(CLOSING) >= 0;
    }
}
