package dev.herald.hub.internal.dispatch;

import io.netty.buffer.ByteBufAllocator;

/**
 * The updates one event loop dispatched last, kept encoded, so that replays take them rather than encoding them again:
 * after a restart or a network blip every subscriber reconnects asking for the same few recent updates, and each is
 * then encoded once for all of them, as live updates are. Bounded by count and bytes; touched only on its loop.
 */
final class RecentUpdates {

    static final int MAX_UPDATES = 256;
    static final long MAX_BYTES = 1024 * 1024;

    /** In log order, oldest at {@link #first}; each holds a reference of its own. */
    private final EncodedUpdate[] ring = new EncodedUpdate[MAX_UPDATES];
    private int first;
    private int size;
    private long bytes;

    /** Keeps {@code update}, which has just been dispatched, taking over the caller's reference. */
    void keep(EncodedUpdate update) {
        if (size == MAX_UPDATES) {
            dropOldest();
        }
        ring[(first + size) % MAX_UPDATES] = update;
        size++;
        bytes += update.eventLength();
        while (bytes > MAX_BYTES && size > 0) {
            dropOldest(); // an update larger than the bound alone is not kept at all
        }
    }

    /** The update at {@code replayed}'s position, encoded once for all: kept, or encoded now; the caller owns it. */
    EncodedUpdate encoded(Replayed replayed, ByteBufAllocator allocator) {
        EncodedUpdate kept = find(replayed.position());
        // The same update, not only the same position: a cluster's log may, rarely, give two entries one position.
        if (kept != null && (kept.update == replayed.update() || kept.update.equals(replayed.update()))) {
            return (EncodedUpdate) kept.retain();
        }
        return EncodedUpdate.encode(replayed.position(), replayed.update(), allocator);
    }

    /** Releases everything kept. */
    void clear() {
        while (size > 0) {
            dropOldest();
        }
    }

    private EncodedUpdate find(long position) {
        // Positions increase along the ring: a binary search.
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            EncodedUpdate update = ring[(first + middle) % MAX_UPDATES];
            if (update.position < position) {
                low = middle + 1;
            } else if (update.position > position) {
                high = middle - 1;
            } else {
                return update;
            }
        }
        return null;
    }

    private void dropOldest() {
        EncodedUpdate oldest = ring[first];
        ring[first] = null;
        first = (first + 1) % MAX_UPDATES;
        size--;
        bytes -= oldest.eventLength();
        oldest.release();
    }
}
