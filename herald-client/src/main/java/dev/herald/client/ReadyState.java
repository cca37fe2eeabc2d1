package dev.herald.client;

/** The state of an {@link EventSource}, as a browser's {@code EventSource.readyState}. */
public enum ReadyState {

    /** Connecting, or waiting to reconnect after the connection was lost. */
    CONNECTING,

    /** Connected: the server answered with an event stream, and events are being read. */
    OPEN,

    /** Closed for good: by {@link EventSource#close()}, by a 204 response, or by a failure that retrying cannot fix. */
    CLOSED
}
