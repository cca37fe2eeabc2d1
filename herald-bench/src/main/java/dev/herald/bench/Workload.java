package dev.herald.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A benchmark input: an event stream of about 1 MiB, generated from a fixed seed so every run and every parser sees
 * the same bytes, and the most bytes a parser is handed per read.
 *
 * <p>Every event of a workload has the same size, so allocation per event and per byte can be read straight off
 * JMH's per-operation figures.
 */
enum Workload {

    /** Small JSON events, 100 bytes each, handed out at most 8 KiB per read, as from a socket. */
    SMALL(Workload::smallEvent, Workload.SOCKET_READ),
    /** Events with one 64 KiB data line each, at most 8 KiB per read. */
    LARGE(Workload::largeEvent, Workload.SOCKET_READ),
    /** Events with an id, a type and four data lines, at most 8 KiB per read. */
    FIELDS(Workload::fieldsEvent, Workload.SOCKET_READ),
    /** The small-event stream handed out 64 bytes per read, so most lines straddle two reads. */
    CHUNKED(Workload::smallEvent, 64);

    /** Okio's segment size, which is also what okhttp-sse asks its source for per read. */
    static final int SOCKET_READ = 8192;

    private static final int STREAM_BYTES = 1 << 20;
    private static final long SEED = 0x5EEDL;
    private static final int SMALL_EVENT_BYTES = 100;
    private static final int LARGE_DATA_BYTES = 64 * 1024;
    private static final int FIELD_DATA_LINES = 4;
    private static final int FIELD_LINE_BYTES = 30;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String[] TYPES = {"create", "update", "delete"};

    private final EventShape shape;
    private final int maxRead;

    Workload(EventShape shape, int maxRead) {
        this.shape = shape;
        this.maxRead = maxRead;
    }

    /** The workload a {@code @Param} value names. */
    static Workload named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The most bytes a parser gets from one read of the stream. */
    int maxRead() {
        return maxRead;
    }

    /** The stream: whole events only, as many as fit in 1 MiB, each ended by a blank line. */
    byte[] stream() {
        SplittableRandom random = new SplittableRandom(SEED);
        ByteArrayOutputStream out = new ByteArrayOutputStream(STREAM_BYTES);
        for (int sequence = 0; ; sequence++) {
            byte[] event = shape.event(sequence, random).getBytes(StandardCharsets.UTF_8);
            if (out.size() + event.length > STREAM_BYTES) {
                return out.toByteArray();
            }
            out.write(event, 0, event.length);
        }
    }

    private static String smallEvent(int sequence, SplittableRandom random) {
        String json = String.format(Locale.ROOT,
                "{\"seq\":%07d,\"sensor\":\"s-%04d\",\"value\":%09.3f,\"ok\":%b,\"note\":\"%s\"}",
                sequence, random.nextInt(10_000), random.nextDouble(0, 100_000), random.nextBoolean(),
                text(random, 10));
        // Pad the JSON so the whole event, "data: " to the blank line, is exactly SMALL_EVENT_BYTES.
        int padding = SMALL_EVENT_BYTES - "data: ".length() - json.length() - 2;
        return "data: " + json.substring(0, json.length() - 1) + ",\"pad\":\"" + text(random, padding - 9) + "\"}"
                + "\n\n";
    }

    private static String largeEvent(int sequence, SplittableRandom random) {
        return "data: " + text(random, LARGE_DATA_BYTES) + "\n\n";
    }

    private static String fieldsEvent(int sequence, SplittableRandom random) {
        StringBuilder event = new StringBuilder(200)
                .append("id: ").append(String.format(Locale.ROOT, "%07d", sequence)).append('\n')
                .append("event: ").append(TYPES[random.nextInt(TYPES.length)]).append('\n');
        for (int line = 0; line < FIELD_DATA_LINES; line++) {
            event.append("data: ").append(text(random, FIELD_LINE_BYTES)).append('\n');
        }
        return event.append('\n').toString();
    }

    private static String text(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Writes the event with the given sequence number. */
    @FunctionalInterface
    private interface EventShape {
        String event(int sequence, SplittableRandom random);
    }
}
