package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static dev.herald.hub.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hub that drains before it stops: not ready first, then its streams ended one by one, then publishes refused. */
@Timeout(60)
class DrainTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDrainingHubIsNotReadyThenEndsItsStreamsSpreadOutEachWithARetryHint() throws Exception {
        Hub hub = HubFixture.builder().drain(Duration.ofSeconds(3), Duration.ofMillis(1_500)).build().start();
        TestHub served = TestHub.of(hub, hub.url(), hub.address(), () -> { });
        String base = "http://127.0.0.1:" + hub.address().getPort();
        List<StreamReader> streams = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            streams.add(StreamReader.open(subscribeUrl(served, topics("t:drain")), Map.of()));
        }
        assertThat(get(base + "/healthz/ready").statusCode()).isEqualTo(200);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> hub.close(Duration.ofMillis(1_500)));
        while (!hub.health().draining()) {
            Thread.sleep(10);
        }
        // Not ready, yet serving everything: subscribers, publishers, the live probe.
        HttpResponse<String> ready = get(base + "/healthz/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("draining");
        assertThat(get(base + "/healthz/live").statusCode()).isEqualTo(200);
        assertThat(hub.health().draining()).isTrue();
        StreamReader late = StreamReader.open(subscribeUrl(served, topics("t:drain")), Map.of());
        streams.add(late);
        assertThat(late.response.statusCode()).isEqualTo(200);
        String id = HubFixture.publish(served, "topic", "t:drain", "data", "while draining");
        for (StreamReader stream : streams) {
            assertThat(stream.next().lastEventId()).isEqualTo(id);
        }

        // Once the delay is over the streams end, and a new subscriber is sent elsewhere.
        HttpResponse<?> refused;
        do {
            Thread.sleep(50);
            try (StreamReader probe = StreamReader.open(subscribeUrl(served, topics("t:drain")), Map.of())) {
                refused = probe.response;
            }
        } while (refused.statusCode() == 200 && !closed.isDone());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        long first = Long.MAX_VALUE;
        long last = 0;
        for (StreamReader stream : streams) {
            assertThat(stream.awaitEnd(5_000)).isTrue();
            first = Math.min(first, stream.endedAt());
            last = Math.max(last, stream.endedAt());
            assertThat(stream.retry()).hasValueSatisfying(retry ->
                    assertThat(retry).isBetween(Duration.ofMillis(200), Duration.ofSeconds(1)));
        }
        // Spread over the drain time, not all at once (31 streams over 1.5 s: about 50 ms apart).
        assertThat(Duration.ofNanos(last - first)).isGreaterThan(Duration.ofMillis(700));
        closed.get();
        assertThat(hub.health().reason()).isEqualTo("stopped");
    }

    @Test
    void aHubWithNoConnectionStopsWithoutWaitingAndAcceptsNoPublishOnceItStopped() {
        Hub hub = HubFixture.builder().drain(Duration.ofSeconds(30), Duration.ofSeconds(30)).build().start();
        long start = System.nanoTime();
        hub.drainAndClose();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(hub.publishAsync(Update.of("t:after", "x"))).isCompletedExceptionally();
    }

    @Test
    void aHubToldToBeginDrainingIsNotReadyButServes() throws Exception {
        try (Hub hub = HubFixture.builder().build().start()) {
            assertThat(hub.health().ready()).isTrue();
            hub.beginDrain();
            assertThat(hub.health().ready()).isFalse();
            assertThat(hub.health().reason()).isEqualTo("draining");
            TestHub served = TestHub.of(hub, hub.url(), hub.address(), () -> { });
            try (StreamReader stream = StreamReader.open(subscribeUrl(served, topics("t:begun")), Map.of())) {
                assertThat(stream.response.statusCode()).isEqualTo(200);
                hub.publish(Update.of("t:begun", "still served"));
                assertThat(stream.next().data()).isEqualTo("still served");
            }
        }
    }

    @Test
    void aHubTellsItsDrainOptionsAndWhetherItsLoopsAnswer() {
        Hub hub = HubFixture.builder().drain(Duration.ofMillis(700), Duration.ofSeconds(4)).build().start();
        assertThat(hub.drainDelay()).isEqualTo(Duration.ofMillis(700));
        assertThat(hub.drainTime()).isEqualTo(Duration.ofSeconds(4));
        assertThat(hub.loopsAnswer(Duration.ofSeconds(5))).isTrue();
        hub.close();
        assertThat(hub.loopsAnswer(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aHubWhoseStreamsWereEndedAnswersTheUpdatesItAcceptedBeforeItsTransportCloses() throws Exception {
        SlowTransport transport = new SlowTransport();
        Hub hub = HubFixture.builder().transport(transport).drain(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .build().start();
        hub.endStreams(Duration.ofMillis(100));
        CompletableFuture<String> accepted = hub.publishAsync(Update.of("t:late", "accepted"));
        long start = System.nanoTime();
        hub.drainAndClose();
        // Neither the delay nor the drain time again: only the accepted publish was waited for.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(accepted).isCompleted();
        assertThat(accepted.isCompletedExceptionally()).isFalse();
        assertThat(transport.closedAfterEveryAppend).isTrue();
    }

    /** A memory transport that takes 300 ms to store each update, and tells whether it closed with none pending. */
    private static final class SlowTransport implements Transport {
        private final MemoryTransport log = new MemoryTransport(100);
        private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic
                .AtomicInteger();
        private volatile boolean closedAfterEveryAppend;

        @Override
        public void start(Listener listener) {
            log.start(listener);
        }

        @Override
        public CompletableFuture<Void> append(Update update) {
            pending.incrementAndGet();
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(300,
                    java.util.concurrent.TimeUnit.MILLISECONDS)).thenCompose(ignored -> log.append(update))
                    .whenComplete((stored, failure) -> pending.decrementAndGet());
        }

        @Override
        public CompletableFuture<Replay> replay(String lastEventId, Listener listener) {
            return log.replay(lastEventId, listener);
        }

        @Override
        public java.util.Optional<String> lastEventId() {
            return log.lastEventId();
        }

        @Override
        public void close() {
            closedAfterEveryAppend = pending.get() == 0;
            log.close();
        }
    }
}
