package dev.herald.hub.internal.dispatch;

import dev.herald.hub.internal.topic.Subscription;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What one stream has been sent: its phase ({@link StreamPhase}), where it is in the log, the switch from replay to
 * live delivery, and whether its connection has writes to flush. Touched only on its stream's event loop, so it needs
 * no locks; writes go to its {@link StreamSink}. Its life (open, end) belongs to its {@link Stream}, which moves it
 * from phase to phase; the subscriber itself only ever cuts itself off.
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
    private StreamPhase phase = StreamPhase.OPENING;
    /** The replay's state while the phase is {@link StreamPhase#REPLAYING}: live updates wait in it meanwhile. */
    private Backlog backlog;
    private boolean dirty;
    /** Its place in its loop's list of every subscriber; -1 while not indexed ({@link SubscriberIndex}). */
    int allSlot = -1;
    /** Its place in the index's list of each of its selectors, in the order of its selectors. */
    int[] slots;

    Subscriber(Subscription subscription, StreamSink sink, Executor loop, Runnable onSlow) {
        this.subscription = subscription;
        this.sink = sink;
        this.loop = loop;
        this.onSlow = onSlow;
    }

    /** The stream's phase. */
    StreamPhase phase() {
        return phase;
    }

    /**
     * Moves the stream to its next phase: the one place a phase changes. Leaving {@link StreamPhase#REPLAYING} for
     * an end releases what the replay held.
     *
     * @throws IllegalStateException if the stream may not move there from where it is
     */
    void moveTo(StreamPhase next) {
        if (!phase.mayMoveTo(next)) {
            throw new IllegalStateException("a stream " + phase + " cannot become " + next);
        }
        if (phase == StreamPhase.REPLAYING && next != StreamPhase.LIVE) {
            backlog.release();
            backlog = null;
        }
        phase = next;
    }

    /**
     * Begins a replay: live updates are held until the history that follows has been written; held updates beyond
     * {@code maxHeldBytes} mean the subscriber cannot keep up, and it is cut off.
     */
    void beginReplay(long maxHeldBytes) {
        backlog = new Backlog(maxHeldBytes);
        moveTo(StreamPhase.REPLAYING);
    }

    /**
     * Writes {@code opening}, then {@code history} (the first page of the updates read from the log up to
     * {@code headPosition}), as fast as the subscriber reads: writing pauses while the sink is not writable and
     * resumes on {@link #resumeReplay()}. Each entry is encoded by {@code encoding} only when its turn comes, so a
     * long replay to a slow reader holds no bytes beyond what the connection has taken. Once a page is written,
     * {@code nextPage} (null on the last page) reads the next, which arrives through {@link #continueReplay}; once
     * the last is written, the held live updates the history did not cover follow. The response head, the opening
     * and as much history as fits go out in one flush, one send rather than one for the head and another for the rest.
     */
    void replay(EncodedUpdate opening, List<Replayed> history, long headPosition,
            Function<Replayed, EncodedUpdate> encoding, Runnable nextPage) {
        if (phase != StreamPhase.REPLAYING) {
            return; // the stream stopped meanwhile
        }
        writeNow(opening);
        backlog.encoding = encoding;
        backlog.headPosition = headPosition;
        continueReplay(history, nextPage);
    }

    /** Writes the next page of a replay, {@code nextPage} reading the one after (null if this is the last). */
    void continueReplay(List<Replayed> page, Runnable nextPage) {
        if (phase != StreamPhase.REPLAYING) {
            return; // the stream stopped meanwhile
        }
        Backlog replaying = backlog;
        replaying.history = page;
        replaying.next = 0;
        replaying.nextPage = nextPage;
        replaying.awaitingPage = false;
        resumeReplay();
    }

    /** Continues a paused replay; called when the connection becomes writable again. */
    void resumeReplay() {
        if (phase != StreamPhase.REPLAYING || backlog.history == null || backlog.awaitingPage) {
            return; // not replaying, or its history (or next page) not read yet
        }
        Backlog replaying = backlog;
        List<Replayed> history = replaying.history;
        while (replaying.next < history.size()) {
            if (!sink.isWritable()) {
                // The rest waits until the subscriber has read this, unless the flush itself made room: a
                // front-end whose output took every byte at once owes no later call to resume.
                flushIfDirty();
                if (!sink.isWritable() || phase != StreamPhase.REPLAYING) {
                    return;
                }
            }
            Replayed entry = history.get(replaying.next);
            history.set(replaying.next++, null);
            EncodedUpdate update = replaying.encoding.apply(entry);
            writeNow(update);
            update.release();
            if (phase != StreamPhase.REPLAYING) {
                return; // the stream ended while this was written
            }
        }
        if (replaying.nextPage != null) {
            Runnable read = replaying.nextPage;
            replaying.nextPage = null;
            replaying.awaitingPage = true;
            flushIfDirty();
            read.run();
            return;
        }
        endReplay(replaying);
        flushIfDirty();
    }

    /** Ends a replay whose history has been written: held updates it covered are not sent again. */
    private void endReplay(Backlog done) {
        backlog = null;
        moveTo(StreamPhase.LIVE);
        lastPosition = Math.max(lastPosition, done.headPosition);
        for (EncodedUpdate update : done.held) {
            if (update.position > done.headPosition) {
                write(update);
            }
            update.release();
        }
    }

    /**
     * Takes a live update that one of the subscriber's selectors may select (the topic index found it); returns
     * whether it was written. An update matching several selectors arrives several times and is taken once.
     */
    boolean deliver(EncodedUpdate update) {
        if (!phase.writes() || update.position <= lastPosition || !subscription.receives(update.update)) {
            return false;
        }
        lastPosition = update.position;
        if (phase == StreamPhase.REPLAYING) {
            if (!backlog.hold(update)) {
                // Live updates pile up faster than the replay drains: cut off, as for any slow subscriber.
                cutOff();
            }
            return false;
        }
        return write(update);
    }

    /** Goes live with the stream's opening comment, flushed with the response head. */
    void start(EncodedUpdate opening) {
        moveTo(StreamPhase.LIVE);
        write(opening);
        flushIfDirty();
    }

    /** Writes a heartbeat or another comment to a live stream. */
    void writeComment(EncodedUpdate comment) {
        if (phase == StreamPhase.LIVE) {
            write(comment);
        }
    }

    private boolean write(EncodedUpdate update) {
        if (!phase.writes()) {
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
        moveTo(StreamPhase.ENDING);
        loop.execute(onSlow);
    }

    private void writeNow(EncodedUpdate update) {
        if (!phase.writes()) {
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

}
