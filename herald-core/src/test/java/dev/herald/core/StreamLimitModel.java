package dev.herald.core;

/**
 * Where a stream first goes over a parser's limit, worked out the plain way, one byte at a time: the reference the
 * limit fuzz test holds {@link EventStreamParser} to.
 */
final class StreamLimitModel {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private StreamLimitModel() {
    }

    /**
     * The index of the byte whose arrival shows that {@code stream} goes over {@code limit}, or -1 if it never does.
     * A line goes over with its ({@code limit} + 1)th byte; an event's data (each data line's value and a LF) with
     * the line break of the data line that brings it over. A byte of a would-be BOM is known to start the first line
     * only once the byte that is not the BOM's has arrived.
     */
    static long firstByteOverLimit(byte[] stream, int limit) {
        int start = 0;
        int knownFrom = 0; // the first line's bytes are known as such from here
        while (start < stream.length && start < BOM.length && stream[start] == BOM[start]) {
            start++;
        }
        if (start == BOM.length) {
            knownFrom = start;
        } else if (start == stream.length) {
            return -1; // a bare prefix of the BOM: no line at all
        } else {
            knownFrom = start; // the mismatching byte
            start = 0;
        }
        long data = 0;
        int at = start;
        while (at < stream.length) {
            int end = at;
            while (end < stream.length && stream[end] != '\n' && stream[end] != '\r') {
                end++;
            }
            int length = end - at;
            if (length > limit) {
                return Math.max(at + limit, knownFrom);
            }
            if (end == stream.length) {
                return -1; // an unfinished line is never interpreted
            }
            if (length == 0) {
                data = 0;
            } else if (isData(stream, at, length)) {
                int value = Math.min(length, DATA.length + 1);
                if (value < length && stream[at + value] == ' ') {
                    value++;
                }
                data += length - value + 1;
                if (data > limit) {
                    return end;
                }
            }
            at = end + 1;
            if (stream[end] == '\r' && at < stream.length && stream[at] == '\n') {
                at++;
            }
        }
        return -1;
    }

    /** Whether the line's field name, up to its first colon or its end, is exactly {@code data}. */
    private static boolean isData(byte[] stream, int at, int length) {
        if (length < DATA.length || length > DATA.length && stream[at + DATA.length] != ':') {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (stream[at + i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }
}
