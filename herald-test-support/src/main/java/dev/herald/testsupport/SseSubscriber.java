package dev.herald.testsupport;

import dev.herald.core.EventStreamHandler;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber over real HTTP: the JDK's client reads the stream, herald-core's parser splits it into events. */
public final class SseSubscriber implements AutoCloseable {

    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The response, for its status and headers. */
    public final HttpResponse<InputStream> response;
    final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);

    private SseSubscriber(HttpResponse<InputStream> response) {
        this.response = response;
        EventStreamParser parser = EventStreamParser.create(new EventStreamHandler() {
            @Override
            public void onEvent(MessageEvent event) {
                events.add(event);
            }

            @Override
            public void onComment(String comment) {
                opened.countDown(); // the hub opens every stream with a comment once the subscriber is registered
            }
        });
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    parser.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // the test or the hub ended the stream
            } finally {
                ended.countDown();
            }
        }, "sse-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    /** Subscribes at {@code url}; when the hub answers 200, returns once the stream is open. */
    public static SseSubscriber open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        SseSubscriber subscriber = new SseSubscriber(
                CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        if (subscriber.response.statusCode() == 200 && !subscriber.opened.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the stream did not open within 10 s");
        }
        return subscriber;
    }

    public int status() {
        return response.statusCode();
    }

    /** The next {@code count} events, failing when one takes longer than 10 s. */
    public List<MessageEvent> next(int count) throws InterruptedException {
        List<MessageEvent> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MessageEvent event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("event " + (i + 1) + " of " + count + " did not arrive within 10 s; got "
                        + received);
            }
            received.add(event);
        }
        return received;
    }

    /** An event arriving within {@code millis}, or null; used to show that none does. */
    public MessageEvent poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }

    public boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
