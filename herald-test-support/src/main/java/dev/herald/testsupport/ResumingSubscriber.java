package dev.herald.testsupport;

import dev.herald.core.MessageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscriber that moves between hub nodes as a browser's EventSource would: when its stream ends it opens a new
 * one elsewhere with the Last-Event-ID it last received, and keeps every event it was given, in order.
 */
public final class ResumingSubscriber implements AutoCloseable {

    private final String name;
    private final List<String> received = new ArrayList<>();
    private SseSubscriber stream;

    private ResumingSubscriber(String name, SseSubscriber stream) {
        this.name = name;
        this.stream = stream;
    }

    /** Subscribes at {@code url} from now on (or, with a Last-Event-ID header, from there). */
    public static ResumingSubscriber open(String name, String url, Map<String, String> headers) throws Exception {
        return new ResumingSubscriber(name, openRetrying(url, headers));
    }

    /** Reopens the stream at {@code url}, resuming after the last event received; retries while the hub says 503. */
    public void resumeAt(String url) throws Exception {
        stream.close();
        drain();
        if (received.isEmpty()) {
            throw new AssertionError(name + " has nothing to resume from");
        }
        stream = openRetrying(url, Map.of("Last-Event-ID", received.get(received.size() - 1)));
    }

    /** Waits until {@code count} events were received in all, or the deadline passes; returns them. */
    public List<String> awaitEvents(int count, long deadlineMillis) throws InterruptedException {
        while (received.size() < count && System.currentTimeMillis() < deadlineMillis) {
            MessageEvent event = stream.poll(100);
            if (event != null) {
                received.add(event.lastEventId());
            }
        }
        drain();
        return List.copyOf(received);
    }

    private void drain() {
        MessageEvent event;
        while ((event = stream.events.poll()) != null) {
            received.add(event.lastEventId());
        }
    }

    private static SseSubscriber openRetrying(String url, Map<String, String> headers) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            SseSubscriber attempt = SseSubscriber.open(url, headers);
            if (attempt.status() == 200) {
                return attempt;
            }
            attempt.close();
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("could not subscribe at " + url + ": " + attempt.status());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
