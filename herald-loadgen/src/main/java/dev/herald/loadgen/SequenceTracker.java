package dev.herald.loadgen;

import java.util.BitSet;

/**
 * What one subscriber received on its topic, by sequence number: deliveries, duplicates and reorderings as they
 * happen, and at the end which of the published events never came. Used from the subscriber's event loop only.
 */
public final class SequenceTracker {

    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long delivered;
    private long duplicated;
    private long reordered;

    /** Records an arrival; true when it is the first of that sequence number (a delivery), false for a duplicate. */
    public boolean record(long sequence) {
        if (sequence < 0 || sequence > Integer.MAX_VALUE) {
            return false;
        }
        int index = (int) sequence;
        if (seen.get(index)) {
            duplicated++;
            return false;
        }
        seen.set(index);
        delivered++;
        // An event older than one already delivered overtook nothing: it was overtaken, so the stream is out of order.
        if (sequence < highest) {
            reordered++;
        } else {
            highest = sequence;
        }
        return true;
    }

    /** Distinct events received. */
    public long delivered() {
        return delivered;
    }

    /** Arrivals of an event already received. */
    public long duplicated() {
        return duplicated;
    }

    /** Events that arrived after one with a higher sequence number. */
    public long reordered() {
        return reordered;
    }

    /** How many of the {@code published} sequence numbers never arrived. */
    public long missing(BitSet published) {
        BitSet absent = (BitSet) published.clone();
        absent.andNot(seen);
        return absent.cardinality();
    }
}
