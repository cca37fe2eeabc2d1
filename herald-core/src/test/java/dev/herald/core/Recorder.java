package dev.herald.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records everything a parser reports, in order, so tests can compare whole sequences. */
final class Recorder implements EventStreamHandler {

    /** A comment the parser reported. */
    record Comment(String text) {
    }

    /** A reconnection time the parser reported. */
    record Retry(Duration time) {
    }

    final List<Object> seen = new ArrayList<>();

    @Override
    public void onEvent(MessageEvent event) {
        seen.add(event);
    }

    @Override
    public void onRetry(Duration reconnectionTime) {
        seen.add(new Retry(reconnectionTime));
    }

    @Override
    public void onComment(String comment) {
        seen.add(new Comment(comment));
    }

    List<MessageEvent> events() {
        return seen.stream().filter(MessageEvent.class::isInstance).map(MessageEvent.class::cast).toList();
    }

    /** Parses {@code stream} fed in one piece and ended, returning all that was reported. */
    static List<Object> parse(byte[] stream) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(stream);
        parser.endOfStream();
        return recorder.seen;
    }

    static List<Object> parse(String stream) {
        return parse(stream.getBytes(StandardCharsets.UTF_8));
    }
}
