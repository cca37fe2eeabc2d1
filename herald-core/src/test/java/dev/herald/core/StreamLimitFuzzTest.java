package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;

/**
 * Fuzzes the parser's limit. A stream is a fuzzed piece repeated, so it can be far longer than the limit, fed in
 * fuzzed chunks. The parser must throw {@link StreamLimitException} exactly when a line, or an event's data, is
 * over the limit, and in the very chunk that carries the byte putting it over: it never holds more of a line or an
 * event than the limit, however long the stream. Whatever it allocates meanwhile is bounded by what it is fed and
 * by the limit, never by the stream's content (no length read from the stream sizes a buffer).
 */
class StreamLimitFuzzTest {

    private static final int MAX_STREAM = 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "60s")
    void limitsHoldOnAnyStream(FuzzedDataProvider input) {
        int limit = input.consumeInt(1, 4096);
        int chunk = input.consumeInt(1, 8192);
        int repeats = input.consumeInt(1, 4096);
        byte[] stream = repeat(input.consumeRemainingAsBytes(), repeats);
        long overAt = StreamLimitModel.firstByteOverLimit(stream, limit);

        // Parsed twice: the first run loads whatever classes its paths need (loading allocates), the second is measured.
        long[] firstRun = parse(stream, chunk, limit);
        long[] secondRun = parse(stream, chunk, limit);
        assertThat(secondRun[0]).isEqualTo(firstRun[0]);
        long limitMetAt = firstRun[0];
        if (overAt < 0) {
            assertThat(limitMetAt).as("the stream never goes over the limit, yet the parser refused it").isEqualTo(-1);
        } else {
            assertThat(limitMetAt).as("the stream goes over the limit at byte %d, yet the parser took it all", overAt)
                    .isNotEqualTo(-1);
            assertThat(overAt).as("the limit must be met in the chunk that goes over it, not later nor earlier")
                    .isBetween(limitMetAt, limitMetAt + chunk - 1);
        }
        assertThat(secondRun[1]).as("bytes allocated to parse %d bytes with a limit of %d", stream.length, limit)
                .isLessThanOrEqualTo(64L * stream.length + 16L * limit + (1 << 20));
    }

    /**
     * Feeds {@code stream} in chunks to a parser that keeps nothing it reports: returns where the chunk that met the
     * limit started (-1: none did) and the bytes allocated meanwhile.
     */
    private static long[] parse(byte[] stream, int chunk, int limit) {
        EventStreamParser parser = EventStreamParser.builder(event -> { }).maxEventBytes(limit).build();
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long limitMetAt = -1;
        int at = 0;
        try {
            for (; at < stream.length; at += chunk) {
                parser.feed(stream, at, Math.min(chunk, stream.length - at));
            }
            parser.endOfStream();
        } catch (StreamLimitException e) {
            limitMetAt = at;
        }
        return new long[] {limitMetAt, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore};
    }

    private static byte[] repeat(byte[] piece, int repeats) {
        int length = piece.length == 0 ? 0 : (int) Math.min(MAX_STREAM, (long) piece.length * repeats);
        byte[] stream = new byte[length];
        for (int at = 0; at < length; at += piece.length) {
            System.arraycopy(piece, 0, stream, at, Math.min(piece.length, length - at));
        }
        return stream;
    }
}
