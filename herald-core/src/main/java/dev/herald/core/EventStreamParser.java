package dev.herald.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of a {@code text/event-stream}, fed byte chunks split anywhere, that follows the WHATWG
 * HTML "Server-sent events" parsing and interpretation rules exactly and reports to an {@link EventStreamHandler}.
 *
 * <p>It works on bytes and decodes each field value once. That gives the same result as decoding the stream first,
 * as the specification describes, because CR, LF and the colon never occur inside a UTF-8 sequence; invalid
 * sequences become U+FFFD. Lines that fit in one chunk are parsed in place; only a line split across chunks is
 * copied, into a buffer that is kept for reuse.
 *
 * <p>Apart from a line or an event exceeding {@link Builder#maxEventBytes(int)}, which throws
 * {@link StreamLimitException}, it never throws on any input. Not thread-safe: feed it from one thread at a time.
 */
public final class EventStreamParser {

    /** The default limit on one line and on one event's data: 16 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int BOM_DONE = BOM.length;

    private final EventStreamHandler handler;
    private final int maxEventBytes;

    /** How many bytes of a leading BOM have been matched; {@link #BOM_DONE} once the stream's start is past. */
    private int bomMatched;
    /** The previous chunk ended with CR, so an LF starting the next one belongs to that line break. */
    private boolean afterCr;
    private boolean failed;

    /** The start of a line whose end has not arrived yet. */
    private byte[] partialLine = new byte[0];
    private int partialLength;

    /** The data buffer: each data line's value followed by LF. */
    private byte[] data = new byte[0];
    private int dataLength;
    private String eventType = "";
    private String lastEventIdBuffer;
    private String lastEventId;

    private ByteBuffer scratch;

    private EventStreamParser(Builder builder) {
        this.handler = builder.handler;
        this.maxEventBytes = builder.maxEventBytes;
        this.lastEventId = builder.lastEventId;
        this.lastEventIdBuffer = builder.lastEventId;
    }

    /** A parser reporting to {@code handler}, with the default limit and an empty last event ID. */
    public static EventStreamParser create(EventStreamHandler handler) {
        return builder(handler).build();
    }

    /** A builder of a parser reporting to {@code handler}. */
    public static Builder builder(EventStreamHandler handler) {
        return new Builder(handler);
    }

    /**
     * The last event ID string: the {@code id} in force when the latest event block was dispatched. A receiver
     * sends it as {@code Last-Event-ID} when it reconnects.
     */
    public String lastEventId() {
        return lastEventId;
    }

    /** Parses all of {@code chunk}. */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Parses {@code length} bytes of {@code chunk} from {@code offset}. */
    public void feed(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        if (failed) {
            throw new IllegalStateException("this parser met a stream over its limit and takes no more input");
        }
        int end = offset + length;
        int at = offset;
        if (bomMatched != BOM_DONE) {
            at = skipBom(chunk, at, end);
        }
        if (afterCr && at < end) {
            afterCr = false;
            if (chunk[at] == '\n') {
                at++;
            }
        }
        while (at < end) {
            int lineEnd = indexOfLineBreak(chunk, at, end);
            if (lineEnd < 0) {
                keepPartial(chunk, at, end - at);
                return;
            }
            if (partialLength > 0) {
                keepPartial(chunk, at, lineEnd - at);
                int lineLength = partialLength;
                partialLength = 0;
                processLine(partialLine, 0, lineLength);
            } else {
                checkLineLength(lineEnd - at);
                processLine(chunk, at, lineEnd - at);
            }
            at = lineEnd + 1;
            if (chunk[lineEnd] == '\r') {
                if (at == end) {
                    afterCr = true;
                } else if (chunk[at] == '\n') {
                    at++;
                }
            }
        }
    }

    /** Parses the remaining bytes of {@code chunk}, advancing its position to its limit. */
    public void feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            int length = chunk.remaining();
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), length);
            chunk.position(chunk.limit());
            return;
        }
        if (scratch == null) {
            scratch = ByteBuffer.allocate(8192);
        }
        while (chunk.hasRemaining()) {
            int length = Math.min(chunk.remaining(), scratch.capacity());
            chunk.get(scratch.array(), 0, length);
            feed(scratch.array(), 0, length);
        }
    }

    /**
     * Ends the stream: an unfinished line and an undispatched event are discarded, as is an {@code id} of that
     * event. The parser is then ready for a new stream (a reconnection), keeping the last event ID.
     */
    public void endOfStream() {
        partialLength = 0;
        dataLength = 0;
        eventType = "";
        lastEventIdBuffer = lastEventId;
        afterCr = false;
        bomMatched = 0;
        if (partialLine.length > 64 * 1024) {
            partialLine = new byte[0]; // do not hold a huge buffer across reconnections
        }
        if (data.length > 64 * 1024) {
            data = new byte[0];
        }
    }

    private int skipBom(byte[] chunk, int at, int end) {
        while (at < end && bomMatched < BOM_DONE) {
            if (chunk[at] != BOM[bomMatched]) {
                // Not a BOM after all: the bytes matched so far are the start of the first line.
                int matched = bomMatched;
                bomMatched = BOM_DONE;
                if (matched > 0) {
                    keepPartial(BOM, 0, matched);
                }
                return at;
            }
            bomMatched++;
            at++;
        }
        return at;
    }

    private void keepPartial(byte[] bytes, int offset, int length) {
        int needed = partialLength + length;
        checkLineLength(needed);
        if (needed > partialLine.length) {
            partialLine = Arrays.copyOf(partialLine, grownCapacity(partialLine.length, needed));
        }
        System.arraycopy(bytes, offset, partialLine, partialLength, length);
        partialLength = needed;
    }

    /** Doubles a buffer's capacity, but never past the limit, so a stream at the limit holds at most that much. */
    private int grownCapacity(int current, int needed) {
        return Math.max(needed, (int) Math.min(maxEventBytes, Math.max(256L, current * 2L)));
    }

    private void checkLineLength(int length) {
        if (length > maxEventBytes) {
            failed = true;
            throw new StreamLimitException("a line", length, maxEventBytes);
        }
    }

    /** Finds the first CR or LF in {@code bytes[from, to)}, eight bytes at a time; -1 when there is none. */
    private static int indexOfLineBreak(byte[] bytes, int from, int to) {
        int at = from;
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at);
            long lf = word ^ LFS;
            long cr = word ^ CRS;
            // A byte of lf or cr is zero where word holds LF or CR; the lowest flagged byte is always exact.
            long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (found != 0) {
                return at + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; at < to; at++) {
            byte b = bytes[at];
            if (b == '\n' || b == '\r') {
                return at;
            }
        }
        return -1;
    }

    private void processLine(byte[] line, int offset, int length) {
        if (length == 0) {
            dispatch();
            return;
        }
        int end = offset + length;
        if (line[offset] == ':') {
            handler.onComment(decode(line, offset + 1, length - 1));
            return;
        }
        int colon = offset;
        while (colon < end && line[colon] != ':') {
            colon++;
        }
        int nameLength = colon - offset;
        int value = colon < end ? colon + 1 : end;
        if (value < end && line[value] == ' ') {
            value++;
        }
        int valueLength = end - value;
        switch (nameLength) {
            case 4:
                if (line[offset] == 'd' && line[offset + 1] == 'a' && line[offset + 2] == 't' && line[offset + 3] == 'a') {
                    appendData(line, value, valueLength);
                }
                break;
            case 5:
                if (line[offset] == 'e' && line[offset + 1] == 'v' && line[offset + 2] == 'e'
                        && line[offset + 3] == 'n' && line[offset + 4] == 't') {
                    eventType = decode(line, value, valueLength);
                } else if (line[offset] == 'r' && line[offset + 1] == 'e' && line[offset + 2] == 't'
                        && line[offset + 3] == 'r' && line[offset + 4] == 'y') {
                    retry(line, value, valueLength);
                }
                break;
            case 2:
                if (line[offset] == 'i' && line[offset + 1] == 'd' && !containsNul(line, value, end)) {
                    lastEventIdBuffer = decode(line, value, valueLength);
                }
                break;
            default:
                break; // unknown fields are ignored
        }
    }

    private void appendData(byte[] line, int offset, int length) {
        long needed = (long) dataLength + length + 1;
        if (needed > maxEventBytes) {
            failed = true;
            throw new StreamLimitException("an event's data", needed, maxEventBytes);
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, grownCapacity(data.length, (int) needed));
        }
        System.arraycopy(line, offset, data, dataLength, length);
        dataLength += length;
        data[dataLength++] = '\n';
    }

    private void retry(byte[] line, int offset, int length) {
        if (length == 0) {
            return;
        }
        long millis = 0;
        for (int i = offset; i < offset + length; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return; // only ASCII digits make a valid retry
            }
            millis = millis > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : millis * 10 + digit;
        }
        handler.onRetry(Duration.ofMillis(millis));
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (dataLength == 0) {
            eventType = "";
            return;
        }
        String eventData = decode(data, 0, dataLength - 1); // without the last LF
        String type = eventType.isEmpty() ? MessageEvent.DEFAULT_TYPE : eventType;
        dataLength = 0;
        eventType = "";
        handler.onEvent(new MessageEvent(type, eventData, lastEventId));
    }

    private static boolean containsNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String decode(byte[] bytes, int offset, int length) {
        return Utf8Decoder.decode(bytes, offset, length);
    }

    /** Configures an {@link EventStreamParser}. */
    public static final class Builder {
        private final EventStreamHandler handler;
        private int maxEventBytes = DEFAULT_MAX_EVENT_BYTES;
        private String lastEventId = "";

        private Builder(EventStreamHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The most bytes one line, and one event's data, may hold; more throws {@link StreamLimitException}. */
        public Builder maxEventBytes(int maxEventBytes) {
            if (maxEventBytes < 1) {
                throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
            }
            this.maxEventBytes = maxEventBytes;
            return this;
        }

        /** The last event ID to start from, such as the one a reconnecting receiver sent. */
        public Builder lastEventId(String lastEventId) {
            this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
            return this;
        }

        /** A new parser. */
        public EventStreamParser build() {
            return new EventStreamParser(this);
        }
    }
}
