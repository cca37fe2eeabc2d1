package dev.herald.hub.internal.dispatch;

/** What the dispatch core counts; the hub's meters implement it. Called on event loops, never per subscriber write. */
public interface DispatchMetrics {

    /** {@code count} updates were written to subscribers in one batch. */
    void delivered(long count);

    /** One update was handed to every subscriber of a loop, {@code nanos} after the hub took it. */
    void dispatched(long nanos);

    /** A stream ended for {@code reason}; once per stream. */
    void ended(EndReason reason);
}
