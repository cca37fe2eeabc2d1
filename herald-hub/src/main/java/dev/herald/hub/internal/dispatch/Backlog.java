package dev.herald.hub.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A subscriber's replay while it runs: the history still to be written, and the live updates held meanwhile so
 * that none is lost or sent twice at the switch. A {@link Subscriber} has one only while it replays, so that an idle
 * subscriber does not carry these fields.
 */
final class Backlog {

    /** Live updates that arrived during the replay, in order, each with its own reference. */
    final List<EncodedUpdate> held = new ArrayList<>();
    /** The bytes of {@link #held}; past {@link #maxHeldBytes} the subscriber cannot keep up and is cut off. */
    long heldBytes;
    final long maxHeldBytes;
    /** History read from the log (null until read), written as the subscriber reads it; written entries are null. */
    List<Replayed> history;
    /** Encodes a history entry when its turn comes (or takes it already encoded); the caller owns the result. */
    Function<Replayed, EncodedUpdate> encoding;
    int next;
    /** The log position the history was read up to: held updates at or below it are in the history already. */
    long headPosition;
    /** Reads the next page of history once this one is written; null on the last page. */
    Runnable nextPage;
    /** The next page is being read: the replay waits for it, whatever the connection's writability. */
    boolean awaitingPage;

    Backlog(long maxHeldBytes) {
        this.maxHeldBytes = maxHeldBytes;
    }

    /** Holds a live update; returns false, holding nothing, when that passes the bound. */
    boolean hold(EncodedUpdate update) {
        heldBytes += update.eventLength();
        if (heldBytes > maxHeldBytes) {
            return false;
        }
        held.add((EncodedUpdate) update.retain());
        return true;
    }

    /** Releases every update still held, and drops the history not yet written. */
    void release() {
        held.forEach(EncodedUpdate::release);
        held.clear();
        history = null;
        nextPage = null;
    }
}
