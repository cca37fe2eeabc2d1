package dev.herald.hub.internal;

import dev.herald.hub.Update;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's stream: what it selected, what it may see, and where it is in the log. Touched only on its
 * channel's event loop, so it needs no locks.
 */
final class Subscriber {

    final Subscription subscription;
    final Channel channel;
    /** HTTP/2 streams take events as content objects; HTTP/1.1 connections take pre-framed chunks. */
    private final boolean http2;
    /** Closes the connection as too slow; runs as a later task, never inside a dispatch walk. */
    private final Runnable onSlow;

    /** The log position of the newest update accepted for this subscriber, written or held. */
    private long lastPosition;
    /** While a replay runs, live updates wait here so that none is lost or sent twice at the switch. */
    private List<EncodedUpdate> held;
    private boolean dirty;
    /** The hub ended this stream (too slow, shutting down, failed): write nothing more. */
    private boolean endedByHub;

    Subscriber(Subscription subscription, Channel channel, boolean http2, Runnable onSlow) {
        this.subscription = subscription;
        this.channel = channel;
        this.http2 = http2;
        this.onSlow = onSlow;
    }

    /** Holds live updates until {@link #endReplay(long)}. */
    void beginReplay() {
        held = new ArrayList<>();
    }

    /** Writes an update read from history. */
    void replayed(EncodedUpdate update) {
        write(update);
    }

    /** Ends a replay whose reading saw the log up to {@code headPosition}: what it covered is not sent again. */
    void endReplay(long headPosition) {
        List<EncodedUpdate> waiting = held;
        held = null;
        lastPosition = Math.max(lastPosition, headPosition);
        if (waiting != null) {
            for (EncodedUpdate update : waiting) {
                if (update.position > headPosition) {
                    write(update);
                }
                update.release();
            }
        }
    }

    /**
     * Takes a live update that matched one of the subscriber's selectors; returns whether it was written. An update
     * matching several selectors arrives several times and is taken once.
     */
    boolean deliver(EncodedUpdate update) {
        if (update.position <= lastPosition || !subscription.mayReceive(update.update)) {
            return false;
        }
        lastPosition = update.position;
        if (held != null) {
            held.add((EncodedUpdate) update.retain());
            return false;
        }
        return write(update);
    }

    /** Writes the stream's opening comment and flushes it with the response head, replaying or not. */
    void open(EncodedUpdate opening) {
        write(opening);
        flushIfDirty();
    }

    /** Writes a heartbeat or another comment, unless the subscriber is replaying. */
    void writeComment(EncodedUpdate comment) {
        if (held == null) {
            write(comment);
        }
    }

    private boolean write(EncodedUpdate update) {
        if (endedByHub) {
            return false;
        }
        if (!channel.isWritable()) {
            // Past the outbound bound: the subscriber reads too slowly. It resumes from history when it returns.
            endedByHub = true;
            channel.eventLoop().execute(onSlow);
            return false;
        }
        ByteBuf bytes = http2 ? update.eventForOneWrite() : update.chunkForOneWrite();
        channel.write(http2 ? new DefaultHttpContent(bytes) : bytes, channel.voidPromise());
        dirty = true;
        return true;
    }

    boolean isDirty() {
        return dirty;
    }

    /** Flushes what was written since the last flush; returns whether there was anything. */
    boolean flushIfDirty() {
        if (!dirty) {
            return false;
        }
        dirty = false;
        channel.flush();
        return true;
    }

    /** Marks the stream as ended by the hub: nothing more is written to it. */
    void shutDown() {
        endedByHub = true;
    }

    boolean endedByHub() {
        return endedByHub;
    }

    /** Releases held updates when the connection ends. */
    void discard() {
        if (held != null) {
            held.forEach(EncodedUpdate::release);
            held = null;
        }
    }

    boolean mayReceive(Update update) {
        return subscription.mayReceive(update);
    }
}
