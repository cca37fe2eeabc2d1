package dev.herald.client;

import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;

/**
 * Receives what an {@link EventSource} reads and what happens to its connection. Every method does nothing by
 * default.
 *
 * <p>Calls are made one at a time, in order, on the source's executor; never two at once. An exception thrown here
 * is logged and otherwise ignored. Any method may call {@link EventSource#close()}: no event is delivered after
 * that, and {@link #onClosed} follows.
 */
public interface EventSourceListener {

    /** The server answered with an event stream; {@code response} holds its status and headers. */
    default void onOpen(EventSource source, HttpResponse.ResponseInfo response) {
    }

    /** An event arrived. */
    default void onEvent(EventSource source, MessageEvent event) {
    }

    /** A comment line arrived; {@code comment} is everything after its colon. Servers use these as heartbeats. */
    default void onComment(EventSource source, String comment) {
    }

    /**
     * The connection was lost or failed. When {@link EventSource#state()} is {@link ReadyState#CONNECTING} the
     * source reconnects after its reconnection time; when it is {@link ReadyState#CLOSED} it has given up and
     * {@link #onClosed} follows. A clean end of the response body is reported as a {@link java.io.EOFException},
     * a timeout as a {@link java.net.http.HttpTimeoutException}, a refused response as an
     * {@link EventSourceException}.
     */
    default void onError(EventSource source, Throwable error) {
    }

    /** The source is closed for good; this is the last call. */
    default void onClosed(EventSource source) {
    }
}
