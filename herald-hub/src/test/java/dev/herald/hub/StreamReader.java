package dev.herald.hub;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test subscriber: opens an event stream with the JDK's HTTP client and parses it with herald-core. */
public final class StreamReader implements AutoCloseable {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public final HttpResponse<InputStream> response;
    final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;
    /** When the stream ended ({@link System#nanoTime()}), once it has. */
    private volatile long endedAt;
    /** The last reconnection time the hub sent, if any. */
    private volatile Duration retry;

    private StreamReader(HttpResponse<InputStream> response) {
        this.response = response;
        EventStreamParser parser = EventStreamParser.create(new EventStreamHandler() {
            @Override
            public void onEvent(MessageEvent event) {
                events.add(event);
            }

            @Override
            public void onComment(String comment) {
                comments.add(comment);
            }

            @Override
            public void onRetry(Duration reconnectionTime) {
                retry = reconnectionTime;
            }
        });
        reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    parser.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // closed by the test or the hub
            } finally {
                endedAt = System.nanoTime();
                ended = true;
            }
        }, "stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Subscribes at {@code url} (with its query) sending {@code headers}. */
    public static StreamReader open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        return open(CLIENT, url, headers);
    }

    public static StreamReader open(HttpClient client, String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10)); // for the response head: a test never hangs
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        StreamReader stream = new StreamReader(response);
        if (response.statusCode() == 200) {
            stream.awaitComment(); // the hub's opening comment: it is subscribed from here on
        }
        return stream;
    }

    String awaitComment() throws InterruptedException {
        String comment = comments.poll(10, TimeUnit.SECONDS);
        if (comment == null) {
            throw new AssertionError("no comment arrived");
        }
        return comment;
    }

    public MessageEvent next() throws InterruptedException {
        MessageEvent event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event arrived within 10 s");
        }
        return event;
    }

    public List<MessageEvent> next(int count) throws InterruptedException {
        List<MessageEvent> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    /** Whether an event arrives within {@code millis}; used to show one does not. */
    MessageEvent poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean ended() {
        return ended;
    }

    /** When the stream ended, by {@link System#nanoTime()}; only once {@link #awaitEnd} said it has. */
    long endedAt() {
        return endedAt;
    }

    /** The last reconnection time the hub sent (a {@code retry:} field), if any. */
    java.util.Optional<Duration> retry() {
        return java.util.Optional.ofNullable(retry);
    }

    public boolean awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
        return ended;
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
