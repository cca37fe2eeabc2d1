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

    // One ring in three arrays, in log order, oldest at first: what each slot holds, and this loop's encoding of it
    // once a replay asked for it. Arrays rather than an object per slot: keep runs for every update dispatched.
    private final long[] positions = new long[MAX_UPDATES];
    private final Update[] updates = new Update[MAX_UPDATES];
    private final EncodedUpdate[] encodings = new EncodedUpdate[MAX_UPDATES];
    private int first;
    private int size;
    /** The bytes of the encodings held. */
    private long bytes;

    /** Remembers an update this loop has just dispatched. */
    void keep(long position, Update update) {
        if (size == MAX_UPDATES) {
            dropOldest();
        }
        int slot = (first + size) % MAX_UPDATES;
        positions[slot] = position;
        updates[slot] = update;
        size++;
    }

    /** The update at {@code replayed}'s position, encoded once for this loop, or encoded now; the caller owns it. */
    EncodedUpdate encoded(Replayed replayed, ByteBufAllocator allocator) {
        int slot = find(replayed.position());
        // The same update, not only the same position: a cluster's log may, rarely, give two entries one position.
        if (slot < 0 || (updates[slot] != replayed.update() && !updates[slot].equals(replayed.update()))) {
            return EncodedUpdate.encode(replayed.position(), replayed.update(), allocator);
        }
        if (encodings[slot] == null) {
            EncodedUpdate encoded = EncodedUpdate.encode(positions[slot], updates[slot], allocator);
            if (bytes + encoded.eventLength() > MAX_BYTES) {
                return encoded; // too much held already: this one is the caller's alone
            }
            encodings[slot] = encoded;
            bytes += encoded.eventLength();
        }
        return (EncodedUpdate) encodings[slot].retain();
    }

    /** Releases every encoding held. */
    void clear() {
        while (size > 0) {
            dropOldest();
        }
    }

    /** The slot holding {@code position}, or -1. */
    private int find(long position) {
        // Positions increase along the ring: a binary search.
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int slot = (first + middle) % MAX_UPDATES;
            if (positions[slot] < position) {
                low = middle + 1;
            } else if (positions[slot] > position) {
                high = middle - 1;
            } else {
                return slot;
            }
        }
        return -1;
    }

    private void dropOldest() {
        EncodedUpdate encoded = encodings[first];
        if (encoded != null) {
            bytes -= encoded.eventLength();
            encoded.release();
            encodings[first] = null;
        }
        updates[first] = null;
        first = (first + 1) % MAX_UPDATES;
        size--;
    }
}
