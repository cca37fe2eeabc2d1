package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Random events, encoded then parsed in random chunks, come back as a receiver should see them. */
class RoundTripTest {

    private static final String[] PIECES = {
        "a", "Z", "0", " ", "  ", "\t", ":", "data:", "id", "\n", "\r", "\r\n", "\n\n", "\u00e9", "\u20ac", "\uD83D\uDE00",
        "\u4e16\u754c", "\uFEFF", "\u0000", "{\"k\":1}", "\u2028",
    };

    private static String randomText(SplittableRandom random, boolean lineBreaks, boolean nul) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            if (!lineBreaks && (piece.indexOf('\n') >= 0 || piece.indexOf('\r') >= 0)) {
                continue;
            }
            if (!nul && piece.indexOf('\0') >= 0) {
                continue;
            }
            text.append(piece);
        }
        return text.toString();
    }

    /** What a receiver gets back: line breaks of every kind become LF. */
    private static String normalized(String data) {
        return data.replace("\r\n", "\n").replace('\r', '\n');
    }

    @RepeatedTest(200)
    void randomEventsSurviveEncodingAndParsing(RepetitionInfo repetition) {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        List<Event> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 30; i++) {
            Event.Builder builder = Event.builder();
            if (random.nextBoolean()) {
                builder.id(randomText(random, false, false));
            }
            if (random.nextBoolean()) {
                builder.type(randomText(random, false, true));
            }
            if (random.nextInt(5) > 0) {
                builder.data(randomText(random, true, true));
            }
            if (random.nextInt(5) == 0) {
                builder.retry(Duration.ofMillis(random.nextLong(0, Long.MAX_VALUE)));
            }
            if (random.nextInt(5) == 0) {
                builder.comment(randomText(random, true, true));
            }
            Event event = builder.build();
            sent.add(event);
            stream.writeBytes(EventEncoder.encode(event));
        }

        List<Object> expected = new ArrayList<>();
        String lastEventId = "";
        for (Event event : sent) {
            event.comment().ifPresent(comment -> {
                for (String line : normalized(comment).split("\n", -1)) {
                    expected.add(new Recorder.Comment(line));
                }
            });
            event.retry().ifPresent(retry -> expected.add(new Recorder.Retry(retry)));
            lastEventId = event.id().orElse(lastEventId);
            if (event.data().isPresent()) {
                String type = event.type().filter(t -> !t.isEmpty()).orElse("message");
                expected.add(new MessageEvent(type, normalized(event.data().get()), lastEventId));
            }
        }

        byte[] bytes = stream.toByteArray();
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        int at = 0;
        while (at < bytes.length) {
            int length = Math.min(bytes.length - at, random.nextInt(1, 64));
            parser.feed(bytes, at, length);
            at += length;
        }
        assertThat(recorder.seen).isEqualTo(expected);
        assertThat(parser.lastEventId()).isEqualTo(lastEventId);
    }
}
