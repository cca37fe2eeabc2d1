package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the encoder against the parser: events of fuzzed fields, encoded one after another and parsed in fuzzed
 * chunks, come back exactly as a receiver should see them (line breaks as LF, a lone surrogate as U+FFFD); an event
 * the encoder's rules refuse is refused when built, for the reason the rules give.
 */
class EventEncoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void encodedEventsParseBack(FuzzedDataProvider input) {
        int count = input.consumeInt(1, 4);
        int chunk = input.consumeInt(1, 64);
        List<Event> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            Event event = fuzzedEvent(input);
            if (event != null) {
                byte[] encoded = EventEncoder.encode(event);
                assertThat(encoded).hasSize(EventEncoder.encodedLength(event));
                sent.add(event);
                stream.writeBytes(encoded);
            }
        }
        byte[] bytes = stream.toByteArray();
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        for (int at = 0; at < bytes.length; at += chunk) {
            parser.feed(bytes, at, Math.min(chunk, bytes.length - at));
        }
        assertThat(recorder.seen).isEqualTo(expected(sent));
    }

    /** An event of fuzzed parts; null when the rules refuse it, which must be for a line break or NUL. */
    private static Event fuzzedEvent(FuzzedDataProvider input) {
        int parts = input.consumeInt(0, 31);
        String id = (parts & 1) != 0 ? input.consumeString(32) : null;
        String type = (parts & 2) != 0 ? input.consumeString(32) : null;
        String data = (parts & 4) != 0 ? input.consumeString(200) : null;
        Duration retry = (parts & 8) != 0 ? Duration.ofMillis(input.consumeLong(0, Long.MAX_VALUE)) : null;
        String comment = (parts & 16) != 0 ? input.consumeString(64) : null;
        Event.Builder builder = Event.builder();
        if (id != null) {
            builder.id(id);
        }
        if (type != null) {
            builder.type(type);
        }
        if (data != null) {
            builder.data(data);
        }
        if (retry != null) {
            builder.retry(retry);
        }
        if (comment != null) {
            builder.comment(comment);
        }
        boolean valid = (id == null || !hasAny(id, "\r\n\0")) && (type == null || !hasAny(type, "\r\n"));
        try {
            Event event = builder.build();
            assertThat(valid).as("an event with a line break or NUL in its id, or a line break in its type").isTrue();
            return event;
        } catch (IllegalArgumentException e) {
            assertThat(valid).as("a valid event was refused: " + e.getMessage()).isFalse();
            return null;
        }
    }

    /** What a receiver reports for {@code sent}, worked out from the events' fields. */
    private static List<Object> expected(List<Event> sent) {
        List<Object> expected = new ArrayList<>();
        String lastEventId = "";
        for (Event event : sent) {
            event.comment().ifPresent(comment -> {
                for (String line : received(comment).split("\n", -1)) {
                    expected.add(new Recorder.Comment(line));
                }
            });
            event.retry().ifPresent(retry -> expected.add(new Recorder.Retry(retry)));
            lastEventId = event.id().map(EventEncoderFuzzTest::received).orElse(lastEventId);
            if (event.data().isPresent()) {
                String type = event.type().filter(t -> !t.isEmpty()).map(EventEncoderFuzzTest::received)
                        .orElse(MessageEvent.DEFAULT_TYPE);
                expected.add(new MessageEvent(type, received(event.data().get()), lastEventId));
            }
        }
        return expected;
    }

    /** A string as received: every line break an LF, every lone surrogate U+FFFD. */
    private static String received(String text) {
        String lines = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(lines.length());
        for (int i = 0; i < lines.length(); i++) {
            char c = lines.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < lines.length() && Character.isLowSurrogate(lines.charAt(i + 1))) {
                out.append(c).append(lines.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static boolean hasAny(String text, String characters) {
        return text.chars().anyMatch(c -> characters.indexOf(c) >= 0);
    }
}
