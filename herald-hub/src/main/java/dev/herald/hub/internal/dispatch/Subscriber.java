package dev.herald.hub.internal.dispatch;

import dev.herald.hub.internal.topic.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What one stream has been sent: where it is in the log, the switch from replay to live delivery, and whether its
 * connection has writes to flush. Touched only on its stream's event loop, so it needs no locks; writes go to its
 * {@link StreamSink}. Its life (open, end) belongs to its {@link Stream}.
 */
final class Subscriber {

    final Subscription subscription;
    private final StreamSink sink;
    /** The stream's event loop, where {@link #onSlow} runs. */
    private final Executor loop;
    /** Ends the stream as too slow; runs as a later task on the loop, never inside a dispatch walk. */
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
    /** The stream is ending or ended (cut off, shut down, expired, closed): write nothing more. */
    private boolean stopped;

    Subscriber(Subscription subscription, StreamSink sink, Executor loop, long maxHeldBytes, Runnable onSlow) {
        this.subscription = subscription;
        this.sink = sink;
        this.loop = loop;
        this.maxHeldBytes = maxHeldBytes;
        this.onSlow = onSlow;
    }

    /** Holds live updates until the replay that follows has been written. */
    void beginReplay() {
        held = new ArrayList<>();
    }

    /**
     * Writes {@code history} (updates read from the log up to {@code headPosition}), as fast as the subscriber
     * reads: writing pauses while the sink is not writable and resumes on {@link #resumeReplay()}. Once all is
     * written, the held live updates the history did not cover follow. Takes the references in the list.
     */
    void replay(List<EncodedUpdate> history, long headPosition) {
        backlog = history;
        backlogHead = headPosition;
        resumeReplay();
    }

    /** Continues a paused replay; called when the connection becomes writable again. */
    void resumeReplay() {
        while (backlog != null && backlogNext < backlog.size()) {
            if (!sink.isWritable()) {
                flushIfDirty(); // the rest waits until the subscriber has read this
                return;
            }
            EncodedUpdate update = backlog.get(backlogNext);
            backlog.set(backlogNext++, null);
            writeNow(update);
            update.release();
        }
        if (backlog == null) {
            return; // not replaying, or the stream ended while this was written
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
     * Takes a live update that one of the subscriber's selectors may select (the topic index found it); returns
     * whether it was written. An update matching several selectors arrives several times and is taken once.
     */
    boolean deliver(EncodedUpdate update) {
        if (stopped || update.position <= lastPosition || !subscription.receives(update.update)) {
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
        if (stopped) {
            return false;
        }
        if (!sink.isWritable()) {
            // Past the outbound bound: the subscriber reads too slowly. It resumes from history when it returns.
            cutOff();
            return false;
        }
        writeNow(update);
        return true;
    }

    private void cutOff() {
        stopped = true;
        loop.execute(onSlow);
    }

    private void writeNow(EncodedUpdate update) {
        if (stopped) {
            return;
        }
        sink.write(update);
        dirty = true;
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
        sink.flush();
        return true;
    }

    /** Writes nothing more, and releases held and unsent replayed updates: the stream ends. */
    void stop() {
        stopped = true;
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
