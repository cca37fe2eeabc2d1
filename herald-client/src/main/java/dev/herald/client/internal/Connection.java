package dev.herald.client.internal;

import dev.herald.client.ReadyState;
import java.net.URI;
import java.time.Duration;

/**
 * One event source's connection as its public handle sees it: its state, and the controls to start and close it.
 * Safe from any thread.
 */
public interface Connection {

    /** Starts connecting, delivering everything to {@code sink}; call once. */
    void start(SignalSink sink);

    /** The URI the source connects to; a redirect does not change it. */
    URI uri();

    /** The current state. */
    ReadyState state();

    /** The last event ID, as sent in {@code Last-Event-ID} on the next connection; empty when none was set. */
    String lastEventId();

    /** The reconnection time: the server's latest {@code retry}, or the policy's initial delay. */
    Duration reconnectionTime();

    /** Whether {@link #close()} was called; from then on nothing but the closing signal is delivered. */
    boolean isCloseRequested();

    /**
     * Closes for good, waiting for a callback running on another thread to return, so that none runs once this
     * returns; from inside any source's callback it never waits.
     */
    void close();
}
