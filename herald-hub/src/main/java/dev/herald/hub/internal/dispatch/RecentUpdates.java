package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Update;
import io.netty.buffer.ByteBufAllocator;

/**
 * The updates one event loop dispatched last, so that replays encode each of them once for the loop rather than once
 * per subscriber: after a restart or a network blip every subscriber reconnects asking for the same few recent
 * updates. The encoding is the loop's own, made on the first replay that needs it, not the buffer shared with the
 * other loops for live delivery: a storm's replays then write from memory no other core is touching. Bounded by count
 * and by the bytes encoded; touched only on its loop.
 */
final class RecentUpdates {

    static final int MAX_UPDATES = 256;
    static final long MAX_BYTES = 1024 * 1024;

    /** One recent update, and this loop's encoding of it once a replay asked for it. */
    private static final class Entry {
        final long position;
        final Update update;
        EncodedUpdate encoded;

        Entry(long position, Update update) {
            this.position = position;
            this.update = update;
        }
    }

    /** In log order, oldest at {@link #first}. */
    private final Entry[] ring = new Entry[MAX_UPDATES];
    private int first;
    private int size;
    /** The bytes of the encodings held. */
    private long bytes;

    /** Remembers an update this loop has just dispatched. */
    void keep(long position, Update update) {
        if (size == MAX_UPDATES) {
            dropOldest();
        }
        ring[(first + size) % MAX_UPDATES] = new Entry(position, update);
        size++;
    }

    /** The update at {@code replayed}'s position, encoded once for this loop, or encoded now; the caller owns it. */
    EncodedUpdate encoded(Replayed replayed, ByteBufAllocator allocator) {
        Entry entry = find(replayed.position());
        // The same update, not only the same position: a cluster's log may, rarely, give two entries one position.
        if (entry == null || (entry.update != replayed.update() && !entry.update.equals(replayed.update()))) {
            return EncodedUpdate.encode(replayed.position(), replayed.update(), allocator);
        }
        if (entry.encoded == null) {
            EncodedUpdate encoded = EncodedUpdate.encode(entry.position, entry.update, allocator);
            if (bytes + encoded.eventLength() > MAX_BYTES) {
                return encoded; // too much held already: this one is the caller's alone
            }
            entry.encoded = encoded;
            bytes += encoded.eventLength();
        }
        return (EncodedUpdate) entry.encoded.retain();
    }

    /** Releases every encoding held. */
    void clear() {
        while (size > 0) {
            dropOldest();
        }
    }

    private Entry find(long position) {
        // Positions increase along the ring: a binary search.
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Entry entry = ring[(first + middle) % MAX_UPDATES];
            if (entry.position < position) {
                low = middle + 1;
            } else if (entry.position > position) {
                high = middle - 1;
            } else {
                return entry;
            }
        }
        return null;
    }

    private void dropOldest() {
        Entry oldest = ring[first];
        ring[first] = null;
        first = (first + 1) % MAX_UPDATES;
        size--;
        if (oldest.encoded != null) {
            bytes -= oldest.encoded.eventLength();
            oldest.encoded.release();
        }
    }
}
