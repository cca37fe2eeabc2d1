package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Recorder.Comment;
import dev.herald.core.Recorder.Retry;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser's fast paths (the word-at-a-time line-break and field-name scans, the ASCII shortcut in decoding, data
 * decoded in place in the caller's chunk, the reused event type) against a plain reading of the specification: the
 * whole stream decoded first, then split into lines and interpreted one by one.
 */
class FastPathTest {

    /** The specification's algorithm, written as directly as possible, on a whole stream that then ends. */
    static List<Object> reference(byte[] stream) {
        int start = stream.length >= 3 && (stream[0] & 0xFF) == 0xEF && (stream[1] & 0xFF) == 0xBB
                && (stream[2] & 0xFF) == 0xBF ? 3 : 0;
        String text = Utf8Decoder.decodeByTheStandard(stream, start, stream.length - start);
        List<Object> seen = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        String type = "";
        String lastEventIdBuffer = "";
        String lastEventId = "";
        int at = 0;
        while (true) {
            int lf = text.indexOf('\n', at);
            int cr = text.indexOf('\r', at);
            int lineEnd = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
            if (lineEnd < 0) {
                break; // an unfinished last line is discarded, as is the event it belongs to
            }
            String line = text.substring(at, lineEnd);
            at = lineEnd + (text.startsWith("\r\n", lineEnd) ? 2 : 1);
            if (line.isEmpty()) {
                lastEventId = lastEventIdBuffer;
                if (data.length() > 0) {
                    data.setLength(data.length() - 1);
                    seen.add(new MessageEvent(type.isEmpty() ? "message" : type, data.toString(), lastEventId));
                }
                data.setLength(0);
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                seen.add(new Comment(line.substring(1)));
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (name) {
                case "event" -> type = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventIdBuffer = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        BigInteger millis = new BigInteger(value).min(BigInteger.valueOf(Long.MAX_VALUE));
                        seen.add(new Retry(Duration.ofMillis(millis.longValue())));
                    }
                }
                default -> {
                }
            }
        }
        seen.add(lastEventId);
        return seen;
    }

    /**
     * Feeds {@code stream} in chunks of random sizes up to {@code maxChunk}, as a socket client does: each chunk is
     * read into the same buffer at a random offset, the rest of the buffer holds line breaks, colons and bytes that
     * look like text, and the buffer is overwritten again after every feed call.
     */
    static List<Object> parseThroughAReusedBuffer(byte[] stream, int maxChunk, SplittableRandom random) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        byte[] buffer = new byte[maxChunk + 24];
        byte[] garbage = "\n\r:data: \u00e9\n\n".getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < stream.length) {
            int length = Math.min(stream.length - at, random.nextInt(1, maxChunk + 1));
            int offset = random.nextInt(0, buffer.length - length + 1);
            fill(buffer, garbage, random);
            System.arraycopy(stream, at, buffer, offset, length);
            parser.feed(buffer, offset, length);
            at += length;
        }
        fill(buffer, garbage, random);
        parser.endOfStream();
        recorder.seen.add(parser.lastEventId());
        return recorder.seen;
    }

    private static void fill(byte[] buffer, byte[] garbage, SplittableRandom random) {
        int shift = random.nextInt(garbage.length);
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = garbage[(i + shift) % garbage.length];
        }
    }

    /** Pieces that reach every fast path and its edges. */
    private static final String[] PIECES = {
        "data", "data:", "data: ", "data:  ", "event:", "event: ", "id: ", "id:", "retry: ", ":", ": ", "dat", "dataa:",
        "data\u0000:", "id\u0000: ", "event\u0000\u0000:", "longfieldname: ", "datadata: ", "ev", "\n", "\r", "\r\n",
        "\n\n", "\r\n\r\n", "\n\n\n", "\u000B", "\u000C", "\t", "\u0000", "\u000E", "\u001F", "\u007F", "\u0080",
        "a", "0", "123", " ", "update", "create", "\u00e9", "\u20ac", "\uD83D\uDE00", "\uFEFF", "\u4e16\u754c",
    };

    /** Raw bytes that are not valid UTF-8, among them an encoded surrogate the JDK decodes differently. */
    private static final byte[][] INVALID = {
        {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xC3},
    };

    static byte[] randomStream(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(4) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        int pieces = random.nextInt(1, 120);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                // A long ASCII run, so that the sixteen-byte scan runs, sometimes with a control byte in it.
                StringBuilder run = new StringBuilder();
                int length = random.nextInt(1, 300);
                for (int j = 0; j < length; j++) {
                    run.append((char) ('a' + random.nextInt(26)));
                }
                if (random.nextBoolean()) {
                    run.setCharAt(random.nextInt(length), (char) random.nextInt(0x0E));
                }
                out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
            } else if (kind == 1) {
                out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
            } else if (kind < 5) {
                // A whole common line, to make many well-formed events.
                String[] lines = {"data: {\"k\":1}\n", "event: update\n", "event: create\n", "id: 7\n", "\n",
                    "data: \u00e9t\u00e9\n", "retry: 100\n", ": keep-alive\n"};
                out.writeBytes(lines[random.nextInt(lines.length)].getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @RepeatedTest(300)
    void randomStreamsParseAsTheSpecificationSaysInAnyChunks(RepetitionInfo repetition) {
        SplittableRandom random = new SplittableRandom(0xFA57L + repetition.getCurrentRepetition());
        byte[] stream = randomStream(random);
        List<Object> expected = reference(stream);
        String hex = java.util.HexFormat.ofDelimiter(" ").formatHex(stream);
        for (int maxChunk : new int[] {stream.length, 1, 3, 8, 17, 64, 200}) {
            assertThat(parseThroughAReusedBuffer(stream, Math.max(1, maxChunk), random))
                    .as("chunks of up to %d bytes of %s", maxChunk, hex)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theReferenceAgreesWithTheParserOnTheSpecificationsExample() {
        byte[] stream = "data: YHOO\ndata: +2\ndata: 10\n\n: test stream\n\ndata: first event\nid: 1\n\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(reference(stream)).isEqualTo(parseThroughAReusedBuffer(stream, stream.length,
                new SplittableRandom(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u000B", "\u000C", "\u0000", "\t", "\u0001", "\u000E", "\u001F"})
    void controlBytesBelowCarriageReturnAreNotLineBreaksAtAnyPositionOfAWord(String control) {
        for (int at = 0; at < 40; at++) {
            String value = "x".repeat(at) + control + "y".repeat(40 - at);
            assertThat(Recorder.parse("data: " + value + "\n\n"))
                    .containsExactly(new MessageEvent("message", value, ""));
            assertThat(Recorder.parse("data: " + value + "\r\ndata: " + value + "\r\r"))
                    .containsExactly(new MessageEvent("message", value + "\n" + value, ""));
        }
    }

    @Test
    void aLineBreakIsFoundAtEveryPositionOfAWordAndEveryLengthOfTheTail() {
        for (int length = 0; length < 50; length++) {
            String value = "v".repeat(length);
            for (String lineBreak : new String[] {"\n", "\r", "\r\n"}) {
                byte[] stream = ("data: " + value + lineBreak + lineBreak).getBytes(StandardCharsets.US_ASCII);
                // Exactly sized arrays, so the scan cannot read a word past the end of the line's array.
                assertThat(Recorder.parse(stream)).containsExactly(new MessageEvent("message", value, ""));
                for (int cut = 0; cut <= stream.length; cut++) {
                    Recorder recorder = new Recorder();
                    EventStreamParser parser = EventStreamParser.create(recorder);
                    parser.feed(Arrays.copyOfRange(stream, 0, cut));
                    parser.feed(Arrays.copyOfRange(stream, cut, stream.length));
                    assertThat(recorder.seen).as("%d bytes, cut at %d", length, cut)
                            .containsExactly(new MessageEvent("message", value, ""));
                }
            }
        }
    }

    @Test
    void aNonAsciiCharacterAnywhereInALongLineIsDecodedAndItsLineBreakFound() {
        for (int at = 0; at < 70; at++) {
            for (String character : new String[] {"\u00e9", "\u20ac", "\uD83D\uDE00"}) {
                String value = "a".repeat(at) + character + "b".repeat(70 - at);
                for (String lineBreak : new String[] {"\n", "\r", "\r\n"}) {
                    byte[] stream = ("data: " + value + lineBreak + "data: " + value + lineBreak + lineBreak)
                            .getBytes(StandardCharsets.UTF_8);
                    assertThat(Recorder.parse(stream)).as("at %d", at)
                            .containsExactly(new MessageEvent("message", value + "\n" + value, ""));
                }
            }
        }
    }

    @Test
    void fieldNamesAreMatchedExactlyWhateverFollowsThem() {
        assertThat(Recorder.parse("data\u0000: x\n\n")).isEmpty();
        assertThat(Recorder.parse("id\u0000: 1\ndata: x\n\n")).containsExactly(new MessageEvent("message", "x", ""));
        assertThat(Recorder.parse("event\u0000: t\ndata: x\n\n")).containsExactly(new MessageEvent("message", "x", ""));
        assertThat(Recorder.parse("retry\u0000: 5\n")).isEmpty();
        assertThat(Recorder.parse("datadata: x\ndataxxxx\ndat: x\nDATA: x\n\n")).isEmpty();
        assertThat(Recorder.parse("data:x\n\n")).containsExactly(new MessageEvent("message", "x", ""));
        assertThat(Recorder.parse("data\n\n")).containsExactly(new MessageEvent("message", "", ""));
        assertThat(Recorder.parse("id\ndata\n\n")).containsExactly(new MessageEvent("message", "", ""));
        // Lines near the end of their array take the byte-by-byte path.
        assertThat(Recorder.parse("id:1\nd\nid\n:\ndata\n\n")).containsExactly(new Comment(""),
                new MessageEvent("message", "", ""));
    }

    @Test
    void asciiAndNonAsciiPiecesOfASplitLineDecodeAsUtf8() {
        String value = "\u00e9" + "a".repeat(30) + "\u20ac" + "b".repeat(30) + "\uD83D\uDE00";
        byte[] stream = ("data: " + value + "\nid: \u00e9\nevent: \u00e9\n\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= stream.length; cut++) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = EventStreamParser.create(recorder);
            parser.feed(Arrays.copyOfRange(stream, 0, cut));
            parser.feed(Arrays.copyOfRange(stream, cut, stream.length));
            assertThat(recorder.seen).as("cut at %d", cut)
                    .containsExactly(new MessageEvent("\u00e9", value, "\u00e9"));
        }
    }

    @Test
    void oneAsciiDataLineAmongNonAsciiOnesDoesNotMakeTheEventAscii() {
        assertThat(Recorder.parse("data: a\ndata: \u00e9\ndata: b\n\n"))
                .containsExactly(new MessageEvent("message", "a\n\u00e9\nb", ""));
        assertThat(Recorder.parse("data: \u00e9\ndata: a\n\ndata: b\n\n"))
                .containsExactly(new MessageEvent("message", "\u00e9\na", ""), new MessageEvent("message", "b", ""));
        byte[] surrogate = {'d', 'a', 't', 'a', ':', 'a', '\n', 'd', 'a', 't', 'a', ':', (byte) 0xED, (byte) 0xA0,
            (byte) 0x80, '\n', '\n'};
        assertThat(Recorder.parse(surrogate))
                .containsExactly(new MessageEvent("message", "a\n\uFFFD\uFFFD\uFFFD", ""));
    }

    @Test
    void aOneLineEventIsDecodedInPlaceOrCopiedWhenItsChunkEndsBeforeTheBlankLine() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        byte[] buffer = "data: first\n".getBytes(StandardCharsets.US_ASCII);
        parser.feed(buffer);
        Arrays.fill(buffer, (byte) 'X'); // the caller reuses its buffer
        parser.feed(new byte[] {'\n'});
        byte[] second = "data: sec".getBytes(StandardCharsets.US_ASCII);
        parser.feed(second);
        byte[] third = "ond\ndata: third\n".getBytes(StandardCharsets.US_ASCII);
        parser.feed(third); // "second" completes in the partial-line buffer, "third" is in this chunk
        Arrays.fill(second, (byte) 'Y');
        Arrays.fill(third, (byte) 'Z');
        parser.feed(new byte[] {'\n', 'd', 'a', 't', 'a', ':', ' ', 'x', 'y', '\n', '\n'});
        assertThat(recorder.seen).containsExactly(new MessageEvent("message", "first", ""),
                new MessageEvent("message", "second\nthird", ""), new MessageEvent("message", "xy", ""));
    }

    @Test
    void dataInTheLineBufferIsCopiedBeforeTheNextSplitLineOverwritesIt() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed("data: abc".getBytes(StandardCharsets.US_ASCII));
        // Completes "data: abc" in the line buffer, then starts another line there before the event ends.
        parser.feed("def\n: ccccccc".getBytes(StandardCharsets.US_ASCII));
        parser.feed("ccc\n\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(recorder.seen).containsExactly(new Comment(" cccccccccc"),
                new MessageEvent("message", "abcdef", ""));
    }

    @Test
    void pendingDataSurvivesAHandlerExceptionInTheSameChunk() {
        List<Object> seen = new ArrayList<>();
        EventStreamParser parser = EventStreamParser.create(new EventStreamHandler() {
            @Override
            public void onEvent(MessageEvent event) {
                seen.add(event);
            }

            @Override
            public void onComment(String comment) {
                throw new IllegalArgumentException("boom");
            }
        });
        byte[] chunk = "data: kept\n:boom\n\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> parser.feed(chunk)).hasMessage("boom");
        Arrays.fill(chunk, (byte) '\n');
        parser.feed("data: more\n\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(seen).containsExactly(new MessageEvent("message", "kept\nmore", ""));
    }

    @Test
    void cachedEventTypesAreTellApartByEveryByteAndByTheirLength() {
        // Types of every cached length, with siblings differing only in their last byte (past the first word when
        // longer than eight bytes), in their length (trailing NULs), or colliding in the cache's eight slots.
        List<String> types = new ArrayList<>();
        for (int length = 1; length <= 33; length++) {
            String base = "t".repeat(length - 1);
            types.add(base + "a");
            types.add(base + "b");
            types.add(base + "\u00e9");
            types.add(base + "\u0000");
        }
        for (int nuls = 0; nuls < 32; nuls++) {
            // The same first word for lengths 9 to 32: more such types than the cache has slots, so some share one.
            types.add("x" + "\u0000".repeat(nuls));
        }
        StringBuilder stream = new StringBuilder();
        List<MessageEvent> expected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2000; i++) {
            String type = types.get(random.nextInt(types.size()));
            stream.append("event: ").append(type).append("\ndata: ").append(i).append("\n\n");
            expected.add(new MessageEvent(type, Integer.toString(i), ""));
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Recorder.parse(bytes)).isEqualTo(expected);
        List<Object> chunked = parseThroughAReusedBuffer(bytes, 7, random);
        assertThat(chunked.subList(0, chunked.size() - 1)).isEqualTo(expected);
    }

    @Test
    void anEventTypeAtTheEndOfItsArrayIsDecodedToo() {
        for (String type : new String[] {"a", "update", "abcdefg", "abcdefgh"}) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = EventStreamParser.create(recorder);
            parser.feed(("event: " + type + "\n").getBytes(StandardCharsets.UTF_8)); // an exactly sized array
            parser.feed("data: x\n\nevent: ".getBytes(StandardCharsets.UTF_8));
            parser.feed((type + "\r").getBytes(StandardCharsets.UTF_8));
            parser.feed("data: y\n\n".getBytes(StandardCharsets.UTF_8));
            assertThat(recorder.seen).containsExactly(new MessageEvent(type, "x", ""), new MessageEvent(type, "y", ""));
        }
    }

    @Test
    void aRepeatedEventTypeIsReusedOnlyWhenItsBytesAreEqual() {
        List<Object> seen = Recorder.parse("event: update\ndata: 1\n\nevent: update\ndata: 2\n\nevent: updatf\n"
                + "data: 3\n\nevent: \u00e9\ndata: 4\n\nevent: \u00e9\ndata: 5\n\nevent:\ndata: 6\n\ndata: 7\n\n"
                + "event: " + "t".repeat(40) + "\ndata: 8\n\nevent: " + "t".repeat(40) + "\ndata: 9\n\n");
        assertThat(seen).containsExactly(new MessageEvent("update", "1", ""), new MessageEvent("update", "2", ""),
                new MessageEvent("updatf", "3", ""), new MessageEvent("\u00e9", "4", ""),
                new MessageEvent("\u00e9", "5", ""), new MessageEvent("message", "6", ""),
                new MessageEvent("message", "7", ""), new MessageEvent("t".repeat(40), "8", ""),
                new MessageEvent("t".repeat(40), "9", ""));
    }
}
