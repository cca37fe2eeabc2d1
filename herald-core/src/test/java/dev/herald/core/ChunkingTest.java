package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** However a stream is cut into chunks, the parser reports exactly what it reports for the stream in one piece. */
class ChunkingTest {

    static Stream<byte[]> streams() {
        List<byte[]> streams = new ArrayList<>();
        for (String text : List.of(
                "data: hello\n\n",
                "\uFEFFid: 1\nevent: add\ndata: a\ndata: b\n\n: comment\nretry: 250\n\ndata: c\r\n\r\n",
                "data: a\r\rdata: b\r\n\r\ndata: c\n\r\ndata: d\r\n\n",
                "\uFEFF\uFEFFdata: x\n\ndata: y\n\n",
                "data: \u00e9\u20ac\uD83D\uDE00\u4e16\ndata\n\nid: \u00e9\u0000\ndata: z\n\nid\n\n",
                ":\n:x\r\ndata:x\r\r\r\nevent:\rdata\r\r",
                "data: unfinished\n\ndata: tail")) {
            streams.add(text.getBytes(StandardCharsets.UTF_8));
        }
        streams.add(new byte[] {(byte) 0xEF, (byte) 0xBB, 'd', 'a', 't', 'a', ':', 'x', '\n', '\n', 'd', 'a', 't', 'a',
            ':', (byte) 0xF0, (byte) 0x9F, '\r', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\r', '\r'});
        return streams.stream();
    }

    private static List<Object> parseInChunks(byte[] stream, int... cuts) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        int from = 0;
        for (int cut : cuts) {
            parser.feed(stream, from, cut - from);
            from = cut;
        }
        parser.feed(stream, from, stream.length - from);
        parser.endOfStream();
        return recorder.seen;
    }

    @ParameterizedTest
    @MethodSource("streams")
    void everySplitIntoTwoGivesTheSameResult(byte[] stream) {
        List<Object> whole = Recorder.parse(stream);
        assertThat(whole).isNotEmpty();
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(parseInChunks(stream, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void everySplitIntoThreeGivesTheSameResult(byte[] stream) {
        List<Object> whole = Recorder.parse(stream);
        for (int first = 0; first <= stream.length; first++) {
            for (int second = first; second <= stream.length; second++) {
                assertThat(parseInChunks(stream, first, second)).as("cuts at %d and %d", first, second)
                        .isEqualTo(whole);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void singleBytesGiveTheSameResult(byte[] stream) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        for (byte b : stream) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        parser.endOfStream();
        assertThat(recorder.seen).isEqualTo(Recorder.parse(stream));
    }

    @ParameterizedTest
    @MethodSource("streams")
    void randomChunkingOfARepeatedStreamGivesTheSameResult(byte[] stream) {
        byte[] repeated = new byte[stream.length * 50];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(stream, 0, repeated, i * stream.length, stream.length);
        }
        List<Object> whole = Recorder.parse(repeated);
        SplittableRandom random = new SplittableRandom(stream.length);
        for (int round = 0; round < 50; round++) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = EventStreamParser.create(recorder);
            int at = 0;
            while (at < repeated.length) {
                int length = Math.min(repeated.length - at, random.nextInt(1, 40));
                ByteBuffer direct = ByteBuffer.allocateDirect(length).put(repeated, at, length).flip();
                parser.feed(direct);
                at += length;
            }
            parser.endOfStream();
            assertThat(recorder.seen).isEqualTo(whole);
        }
    }
}
