package dev.herald.bench;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.core.MessageEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Delivery throughput of whole clients over loopback: one operation connects to a {@link LoopbackEventServer},
 * receives all {@value #EVENTS} events of {@value LoopbackEventServer#EVENT_BYTES} bytes, and closes, so the score
 * is events per second, connection set-up included. Every client gets the same bytes and sums the data lengths of
 * what it received, so each must produce every event's data string.
 *
 * <p>{@code *Listener} hands each event to a callback: Herald's {@link EventSourceListener} against
 * okhttp-eventsource's {@link BackgroundEventSource}. {@code *Pull} reads events on the benchmark thread: Herald's
 * blocking {@link EventSource.Builder#stream()} against okhttp-eventsource's {@code readMessage()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClientBenchmark {

    /** Events per connection. */
    static final int EVENTS = 100_000;

    private static final long EXPECTED_CHARS = expectedChars();

    /**
     * okhttp's logger. Closing okhttp-eventsource's pull source mid-body leaves okhttp to find the response
     * unclosed and log a leak warning per connection; printing those would time the console, not the client. Held
     * here because java.util.logging keeps loggers only weakly.
     */
    private static final Logger OKHTTP_LOG = Logger.getLogger("okhttp3.OkHttpClient");

    private LoopbackEventServer server;

    /** Starts the server and encodes its response, once for the whole run. */
    @Setup(Level.Trial)
    public void start() throws IOException {
        OKHTTP_LOG.setLevel(java.util.logging.Level.OFF);
        server = new LoopbackEventServer(EVENTS);
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        server.close();
    }

    /** Herald's {@link EventSource} with a listener, on its default client and callback pool. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long heraldListener() throws Exception {
        Tally tally = new Tally();
        CompletableFuture<Long> done = new CompletableFuture<>();
        EventSource source = EventSource.builder(server.uri()).listener(new EventSourceListener() {
            @Override
            public void onEvent(EventSource eventSource, MessageEvent event) {
                if (tally.add(event.data())) {
                    done.complete(tally.chars);
                }
            }

            @Override
            public void onError(EventSource eventSource, Throwable error) {
                done.completeExceptionally(error);
            }
        }).connect();
        try {
            return check(await(done));
        } finally {
            source.close();
        }
    }

    /** Herald's blocking stream, read on the benchmark thread. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long heraldPull() {
        Tally tally = new Tally();
        try (Stream<MessageEvent> events = EventSource.builder(server.uri()).stream()) {
            Iterator<MessageEvent> iterator = events.iterator();
            while (!tally.add(iterator.next().data())) {
                // until the last event
            }
        }
        return check(tally.chars);
    }

    /** okhttp-eventsource's {@link BackgroundEventSource}, its handler called on its own executor. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long okhttpEventSourceListener() throws Exception {
        Tally tally = new Tally();
        CompletableFuture<Long> done = new CompletableFuture<>();
        BackgroundEventHandler handler = new BackgroundEventHandler() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onClosed() {
            }

            @Override
            public void onMessage(String event, com.launchdarkly.eventsource.MessageEvent message) {
                if (tally.add(message.getData())) {
                    done.complete(tally.chars);
                }
            }

            @Override
            public void onComment(String comment) {
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
        try (BackgroundEventSource source = new BackgroundEventSource.Builder(handler,
                new com.launchdarkly.eventsource.EventSource.Builder(server.uri())
                        .errorStrategy(ErrorStrategy.alwaysThrow())).build()) {
            source.start();
            return check(await(done));
        }
    }

    /** okhttp-eventsource's pull API, {@code readMessage()} on the benchmark thread. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long okhttpEventSourcePull() throws StreamException {
        Tally tally = new Tally();
        try (com.launchdarkly.eventsource.EventSource source =
                     new com.launchdarkly.eventsource.EventSource.Builder(server.uri())
                             .errorStrategy(ErrorStrategy.alwaysThrow()).build()) {
            while (!tally.add(source.readMessage().getData())) {
                // until the last event
            }
        }
        return check(tally.chars);
    }

    private static long await(CompletableFuture<Long> done) throws Exception {
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the stream failed before the last event", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the last event did not arrive within 60 s", e);
        }
    }

    private static long check(long chars) {
        if (chars != EXPECTED_CHARS) {
            throw new IllegalStateException("received " + chars + " chars of data, expected " + EXPECTED_CHARS);
        }
        return chars;
    }

    private static long expectedChars() {
        long chars = 0;
        for (int i = 0; i < EVENTS; i++) {
            chars += LoopbackEventServer.data(i).length();
        }
        return chars;
    }

    /** Counts one connection's events; each client calls it from one thread at a time. */
    private static final class Tally {
        private int events;
        private long chars;

        /** Counts an event; true when it was the last one. */
        boolean add(String data) {
            chars += data.length();
            return ++events == EVENTS;
        }
    }
}
