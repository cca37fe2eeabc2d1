package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Update;
import dev.herald.hub.internal.topic.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's stream: what it selected, what it may see, and where it is in the log. Touched only on its
 * channel's event loop, so it needs no locks.
 */
public final class Subscriber {

    public final Subscription subscription;
    public final Channel channel;
    /** HTTP/2 streams take events as content objects; HTTP/1.1 connections take pre-framed chunks. */
    private final boolean http2;
    /** Closes the connection as too slow; runs as a later task, never inside a dispatch walk. */
    private final Runnable onSlow;

    /** The log position of the newest update accepted for this subscriber, written or held. */
    private long lastPosition;
    /** While a replay runs, live updates wait here so that none is lost or sent twice at the switch. */
    private List<EncodedUpdate> held;
    private long heldBytes;
    /** Held live updates beyond this many bytes mean the subscriber cannot keep up: it is cut off. */
    private final long maxHeldBytes;
    /** History being replayed, written as the subscriber reads it; entries already written are null. */
    private List<EncodedUpdate> backlog;
    private int backlogNext;
    private long backlogHead;
    private boolean dirty;
    /** The hub ended this stream (too slow, shutting down, failed): write nothing more. */
    private boolean endedByHub;

    public Subscriber(Subscription subscription, Channel channel, boolean http2, long maxHeldBytes, Runnable onSlow) {
        this.subscription = subscription;
        this.maxHeldBytes = maxHeldBytes;
        this.channel = channel;
        this.http2 = http2;
        this.onSlow = onSlow;
    }

    /** Holds live updates until the replay that follows has been written. */
    public void beginReplay() {
        held = new ArrayList<>();
    }

    /**
     * Writes {@code history} (updates read from the log up to {@code headPosition}), as fast as the subscriber
     * reads: writing pauses while the connection is not writable and resumes on {@link #resumeReplay()}. Once all
     * is written, the held live updates the history did not cover follow. Takes the references in the list.
     */
    public void replay(List<EncodedUpdate> history, long headPosition) {
        backlog = history;
        backlogHead = headPosition;
        resumeReplay();
    }

    /** Continues a paused replay; called when the connection becomes writable again. */
    public void resumeReplay() {
        if (backlog == null) {
            return;
        }
        while (backlogNext < backlog.size()) {
            if (!channel.isWritable()) {
                flushIfDirty(); // the rest waits until the subscriber has read this
                return;
            }
            EncodedUpdate update = backlog.get(backlogNext);
            backlog.set(backlogNext++, null);
            writeNow(update);
            update.release();
        }
        backlog = null;
        endReplay(backlogHead);
        flushIfDirty();
    }

    /** Ends a replay whose reading saw the log up to {@code headPosition}: what it covered is not sent again. */
    private void endReplay(long headPosition) {
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
    public boolean deliver(EncodedUpdate update) {
        if (update.position <= lastPosition || !subscription.receives(update.update)) {
            return false;
        }
        lastPosition = update.position;
        if (held != null) {
            heldBytes += update.eventLength();
            if (heldBytes > maxHeldBytes) {
                // Live updates pile up faster than the replay drains: cut off, as for any slow subscriber.
                cutOff();
                return false;
            }
            held.add((EncodedUpdate) update.retain());
            return false;
        }
        return write(update);
    }

    /** Writes the stream's opening comment and flushes it with the response head, replaying or not. */
    public void open(EncodedUpdate opening) {
        write(opening);
        flushIfDirty();
    }

    /** Writes a heartbeat or another comment, unless the subscriber is replaying. */
    public void writeComment(EncodedUpdate comment) {
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
            cutOff();
            return false;
        }
        writeNow(update);
        return true;
    }

    private void cutOff() {
        endedByHub = true;
        channel.eventLoop().execute(onSlow);
    }

    private void writeNow(EncodedUpdate update) {
        if (endedByHub) {
            return;
        }
        ByteBuf bytes = http2 ? update.eventForOneWrite() : update.chunkForOneWrite();
        channel.write(http2 ? new DefaultHttpContent(bytes) : bytes, channel.voidPromise());
        dirty = true;
    }

    public boolean isDirty() {
        return dirty;
    }

    /** Flushes what was written since the last flush; returns whether there was anything. */
    public boolean flushIfDirty() {
        if (!dirty) {
            return false;
        }
        dirty = false;
        channel.flush();
        return true;
    }

    /** Marks the stream as ended by the hub: nothing more is written to it. */
    public void shutDown() {
        endedByHub = true;
    }

    public boolean endedByHub() {
        return endedByHub;
    }

    /** Releases held and unsent replayed updates when the connection ends. */
    public void discard() {
        if (held != null) {
            held.forEach(EncodedUpdate::release);
            held = null;
        }
        if (backlog != null) {
            for (int i = backlogNext; i < backlog.size(); i++) {
                backlog.get(i).release();
            }
            backlog = null;
        }
    }
}
