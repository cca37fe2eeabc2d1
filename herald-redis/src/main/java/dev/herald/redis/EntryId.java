package dev.herald.redis;

/**
 * A Redis stream entry id, {@code <ms>-<seq>}, and the hub log position derived from it.
 *
 * <p>The position is {@code ms << 20 | seq}: 43 bits of milliseconds (enough until the year 2248) and 20 bits of
 * sequence. Redis ids increase along a stream, and so do these positions, as long as the sequence within one
 * millisecond stays below 2<sup>20</sup>; the append script guarantees that for every entry it writes (see
 * {@code append.lua}). An entry written by someone else with a larger sequence shares the position of its
 * millisecond's last representable one, and the hub may then skip it.
 *
 * @param ms the millisecond part
 * @param seq the sequence part
 */
record EntryId(long ms, long seq) implements Comparable<EntryId> {

    /** Bits of the position given to the sequence. */
    static final int SEQ_BITS = 20;
    /** The largest sequence a position represents exactly. */
    static final long MAX_SEQ = (1L << SEQ_BITS) - 1;
    /** The largest millisecond a position represents (2<sup>43</sup> - 1: the year 2248). */
    static final long MAX_MS = (1L << (63 - SEQ_BITS)) - 1;
    /** The id before every entry: where an empty stream's head is. */
    static final EntryId ZERO = new EntryId(0, 0);

    /** Checks the parts. */
    EntryId {
        if (ms < 0 || seq < 0) {
            throw new IllegalArgumentException("negative stream entry id: " + ms + "-" + seq);
        }
    }

    /** Parses {@code <ms>-<seq>} as Redis writes it. */
    static EntryId parse(String id) {
        int dash = id.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a stream entry id: " + id);
        }
        try {
            return new EntryId(Long.parseUnsignedLong(id, 0, dash, 10),
                    Long.parseUnsignedLong(id, dash + 1, id.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream entry id: " + id, e);
        }
    }

    /** The entry at hub log position {@code position} (for an entry the append script wrote, exactly its id). */
    static EntryId atPosition(long position) {
        return new EntryId(position >>> SEQ_BITS, position & MAX_SEQ);
    }

    /** The hub log position of this entry. */
    long position() {
        if (ms > MAX_MS) {
            throw new IllegalStateException("stream entry id beyond the year 2248: " + this);
        }
        return ms << SEQ_BITS | Math.min(seq, MAX_SEQ);
    }

    /** Whether this id comes before {@code other} in a stream. */
    boolean isBefore(EntryId other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(EntryId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    /** The id as Redis writes it. */
    @Override
    public String toString() {
        return ms + "-" + seq;
    }
}
