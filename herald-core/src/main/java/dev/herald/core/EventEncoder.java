package dev.herald.core;

import java.util.Optional;

/**
 * Writes {@link Event}s as UTF-8 {@code text/event-stream} bytes. Each event is measured, then written straight
 * into an array of its exact size: nothing but the output is allocated, and the one array can be written to every
 * subscriber.
 *
 * <p>Lines end with LF. Field values get one space after the colon, so a value that itself starts with a space
 * survives the receiver's stripping of one. A lone surrogate in a string is written as U+FFFD.
 */
public final class EventEncoder {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't', ':'};
    private static final byte[] ID = {'i', 'd', ':'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y', ':'};
    private static final byte[] COMMENT = {':'};

    private EventEncoder() {
    }

    /** The event as a new array of exactly its encoded size. */
    public static byte[] encode(Event event) {
        byte[] out = new byte[encodedLength(event)];
        encode(event, out, 0);
        return out;
    }

    /**
     * Writes the event into {@code destination} at {@code offset}, which must have room for
     * {@link #encodedLength(Event)} bytes, and returns the offset just past what was written.
     */
    public static int encode(Event event, byte[] destination, int offset) {
        int length = encodedLength(event);
        if (offset < 0 || length > destination.length - offset) {
            throw new IndexOutOfBoundsException("need " + length + " bytes at offset " + offset
                    + " of an array of " + destination.length);
        }
        int at = offset;
        at = writeLines(COMMENT, event.comment(), destination, at);
        at = writeField(EVENT, event.type(), destination, at);
        at = writeField(ID, event.id(), destination, at);
        if (event.retry().isPresent()) {
            at = put(RETRY, destination, at);
            destination[at++] = ' ';
            at = writeDecimal(event.retry().get().toMillis(), destination, at);
            destination[at++] = '\n';
        }
        at = writeLines(DATA, event.data(), destination, at);
        destination[at++] = '\n';
        return at;
    }

    /** The number of bytes {@link #encode(Event)} produces for the event. */
    public static int encodedLength(Event event) {
        long length = 1; // the blank line that ends the block
        length += linesLength(COMMENT, event.comment());
        length += fieldLength(EVENT.length, event.type());
        length += fieldLength(ID.length, event.id());
        if (event.retry().isPresent()) {
            length += RETRY.length + 1L + decimalLength(event.retry().get().toMillis()) + 1;
        }
        length += linesLength(DATA, event.data());
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("event too large to encode: " + length + " bytes");
        }
        return (int) length;
    }

    private static long fieldLength(int prefix, Optional<String> value) {
        if (value.isEmpty()) {
            return 0;
        }
        String text = value.get();
        return prefix + (text.isEmpty() ? 0 : 1 + utf8Length(text, 0, text.length())) + 1;
    }

    private static int writeField(byte[] prefix, Optional<String> value, byte[] out, int at) {
        if (value.isEmpty()) {
            return at;
        }
        String text = value.get();
        at = put(prefix, out, at);
        if (!text.isEmpty()) {
            out[at++] = ' ';
            at = writeUtf8(text, 0, text.length(), out, at);
        }
        out[at++] = '\n';
        return at;
    }

    /** Length of {@code text} written as one prefixed line per line, splitting on CRLF, LF and CR. */
    private static long linesLength(byte[] prefix, Optional<String> value) {
        if (value.isEmpty()) {
            return 0;
        }
        String text = value.get();
        int space = separatedBySpace(prefix) ? 1 : 0;
        long length = 0;
        int start = 0;
        int n = text.length();
        while (true) {
            int end = lineEnd(text, start);
            length += prefix.length + 1; // prefix and LF
            if (end > start) {
                length += space + utf8Length(text, start, end);
            }
            if (end == n) {
                return length;
            }
            start = end + (text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
        }
    }

    private static int writeLines(byte[] prefix, Optional<String> value, byte[] out, int at) {
        if (value.isEmpty()) {
            return at;
        }
        String text = value.get();
        boolean space = separatedBySpace(prefix);
        int start = 0;
        int n = text.length();
        while (true) {
            int end = lineEnd(text, start);
            at = put(prefix, out, at);
            if (end > start) {
                if (space) {
                    out[at++] = ' ';
                }
                at = writeUtf8(text, start, end, out, at);
            }
            out[at++] = '\n';
            if (end == n) {
                return at;
            }
            start = end + (text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
        }
    }

    /**
     * A comment's text is written right after its colon, because receivers report it verbatim; a field value gets
     * a separating space, which receivers strip.
     */
    private static boolean separatedBySpace(byte[] prefix) {
        return prefix != COMMENT;
    }

    private static int lineEnd(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return n;
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static long utf8Length(String text, int from, int to) {
        long length = to - from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    length += 2; // four bytes for two chars
                    i++;
                } else {
                    length += 2; // three bytes, also for a lone surrogate written as U+FFFD
                }
            }
        }
        return length;
    }

    private static int writeUtf8(String text, int from, int to, byte[] out, int at) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    out[at++] = (byte) (0xF0 | cp >> 18);
                    out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    out[at++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    out[at++] = (byte) 0xEF; // U+FFFD
                    out[at++] = (byte) 0xBF;
                    out[at++] = (byte) 0xBD;
                }
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }

    private static int decimalLength(long value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int writeDecimal(long value, byte[] out, int at) {
        int end = at + decimalLength(value);
        int i = end;
        do {
            out[--i] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        return end;
    }
}
