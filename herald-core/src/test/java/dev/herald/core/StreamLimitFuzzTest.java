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

    private static final int MAX_STREAM = 256 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "60s")
    void limitsHoldOnAnyStream(FuzzedDataProvider input) {
        int limit = input.consumeInt(1, 4096);
        int chunk = input.consumeInt(1, 8192);
        int repeats = input.consumeInt(1, 4096);
        byte[] stream = repeat(input.consumeRemainingAsBytes(), repeats);
        long overAt = StreamLimitModel.firstByteOverLimit(stream, limit);

        // The handler keeps nothing, so that only the parser's own allocations are measured.
        EventStreamParser parser = EventStreamParser.builder(event -> { }).maxEventBytes(limit).build();
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        int at = 0;
        try {
            for (; at < stream.length; at += chunk) {
                parser.feed(stream, at, Math.min(chunk, stream.length - at));
            }
            parser.endOfStream();
            assertThat(overAt).as("the stream goes over the limit at this byte, yet the parser took it all")
                    .isEqualTo(-1);
        } catch (StreamLimitException e) {
            assertThat(overAt).as("the parser refused a stream within its limit").isNotEqualTo(-1);
            assertThat(overAt).as("the limit must be met in the chunk that goes over it, not later nor earlier")
                    .isBetween((long) at, (long) at + chunk - 1);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(allocated).as("bytes allocated to parse %d bytes with a limit of %d", stream.length, limit)
                .isLessThanOrEqualTo(64L * stream.length + 16L * limit + (1 << 20));
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
