package dev.herald.client.internal;

import dev.herald.client.EventSourceException;
import dev.herald.client.ReadyState;
import dev.herald.core.EventStreamHandler;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import dev.herald.core.StreamLimitException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machinery of one event source: it connects, reads the stream, reconnects when the stream ends or breaks,
 * and delivers what it reads, following the processing model of the WHATWG HTML "Server-sent events" section.
 *
 * <p>All its state is touched on one {@link SerialExecutor} running on the callback executor, so it needs no locks,
 * and callbacks run one at a time. The client's threads only hand signals over to it.
 *
 * <p>Nothing is read ahead of the consumer: one network chunk is requested at a time, and only once every event of
 * the previous chunk has been delivered and there is demand for more. A listener's demand is unbounded but it is
 * called synchronously, so a slow listener slows the reading; a subscriber's demand is its own. The server then
 * sees TCP backpressure, and memory holds at most one chunk's events plus one event being assembled.
 */
final class ConnectionLoop implements Connection {

    /** Fetch's limit on redirects per request. */
    private static final int MAX_REDIRECTS = 20;

    /**
     * Whether this thread is inside a callback of some source. Such a thread never waits in {@link #close}, so that
     * two sources closing each other from their callbacks cannot deadlock.
     */
    private static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

    private final EventSourceConfig config;
    private final HttpClient client;
    private final SerialExecutor serial;
    private final EventStreamParser parser;
    private final ReconnectBackoff backoff;
    /** Signals not yet delivered, in order; events wait here for demand. */
    private final ArrayDeque<Signal> pending = new ArrayDeque<>();
    /** Held while a callback runs, so that closing from another thread can wait for it. */
    private final ReentrantLock delivering = new ReentrantLock();

    /** The URI of the latest connection, before any redirect; the builder's until the first. */
    private volatile URI uri;
    private volatile ReadyState state = ReadyState.CONNECTING;
    private volatile boolean closeRequested;
    private volatile String lastEventId;
    private volatile Duration reconnectionTime;

    private SignalSink sink;
    private long demand;
    private Exchange current;
    private ScheduledFuture<?> reconnectTimer;
    private boolean closedDelivered;

    /**
     * A loop that will deliver events as far as {@code initialDemand} allows; {@link #attach} a sink, then
     * {@link #start()} it, or do both with {@link #start(SignalSink)}.
     */
    ConnectionLoop(EventSourceConfig config, long initialDemand) {
        this.config = config;
        this.uri = config.uri();
        this.client = config.client().orElseGet(DefaultHttpClient::instance);
        this.serial = new SerialExecutor(config.executor().orElseGet(SharedThreads::callbacks));
        this.parser = EventStreamParser.builder(new ParsedSignals())
                .maxEventBytes(config.maxEventBytes())
                .lastEventId(config.lastEventId())
                .build();
        this.backoff = new ReconnectBackoff(config.policy(), () -> ThreadLocalRandom.current().nextDouble());
        this.lastEventId = config.lastEventId();
        this.reconnectionTime = config.policy().initialDelay();
        this.demand = initialDemand;
    }

    /**
     * Sets where signals go. Call it once, before anything else can reach the loop (before a subscriber sees its
     * subscription): the serial queue then publishes it to every task.
     */
    void attach(SignalSink sink) {
        this.sink = sink;
    }

    /** Starts connecting; {@link #attach} a sink first. */
    void start() {
        serial.execute(this::connect);
    }

    @Override
    public void start(SignalSink sink) {
        attach(sink);
        start();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public ReadyState state() {
        return state;
    }

    @Override
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public Duration reconnectionTime() {
        return reconnectionTime;
    }

    @Override
    public boolean isCloseRequested() {
        return closeRequested;
    }

    /** Adds {@code n} (positive) to the demand for events. */
    void request(long n) {
        serial.execute(() -> {
            demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
            drain();
        });
    }

    /** Fails for good with {@code error}, dropping what is undelivered, as if the server had refused the stream. */
    void fail(Throwable error) {
        serial.execute(() -> {
            pending.clear();
            closeForGood(Optional.of(error));
        });
    }

    /**
     * Closes for good: from now on nothing but the closing signal is delivered. The network and timers stop as
     * soon as the callback running now, if any, returns, since only the serial executor may touch them.
     *
     * @param awaitCallback whether to wait for a callback running on another thread to return, so that none runs
     *     once this returns; a subscription's cancel must not block, so it passes false
     */
    void close(boolean awaitCallback) {
        if (!closeRequested) {
            closeRequested = true;
            state = ReadyState.CLOSED;
            serial.execute(() -> {
                stopNetwork();
                pending.clear();
                deliverClosed(Optional.empty());
            });
        }
        if (awaitCallback && !IN_CALLBACK.get()) {
            // A callback that starts after this sees closeRequested under the same lock and is skipped.
            delivering.lock();
            delivering.unlock();
        }
    }

    @Override
    public void close() {
        close(true);
    }

    private void connect() {
        reconnectTimer = null;
        if (state == ReadyState.CLOSED) {
            return;
        }
        RequestSpec request;
        try {
            request = config.request(); // asks the user's suppliers anew: a renewed token goes out from here on
        } catch (UncheckedIOException e) {
            // Say a token service that is down for a moment: as for a network error, another try may succeed.
            reconnectLater(false, e.getCause(), Optional.empty());
            return;
        } catch (RuntimeException e) {
            closeForGood(Optional.of(e));
            return;
        }
        uri = request.uri();
        send(new Exchange(request, 0));
    }

    private void send(Exchange exchange) {
        current = exchange;
        HttpRequest request;
        try {
            request = exchange.request.toHttpRequest(lastEventId, config.connectTimeout());
        } catch (IllegalArgumentException e) {
            closeForGood(Optional.of(e));
            return;
        }
        awaitBytes(exchange); // the idle timeout also bounds the wait for response headers
        CompletableFuture<HttpResponse<Void>> future;
        try {
            future = client.sendAsync(request, response -> bodySubscriber(exchange, response));
        } catch (IllegalArgumentException e) {
            closeForGood(Optional.of(e));
            return;
        }
        exchange.future = future;
        future.whenComplete((response, error) -> serial.execute(() -> exchangeCompleted(exchange, error)));
    }

    /** Chooses what reads the body; runs on the client's thread as soon as headers arrive. */
    private HttpResponse.BodySubscriber<Void> bodySubscriber(Exchange exchange, HttpResponse.ResponseInfo response) {
        ResponseVerdict verdict = ResponseVerdict.of(response, true, config.policy().retryServerErrors());
        exchange.response = response;
        exchange.verdict = verdict;
        switch (verdict) {
            case STREAM:
                return HttpResponse.BodySubscribers.fromSubscriber(new StreamBody(exchange));
            case NO_CONTENT:
            case REDIRECT:
                return new BodyStartSubscriber<>(start -> CompletableFuture.completedFuture(null));
            default:
                return new BodyStartSubscriber<>(start -> CompletableFuture.failedFuture(
                        new EventSourceException(verdict.reason(response), response, start)));
        }
    }

    /** The client finished the exchange: before headers (a network error), or after a body other than a stream's. */
    private void exchangeCompleted(Exchange exchange, Throwable error) {
        if (exchange != current || exchange.ended) {
            return;
        }
        Throwable unwrapped = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        Throwable cause = unwrapped != null ? unwrapped : new IOException("the exchange ended without a response");
        ResponseVerdict verdict = exchange.verdict;
        if (verdict == null) {
            lost(exchange, cause, Optional.empty());
            return;
        }
        switch (verdict) {
            case STREAM:
                if (!exchange.opened) {
                    lost(exchange, cause, Optional.empty());
                }
                // Otherwise the stream's own subscriber reports how it ended.
                break;
            case NO_CONTENT:
                closeForGood(Optional.empty());
                break;
            case REDIRECT:
                redirect(exchange);
                break;
            case RETRYABLE:
                Optional<Duration> retryAfter = exchange.response.headers().firstValue("Retry-After")
                        .flatMap(value -> RetryAfter.parse(value, Instant.now()));
                lost(exchange, cause, retryAfter);
                break;
            default:
                closeForGood(Optional.of(cause));
                break;
        }
    }

    private void redirect(Exchange exchange) {
        HttpResponse.ResponseInfo response = exchange.response;
        if (exchange.redirects >= MAX_REDIRECTS) {
            closeForGood(Optional.of(new EventSourceException(
                    "too many redirects (" + MAX_REDIRECTS + ") from " + uri, response, "")));
            return;
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        URI target;
        try {
            target = exchange.request.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            target = null;
        }
        if (target == null || !RequestSpec.isHttp(target)) {
            closeForGood(Optional.of(new EventSourceException("cannot follow redirect to " + location, response, "")));
            return;
        }
        exchange.end();
        send(new Exchange(exchange.request.redirectedTo(response.statusCode(), target), exchange.redirects + 1));
    }

    private void opened(Exchange exchange, Flow.Subscription body) {
        if (exchange != current || exchange.ended) {
            body.cancel();
            return;
        }
        exchange.body = body;
        exchange.opened = true;
        exchange.openedAt = System.nanoTime();
        exchange.awaitingBytes = false; // paused until there is demand
        state = ReadyState.OPEN;
        pending.add(new Signal.Opened(exchange.response));
        drain();
    }

    private void received(Exchange exchange, List<ByteBuffer> chunk) {
        if (exchange != current || exchange.ended) {
            return;
        }
        exchange.awaitingBytes = false;
        try {
            for (ByteBuffer buffer : chunk) {
                parser.feed(buffer);
            }
        } catch (StreamLimitException e) {
            closeForGood(Optional.of(e));
            return;
        }
        lastEventId = parser.lastEventId();
        drain();
    }

    /** The connection ended or broke: reestablish it after the reconnection time. */
    private void lost(Exchange exchange, Throwable error, Optional<Duration> retryAfter) {
        if (exchange != current || exchange.ended || state == ReadyState.CLOSED) {
            return;
        }
        exchange.end();
        current = null;
        parser.endOfStream(); // discards an unfinished event; keeps the last event ID
        boolean healthy = exchange.opened
                && System.nanoTime() - exchange.openedAt >= SharedThreads.nanos(config.policy().resetAfter());
        reconnectLater(healthy, error, retryAfter);
    }

    /** Reports {@code error} and connects again after the reconnection time and the backoff. */
    private void reconnectLater(boolean healthy, Throwable error, Optional<Duration> retryAfter) {
        state = ReadyState.CONNECTING;
        Duration delay = backoff.next(reconnectionTime, healthy, retryAfter);
        reconnectTimer = SharedThreads.schedule(delay, () -> serial.execute(this::connect));
        pending.add(new Signal.Failed(error));
        drain();
    }

    /** Fails the connection, or closes it on a 204: no reconnection. */
    private void closeForGood(Optional<Throwable> failure) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        state = ReadyState.CLOSED;
        stopNetwork();
        failure.ifPresent(error -> pending.add(new Signal.Failed(error)));
        pending.add(new Signal.Closed(failure));
        drain();
    }

    private void stopNetwork() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
            reconnectTimer = null;
        }
        if (current != null) {
            current.end();
            current = null;
        }
    }

    /** Delivers what demand allows, then asks for more bytes if everything went out and demand remains. */
    private void drain() {
        while (!pending.isEmpty() && !closeRequested) {
            Signal next = pending.peek();
            if (next instanceof Signal.Event) {
                if (demand == 0) {
                    break;
                }
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
            }
            pending.poll();
            if (next instanceof Signal.Closed closed) {
                deliverClosed(closed.failure());
            } else {
                deliver(next);
            }
        }
        Exchange exchange = current;
        if (exchange != null && exchange.body != null && !exchange.ended && !exchange.awaitingBytes
                && pending.isEmpty() && demand > 0 && !closeRequested) {
            awaitBytes(exchange);
            exchange.body.request(1);
        }
    }

    private void deliverClosed(Optional<Throwable> failure) {
        if (closedDelivered) {
            return;
        }
        closedDelivered = true;
        deliver(new Signal.Closed(failure));
    }

    private void deliver(Signal signal) {
        boolean outermost = !IN_CALLBACK.get();
        delivering.lock();
        IN_CALLBACK.set(true);
        try {
            sink.deliver(signal);
        } finally {
            if (outermost) {
                IN_CALLBACK.set(false);
            }
            delivering.unlock();
        }
    }

    private void awaitBytes(Exchange exchange) {
        exchange.awaitingBytes = true;
        exchange.awaitingSince = System.nanoTime();
        if (config.idleTimeout().isPresent() && exchange.idleCheck == null) {
            scheduleIdleCheck(exchange, config.idleTimeout().get());
        }
    }

    private void scheduleIdleCheck(Exchange exchange, Duration delay) {
        exchange.idleCheck = SharedThreads.schedule(delay, () -> serial.execute(() -> checkIdle(exchange)));
    }

    /**
     * One timer per exchange, not one per chunk: when it fires early because bytes came in the meantime, it
     * reschedules itself for the rest of the timeout.
     */
    private void checkIdle(Exchange exchange) {
        exchange.idleCheck = null;
        if (exchange != current || exchange.ended || !exchange.awaitingBytes) {
            return;
        }
        Duration timeout = config.idleTimeout().orElseThrow();
        long waited = System.nanoTime() - exchange.awaitingSince;
        long limit = SharedThreads.nanos(timeout);
        if (waited < limit) {
            scheduleIdleCheck(exchange, Duration.ofNanos(limit - waited));
            return;
        }
        lost(exchange, new HttpTimeoutException("no data received for " + timeout), Optional.empty());
    }

    /** Queues what the parser finds; runs on the serial executor, inside {@code feed}. */
    private final class ParsedSignals implements EventStreamHandler {
        @Override
        public void onEvent(MessageEvent event) {
            pending.add(new Signal.Event(event));
        }

        @Override
        public void onRetry(Duration time) {
            reconnectionTime = time;
        }

        @Override
        public void onComment(String comment) {
            pending.add(new Signal.Comment(comment));
        }
    }

    /** Hands the body of an open stream over to the serial executor. */
    private final class StreamBody implements Flow.Subscriber<List<ByteBuffer>> {
        private final Exchange exchange;

        StreamBody(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            serial.execute(() -> opened(exchange, subscription));
        }

        @Override
        public void onNext(List<ByteBuffer> chunk) {
            serial.execute(() -> received(exchange, chunk));
        }

        @Override
        public void onError(Throwable error) {
            serial.execute(() -> lost(exchange, error, Optional.empty()));
        }

        @Override
        public void onComplete() {
            serial.execute(() -> lost(exchange, new EOFException("the server ended the event stream"),
                    Optional.empty()));
        }
    }
}
