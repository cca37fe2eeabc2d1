package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the parser: on any bytes it must not throw (but for its limit), and cutting the stream anywhere must not
 * change what it reports. {@code mvn verify} replays the corpus in {@code EventStreamParserFuzzTestInputs}; see
 * the README for a real fuzzing run.
 */
class EventStreamParserFuzzTest {

    private static final int LIMIT = 4096;

    @FuzzTest(maxDuration = "60s")
    void parsesAnyBytesTheSameInAnyChunks(FuzzedDataProvider input) {
        int cut = input.consumeInt(0, 1 << 16);
        int chunk = input.consumeInt(1, 64);
        byte[] stream = input.consumeRemainingAsBytes();
        cut = Math.min(cut, stream.length);

        List<Object> whole = parse(stream, stream.length, stream.length);
        List<Object> twoPieces = parse(stream, cut, stream.length);
        List<Object> smallChunks = parse(stream, 0, chunk);
        assertThat(twoPieces).isEqualTo(whole);
        assertThat(smallChunks).isEqualTo(whole);
    }

    /** Feeds {@code stream} cut at {@code firstCut} then in chunks of {@code chunk}; a limit hit is recorded. */
    private static List<Object> parse(byte[] stream, int firstCut, int chunk) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.builder(recorder).maxEventBytes(LIMIT).build();
        try {
            parser.feed(stream, 0, firstCut);
            for (int at = firstCut; at < stream.length; at += chunk) {
                parser.feed(stream, at, Math.min(chunk, stream.length - at));
            }
            parser.endOfStream();
            recorder.seen.add(parser.lastEventId());
        } catch (StreamLimitException e) {
            recorder.seen.add("limit");
        }
        return recorder.seen;
    }
}
