package dev.herald.hub.internal.dispatch;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's open streams, in one place: the meters read their number and queued bytes, the subscriptions API
 * lists them as the active subscriptions, and shutdown ends them. A stream enters in {@link Stream#open} and leaves
 * in {@link Stream#end}; the listener hears of both (the end only while the hub is not shutting down).
 */
public final class StreamRegistry {

    /** Hears of streams opening and ending: the subscription events. */
    public interface Listener {

        /** {@code stream} opened. */
        void opened(Stream stream);

        /** {@code stream} ended (not called while the hub shuts down). */
        void ended(Stream stream);
    }

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final Collection<Stream> view = Collections.unmodifiableCollection(open);
    private final Listener listener;
    private volatile boolean shuttingDown;

    /** An empty registry that tells {@code listener} of every stream that opens and ends. */
    public StreamRegistry(Listener listener) {
        this.listener = listener;
    }

    void add(Stream stream) {
        open.add(stream);
        listener.opened(stream);
    }

    void remove(Stream stream) {
        if (open.remove(stream) && !shuttingDown) {
            listener.ended(stream);
        }
    }

    /** The open streams, a live view safe to read from any thread. */
    public Collection<Stream> streams() {
        return view;
    }

    /** How many streams are open. */
    public int size() {
        return open.size();
    }

    /** Bytes written to subscribers and not yet taken by the network, over every open stream. */
    public long queuedBytes() {
        long total = 0;
        for (Stream stream : open) {
            total += stream.pendingBytes();
        }
        return total;
    }

    /**
     * Marks the hub as shutting down, from now on: stream ends are no longer announced. Returns false when it
     * already was.
     */
    public synchronized boolean beginShutdown() {
        if (shuttingDown) {
            return false;
        }
        shuttingDown = true;
        return true;
    }

    /** Whether the hub is shutting down. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** Ends every open stream for {@code reason}, each on its own loop. */
    public void endAll(EndReason reason) {
        for (Stream stream : open) {
            stream.endLater(reason);
        }
    }
}
