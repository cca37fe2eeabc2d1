package dev.herald.hub.internal.dispatch;

import java.util.Locale;

/** Why a subscriber's stream ended: counted once per stream, under {@link #tag()}, by {@link Stream#end}. */
public enum EndReason {
    /** The client closed the connection, or it broke. */
    CLIENT(false),
    /** The subscriber read too slowly: its unread bytes passed the hub's bound. Closed at once. */
    SLOW(false),
    /** The hub is shutting down. The stream ends cleanly. */
    SHUTDOWN(true),
    /**
     * The hub is draining before it stops: the stream ends cleanly at its turn, after a {@code retry:} hint, so its
     * client reconnects to another node with its Last-Event-ID while the others' reconnections are spread in time.
     */
    DRAIN(true),
    /** The token the stream was opened with expired (Mercure 1.0 asks for it). The stream ends cleanly. */
    EXPIRED(true),
    /** A fault of the hub's on this connection. Closed at once. */
    ERROR(false),
    /**
     * The history a resuming subscriber asked for could not be read: answered 503 with Retry-After, or, when a page
     * of it had been sent already, ended cleanly, so the client resumes from what it got. Counted with {@link #ERROR}.
     */
    HISTORY_UNAVAILABLE(true);

    private final boolean endsCleanly;

    EndReason(boolean endsCleanly) {
        this.endsCleanly = endsCleanly;
    }

    /**
     * Whether the connection ends with the response's end ({@link StreamSink#end()}, which a client reads as a clean
     * end and reconnects from), rather than at once ({@link StreamSink#close()}).
     */
    public boolean endsCleanly() {
        return endsCleanly;
    }

    /** The reason as the {@code herald.disconnects} meter tags it. */
    public String tag() {
        return (this == HISTORY_UNAVAILABLE ? ERROR : this).name().toLowerCase(Locale.ROOT);
    }
}
