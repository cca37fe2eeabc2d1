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

    /*
     * How the hot path is kept fast (BENCHMARKS.md has the measurements):
     *
     * - Line breaks are found with 8-byte words. One test per 32 bytes asks whether any byte lies outside
     *   0x0E..0x7F, which ASCII text never does; from the first 32 bytes that fail it on, the rest of the line is
     *   scanned a word at a time, with a cheap test for a byte below 0x0E and an exact one for CR and LF.
     *   A line starting with CR or LF (a blank line) is not scanned at all.
     * - The scan ORs the words it passes, so it knows whether the line is pure ASCII. An ASCII value decodes to
     *   the chars of its bytes, so it is copied as Latin-1 instead of going through Utf8Decoder.
     * - A field is recognized from one 8-byte read of the line's start, not byte by byte.
     * - The value of an event's first data line stays where it is, in the caller's chunk or the partial-line
     *   buffer. If the blank line follows before feed returns (the common case for one-line events), the data is
     *   decoded straight from there; otherwise it is copied into the data buffer as any data line is.
     * - A few recent event types are cached with their bytes, so a stream's types are decoded once, not per event.
     * - The scan and the per-line code are small enough for C2 to inline into one loop.
     */

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';
    private static final long COLONS = ONES * ':';
    /**
     * {@code (word - BELOW_0E) & ~word & HIGHS} flags the bytes below 0x0E, CR (0x0D), LF (0x0A) and 12 others, and
     * {@code (word - BELOW_0E | word) & HIGHS} also those above 0x7F. Both flag every such byte, and maybe bytes
     * above one (through the borrow); the lowest flag is always exact.
     */
    private static final long BELOW_0E = ONES * 0x0E;

    /** The known field names as {@link #fieldKey(long, int)} gives them for the start of a line. */
    private static final long DATA = fieldKey("data");
    private static final long EVENT = fieldKey("event");
    private static final long ID = fieldKey("id");
    private static final long RETRY = fieldKey("retry");

    /**
     * Recent event types are kept, with their bytes, in this many slots chosen by a hash of the bytes, so that a
     * stream's few types are decoded once rather than once per event. Types longer than a slot are not kept.
     */
    private static final int TYPE_SLOT_BITS = 3;
    private static final int TYPE_SLOTS = 1 << TYPE_SLOT_BITS;
    private static final int TYPE_SLOT_BYTES = 32;

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
    /** The OR of the partial line's bytes: its high bit is set when the line holds a byte above 0x7F. */
    private long partialHigh;

    /** The OR of the bytes {@link #indexOfLineBreak} scanned before the line break (or the end) it returned. */
    private long scannedHigh;

    /** The data buffer: each data line's value followed by LF. */
    private byte[] data = new byte[0];
    private int dataLength;
    /** Whether every data value of the current event, pending or buffered, is pure ASCII. */
    private boolean dataAscii = true;
    /**
     * The value of the current event's only data line so far, when it is not copied yet: it lies in the chunk of
     * the current feed call or in {@link #partialLine}. Null otherwise; never set outside a feed call.
     */
    private byte[] pendingData;
    private int pendingOffset;
    private int pendingLength;

    private String eventType = "";
    /**
     * The cache of event types. Slot i holds typeStrings[i], decoded from typeLengths[i] bytes: the first eight
     * (or fewer) are typeWords[i], the rest are at typeBytes[i * TYPE_SLOT_BYTES]. Allocated on first use.
     */
    private long[] typeWords;
    private int[] typeLengths;
    private String[] typeStrings;
    private byte[] typeBytes;

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
        try {
            parse(chunk, offset, offset + length);
        } finally {
            // The chunk is the caller's again once this call returns, however it returns.
            if (pendingData != null) {
                bufferPendingData();
            }
        }
    }

    private void parse(byte[] chunk, int at, int end) {
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
            int lineEnd;
            long high;
            byte first = chunk[at];
            if (first == '\n' || first == '\r') {
                lineEnd = at; // a blank line, or the end of a split line: no need to scan
                high = 0;
            } else {
                lineEnd = indexOfLineBreak(chunk, at, end);
                high = scannedHigh;
                if (lineEnd < 0) {
                    keepPartial(chunk, at, end - at, high);
                    return;
                }
            }
            byte[] line = chunk;
            int lineStart = at;
            int lineLength = lineEnd - at;
            if (partialLength > 0) {
                keepPartial(chunk, at, lineLength, high);
                line = partialLine;
                lineStart = 0;
                lineLength = partialLength;
                high = partialHigh;
                partialLength = 0;
                partialHigh = 0;
            } else {
                checkLineLength(lineLength);
            }
            processLine(line, lineStart, lineLength, (high & HIGHS) == 0);
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
        partialHigh = 0;
        dataLength = 0;
        dataAscii = true;
        pendingData = null;
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
                    keepPartial(BOM, 0, matched, HIGHS);
                }
                return at;
            }
            bomMatched++;
            at++;
        }
        return at;
    }

    /** Appends to the partial line {@code length} bytes whose OR is {@code high}. */
    private void keepPartial(byte[] bytes, int offset, int length, long high) {
        if (pendingData == partialLine) {
            bufferPendingData(); // it is about to be overwritten
        }
        int needed = partialLength + length;
        checkLineLength(needed);
        if (needed > partialLine.length) {
            partialLine = Arrays.copyOf(partialLine, grownCapacity(partialLine.length, needed));
        }
        System.arraycopy(bytes, offset, partialLine, partialLength, length);
        partialLength = needed;
        partialHigh |= high;
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

    /**
     * Finds the first CR or LF in {@code bytes[from, to)}; -1 when there is none. Sets {@link #scannedHigh} to the
     * OR of the bytes before it (or of all the bytes when there is none).
     */
    private int indexOfLineBreak(byte[] bytes, int from, int to) {
        // One test per 32 bytes while no byte lies outside 0x0E..0x7F, as in ASCII text: no CR, no LF, no high
        // bit. A bare counted loop, which C2 compiles best; anything else happens in the method it hands over to.
        int at = from;
        for (; at + 4 * Long.BYTES <= to; at += 4 * Long.BYTES) {
            long w0 = (long) LONGS.get(bytes, at);
            long w1 = (long) LONGS.get(bytes, at + Long.BYTES);
            long w2 = (long) LONGS.get(bytes, at + 2 * Long.BYTES);
            long w3 = (long) LONGS.get(bytes, at + 3 * Long.BYTES);
            long outside = w0 - BELOW_0E | w0 | w1 - BELOW_0E | w1 | w2 - BELOW_0E | w2 | w3 - BELOW_0E | w3;
            if ((outside & HIGHS) != 0) {
                break;
            }
        }
        return indexOfLineBreakByWords(bytes, at, to);
    }

    /**
     * {@link #indexOfLineBreak} from {@code at}, where the bytes before are ASCII: eight bytes at a time, testing
     * exactly for CR and LF only a word with a byte below 0x0E. Used for the rest of a line once a 32-byte test
     * has failed (on its line break, a control byte or non-ASCII text) and for the last 31 bytes.
     */
    private int indexOfLineBreakByWords(byte[] bytes, int at, int to) {
        long high = 0;
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at);
            if (((word - BELOW_0E) & ~word & HIGHS) != 0) {
                long breaks = lineBreaks(word);
                if (breaks != 0) {
                    return found(at, word, breaks, high);
                }
            }
            high |= word;
        }
        if (at < to && at + Long.BYTES <= bytes.length) {
            // Fewer than eight bytes left, but the array holds eight: read a whole word and ignore its excess.
            // Bytes past the end cannot flag one before it, as a flag's false positives only lie above a true one.
            long word = (long) LONGS.get(bytes, at);
            long valid = (1L << ((to - at) << 3)) - 1;
            long breaks = lineBreaks(word) & valid;
            if (breaks != 0) {
                return found(at, word, breaks, high);
            }
            scannedHigh = high | word & valid;
            return -1;
        }
        for (; at < to; at++) {
            byte b = bytes[at];
            if (b == '\n' || b == '\r') {
                scannedHigh = high;
                return at;
            }
            high |= b & 0xFF;
        }
        scannedHigh = high;
        return -1;
    }

    /** The index of the line break {@code breaks} flags in the word at {@code at}; sets {@link #scannedHigh}. */
    private int found(int at, long word, long breaks, long high) {
        int index = Long.numberOfTrailingZeros(breaks) >>> 3;
        scannedHigh = high | word & ((1L << (index << 3)) - 1);
        return at + index;
    }

    /**
     * The high bit of each byte of {@code word} that is LF or CR, and maybe of bytes above those; the lowest set
     * bit is always exact.
     */
    private static long lineBreaks(long word) {
        long lf = word ^ LFS;
        long cr = word ^ CRS;
        return ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
    }

    private static long fieldKey(String name) {
        long word = 0;
        for (int i = name.length() - 1; i >= 0; i--) {
            word = word << 8 | name.charAt(i);
        }
        return fieldKey(word, name.length());
    }

    /** Interprets one line, without its line break; {@code ascii} tells whether it holds only bytes up to 0x7F. */
    private void processLine(byte[] line, int offset, int length, boolean ascii) {
        if (length == 0) {
            dispatch();
            return;
        }
        // The field names are shorter than eight bytes, so the line's first word holds the name and its colon.
        long word = offset + Long.BYTES <= line.length
                ? (long) LONGS.get(line, offset)
                : firstBytes(line, offset, length);
        long colons = word ^ COLONS;
        colons = (colons - ONES) & ~colons & HIGHS; // the lowest flag is exact
        // The name ends at the colon, or with the line; bytes of the word past the line's end are never looked at.
        // A name of eight bytes or more is cut to eight, which is no known field either.
        int nameLength = Math.min(Long.numberOfTrailingZeros(colons) >>> 3, length);
        if (nameLength == 0) {
            handler.onComment(decode(line, offset + 1, length - 1, ascii));
            return;
        }
        int end = offset + length;
        int value = offset + nameLength + 1;
        if (value < end && line[value] == ' ') {
            value++;
        }
        value = Math.min(value, end);
        long field = fieldKey(word, nameLength);
        if (field == DATA) {
            appendData(line, value, end - value, ascii);
        } else if (field == EVENT) {
            eventType = eventType(line, value, end - value, ascii);
        } else if (field == ID) {
            if (!containsNul(line, value, end)) {
                lastEventIdBuffer = decode(line, value, end - value, ascii);
            }
        } else if (field == RETRY) {
            retry(line, value, end - value);
        }
        // unknown fields are ignored
    }

    /**
     * Identifies a field name of {@code length} bytes, whose bytes start {@code word}: its bytes and its length,
     * so that a name with NUL bytes is not taken for a shorter one. Names of eight bytes or more get 0.
     */
    private static long fieldKey(long word, int length) {
        return length < Long.BYTES ? word & ~(-1L << (length << 3)) | (long) length << 56 : 0;
    }

    /** The word {@code LONGS} would read at {@code offset}, from the first bytes of a line near its array's end. */
    private static long firstBytes(byte[] line, int offset, int length) {
        long word = 0;
        for (int i = Math.min(length, Long.BYTES) - 1; i >= 0; i--) {
            word = word << 8 | line[offset + i] & 0xFF;
        }
        return word;
    }

    private void appendData(byte[] line, int offset, int length, boolean ascii) {
        if (pendingData != null) {
            bufferPendingData();
        }
        long needed = (long) dataLength + length + 1;
        if (needed > maxEventBytes) {
            failed = true;
            throw new StreamLimitException("an event's data", needed, maxEventBytes);
        }
        dataAscii &= ascii;
        if (dataLength == 0) {
            // The event's first data line: leave it where it is, as it may be its only one.
            pendingData = line;
            pendingOffset = offset;
            pendingLength = length;
            return;
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, grownCapacity(data.length, (int) needed));
        }
        System.arraycopy(line, offset, data, dataLength, length);
        dataLength += length;
        data[dataLength++] = '\n';
    }

    /** Copies the pending data value into the data buffer, where a data line's value would have gone. */
    private void bufferPendingData() {
        byte[] source = pendingData;
        pendingData = null;
        int needed = pendingLength + 1; // within the limit: appendData checked it
        if (needed > data.length) {
            data = Arrays.copyOf(data, grownCapacity(data.length, needed));
        }
        System.arraycopy(source, pendingOffset, data, 0, pendingLength);
        data[pendingLength] = '\n';
        dataLength = needed;
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

    /** The event type these bytes give: a String decoded earlier from the same bytes when the cache has one. */
    private String eventType(byte[] line, int offset, int length, boolean ascii) {
        if (length == 0 || length > TYPE_SLOT_BYTES || offset + Long.BYTES > line.length) {
            return decode(line, offset, length, ascii);
        }
        if (typeStrings == null) {
            typeWords = new long[TYPE_SLOTS];
            typeLengths = new int[TYPE_SLOTS];
            typeStrings = new String[TYPE_SLOTS];
            typeBytes = new byte[TYPE_SLOTS * TYPE_SLOT_BYTES];
        }
        long first = (long) LONGS.get(line, offset);
        if (length < Long.BYTES) {
            first &= ~(-1L << (length << 3));
        }
        // A multiplicative hash of the first eight bytes and the length: its top bits pick the slot.
        int slot = (int) (((first + length) * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - TYPE_SLOT_BITS));
        int rest = slot * TYPE_SLOT_BYTES;
        int restLength = length - Long.BYTES;
        if (typeLengths[slot] == length && typeWords[slot] == first
                && (restLength <= 0 || Arrays.equals(line, offset + Long.BYTES, offset + length,
                        typeBytes, rest, rest + restLength))) {
            return typeStrings[slot];
        }
        String type = decode(line, offset, length, ascii);
        typeWords[slot] = first;
        typeLengths[slot] = length;
        typeStrings[slot] = type;
        if (restLength > 0) {
            System.arraycopy(line, offset + Long.BYTES, typeBytes, rest, restLength);
        }
        return type;
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        String eventData;
        if (pendingData != null) {
            eventData = decode(pendingData, pendingOffset, pendingLength, dataAscii);
            pendingData = null;
        } else if (dataLength != 0) {
            eventData = decode(data, 0, dataLength - 1, dataAscii); // without the last LF
            dataLength = 0;
        } else {
            eventType = "";
            return;
        }
        dataAscii = true;
        String type = eventType.isEmpty() ? MessageEvent.DEFAULT_TYPE : eventType;
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

    /**
     * Decodes a value. One of only ASCII bytes decodes to the chars of those bytes, so it is copied as Latin-1,
     * skipping the decoder's checks.
     */
    @SuppressWarnings("deprecation")
    private static String decode(byte[] bytes, int offset, int length, boolean ascii) {
        if (ascii) {
            // String(byte[], hibyte, ...) makes each char (hibyte << 8 | byte): with hibyte 0, the Latin-1 string,
            // as new String(bytes, offset, length, ISO_8859_1) would. Unlike that constructor (840 bytecodes, which
            // C2 will not inline), it is small: an inlined array copy, nothing else.
            return new String(bytes, 0, offset, length);
        }
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
