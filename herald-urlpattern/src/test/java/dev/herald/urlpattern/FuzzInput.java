package dev.herald.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * How the matchers' fuzz targets read their input and bound their time: the fuzzer's bytes as UTF-8 lines, and a
 * match timed against a budget proportional to the input's length.
 */
final class FuzzInput {

    /** Longest input built by repetition: long enough to show super-linear matching, short enough to run often. */
    static final int MAX_REPEATED = 16 * 1024;
    /** The budget per character: generous, for the largest expression a pattern may compile to. */
    private static final long NANOS_PER_CHAR = 100_000;
    /** The budget for any input: a collection or a compilation on this shared machine must not fail the test. */
    private static final long SLACK_NANOS = 1_000_000_000;

    private FuzzInput() {
    }

    /** The input as lines; the last line holds whatever follows the {@code count - 1}th newline. */
    static String[] lines(byte[] input, int count) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", count);
        String[] padded = new String[count];
        for (int i = 0; i < count; i++) {
            padded[i] = i < lines.length ? lines[i] : "";
        }
        return padded;
    }

    /** {@code head} followed by {@code piece} repeated up to {@link #MAX_REPEATED} characters. */
    static String repeated(String head, String piece) {
        if (piece.isEmpty()) {
            return head;
        }
        StringBuilder text = new StringBuilder(head);
        while (text.length() + piece.length() <= MAX_REPEATED) {
            text.append(piece);
        }
        return text.toString();
    }

    /**
     * Runs {@code match} twice, the first run loading what its paths need, and requires the second to take at most
     * {@link #NANOS_PER_CHAR} per character of {@code input} plus {@link #SLACK_NANOS}: it catches a match that
     * is quadratic or worse, not a slow one. Returns the match's answer.
     */
    static boolean timedMatch(String input, BooleanSupplier match) {
        boolean first = match.getAsBoolean();
        long start = System.nanoTime();
        boolean second = match.getAsBoolean();
        long elapsed = System.nanoTime() - start;
        assertThat(second).isEqualTo(first);
        assertThat(elapsed).as("matching %d characters", input.length())
                .isLessThanOrEqualTo(SLACK_NANOS + NANOS_PER_CHAR * input.length());
        return second;
    }
}
