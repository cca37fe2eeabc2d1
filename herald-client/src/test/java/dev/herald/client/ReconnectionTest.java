package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Losing the connection and getting it back: when, how soon, and with which last event ID. */
@Timeout(30)
class ReconnectionTest {

    /** A reconnection time no test waits for: a reconnection that comes quickly proves the server's won. */
    private static final ReconnectPolicy SLOW = ReconnectPolicy.builder().initialDelay(Duration.ofSeconds(20)).build();
    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    @Test
    void aConnectionDroppedMidEventReconnectsWithTheLastEventIdAndDropsThePartialEvent() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send("retry: 10\nid: 1\ndata: first\n\nid: 2\ndata: partial");
                        exchange.drop();
                    } else {
                        exchange.send("data: second\n\n");
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(SLOW).listener(listener)
                        .connect()) {
            assertThat(server.takeRequest().header("Last-Event-ID")).isEmpty();
            assertThat(listener.nextEvent()).isEqualTo(new MessageEvent("message", "first", "1"));
            assertThat(listener.nextError()).isInstanceOf(IOException.class);
            assertThat(listener.statesAtError.poll()).isEqualTo(ReadyState.CONNECTING);

            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("1");
            assertThat(listener.nextEvent()).isEqualTo(new MessageEvent("message", "second", "1"));
            assertThat(listener.calls()).hasSize(5).startsWith("open", "event:first").endsWith("open", "event:second");
            assertThat(source.lastEventId()).isEqualTo("1");
        }
    }

    @Test
    void theEndOfTheBodyReconnectsAndTheIdSurvives() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send("retry: 10\nid: 7\ndata: a\n\n");
                        exchange.end();
                    } else {
                        exchange.send("data: b\n\n");
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(SLOW).listener(listener)
                        .connect()) {
            server.takeRequest();
            assertThat(listener.nextEvent().data()).isEqualTo("a");
            assertThat(listener.nextError()).isInstanceOf(EOFException.class);
            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("7");
            assertThat(listener.nextEvent()).isEqualTo(new MessageEvent("message", "b", "7"));
            assertThat(listener.calls()).containsExactly("open", "event:a", "error:EOFException", "open", "event:b");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void theInitialLastEventIdIsSentOnTheFirstRequest() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/")).lastEventId("42").connect()) {
            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("42");
            assertThat(source.lastEventId()).isEqualTo("42");
        }
    }

    @Test
    void aLastEventIdTheJdkCannotSendIsLeftOutRatherThanMangled() throws Exception {
        assertThat(lastEventIdAfterReconnecting("retry: 10\nid: café 日本\ndata: x\n\n")).isEqualTo("café 日本");
    }

    @Test
    void anEmptyIdStopsSendingLastEventId() throws Exception {
        assertThat(lastEventIdAfterReconnecting("retry: 10\nid: 5\ndata: x\n\nid\ndata: y\n\n")).isEmpty();
    }

    @Test
    void theServersRetryIsHonouredAndNeverUndercut() throws Exception {
        AtomicLong endedAt = new AtomicLong();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send("retry: 300\ndata: a\n\n");
                        endedAt.set(System.nanoTime());
                        exchange.end();
                    } else {
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(SLOW).connect()) {
            server.takeRequest();
            RecordedRequest second = server.takeRequest();
            long gapMillis = (second.receivedAtNanos() - endedAt.get()) / 1_000_000;
            assertThat(gapMillis).isBetween(300L, 5_000L);
            assertThat(source.reconnectionTime()).isEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aBogusRetryIsIgnored() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send("retry: 10\n\n");
                        // Each of these would mean a long wait if it were taken for a number.
                        exchange.send("retry: 60000ms\nretry: 6e4\nretry: -60000\nretry: 60000.5\nretry:  60000\n"
                                + "retry: ６００００\nretry:\ndata: a\n\n");
                        exchange.end();
                    } else {
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(SLOW).connect()) {
            server.takeRequest();
            server.takeRequest(); // within 5 seconds: the 10 ms still holds
            assertThat(source.reconnectionTime()).isEqualTo(Duration.ofMillis(10));
        }
    }

    @Test
    void aStalledServerIsDroppedAfterTheIdleTimeoutAndReconnected() throws Exception {
        CountDownLatch droppedByClient = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send("retry: 10\nid: 1\ndata: before stall\n\n");
                        if (exchange.awaitClientClose(Duration.ofSeconds(5))) {
                            droppedByClient.countDown();
                        }
                    } else {
                        // Heartbeats keep a connection alive well past the timeout.
                        for (int i = 0; i < 6; i++) {
                            exchange.send(":\n");
                            Thread.sleep(100);
                        }
                        exchange.send("data: after\n\n");
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .idleTimeout(Duration.ofMillis(300))
                        .reconnectPolicy(SLOW)
                        .listener(listener)
                        .connect()) {
            assertThat(listener.nextEvent().data()).isEqualTo("before stall");
            assertThat(listener.nextError()).isInstanceOf(HttpTimeoutException.class);
            assertThat(droppedByClient.await(5, TimeUnit.SECONDS)).isTrue();
            server.takeRequest();
            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("1");
            assertThat(listener.nextEvent().data()).isEqualTo("after");
            assertThat(listener.errors).as("heartbeats every 100 ms never let the 300 ms timeout fire").isEmpty();
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void theIdleTimeoutAlsoBoundsTheWaitForHeaders() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    if (request.index() == 0) {
                        exchange.awaitClientClose(Duration.ofSeconds(5)); // never answers
                    } else {
                        exchange.openStream();
                        exchange.send("data: answered\n\n");
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .idleTimeout(Duration.ofMillis(200))
                        .reconnectPolicy(QUICK)
                        .listener(listener)
                        .connect()) {
            assertThat(listener.nextError()).isInstanceOf(HttpTimeoutException.class);
            assertThat(listener.nextEvent().data()).isEqualTo("answered");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void theConnectTimeoutBoundsTheWaitForHeadersButNotTheStream() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    if (request.index() == 0) {
                        exchange.awaitClientClose(Duration.ofSeconds(5)); // never answers
                    } else {
                        exchange.openStream();
                        Thread.sleep(500); // an open stream may be quiet for longer than the connect timeout
                        exchange.send("data: late but fine\n\n");
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .connectTimeout(Duration.ofMillis(200))
                        .reconnectPolicy(QUICK)
                        .listener(listener)
                        .connect()) {
            assertThat(listener.nextError()).isInstanceOf(HttpTimeoutException.class);
            assertThat(listener.nextEvent().data()).isEqualTo("late but fine");
            assertThat(listener.errors).isEmpty();
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void aRefusedConnectionKeepsRetryingUntilClosed() throws Exception {
        URI nobodyListens;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        RecordingListener listener = new RecordingListener();
        EventSource source = EventSource.builder(nobodyListens).reconnectPolicy(QUICK).listener(listener).connect();
        try {
            for (int i = 0; i < 3; i++) {
                Throwable error = listener.nextError();
                assertThat(error).isInstanceOf(ConnectException.class);
                assertThat(listener.statesAtError.poll()).isEqualTo(ReadyState.CONNECTING);
            }
            source.close();
            listener.awaitClosed();
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
        } finally {
            source.close();
        }
    }

    @Test
    void closingWhileWaitingToReconnectCancelsTheReconnection() throws Exception {
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onError(EventSource source, Throwable error) {
                super.onError(source, error);
                source.close();
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("retry: 100\ndata: x\n\n");
                    exchange.end();
                })) {
            EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect();
            try {
                listener.awaitClosed();
                server.takeRequest();
                assertThat(server.pollRequest(Duration.ofMillis(400))).isEmpty();
                assertThat(listener.calls()).containsExactly("open", "event:x", "error:EOFException", "closed");
            } finally {
                source.close();
            }
        }
    }

    @Test
    void backoffGrowsToItsCapAndResetsAfterAHealthyConnection() throws Exception {
        List<Long> requestTimes = new ArrayList<>();
        ConcurrentHashMap<Integer, Long> endTimes = new ConcurrentHashMap<>();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 3) {
                        Thread.sleep(200); // stays open past resetAfter: healthy
                    }
                    if (request.index() >= 5) {
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                    endTimes.put(request.index(), System.nanoTime());
                    exchange.end();
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .reconnectPolicy(ReconnectPolicy.builder()
                                .initialDelay(Duration.ofMillis(30))
                                .backoff(4, Duration.ofMillis(480))
                                .resetAfter(Duration.ofMillis(100))
                                .build())
                        .connect()) {
            for (int i = 0; i < 6; i++) {
                requestTimes.add(server.takeRequest().receivedAtNanos());
            }
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                gaps.add((requestTimes.get(i) - endTimes.get(i - 1)) / 1_000_000);
            }
            // 30, 120, 480 (the cap, not 1920); then the healthy connection resets it: 30, 120. A delay is never
            // shorter than asked; a busy machine may make it longer, so the upper bounds only tell the steps apart
            // where they must (the cap held, and the reset came back below it).
            assertThat(gaps.get(0)).isBetween(30L, 479L);
            assertThat(gaps.get(1)).isBetween(120L, 1919L);
            assertThat(gaps.get(2)).isBetween(480L, 1919L);
            assertThat(gaps.get(3)).isBetween(30L, 479L);
            assertThat(gaps.get(4)).isGreaterThanOrEqualTo(120L);
            assertThat(source.state()).isNotEqualTo(ReadyState.CLOSED);
        }
    }

    @Test
    void serverErrorsAreRetriedWhenOptedInHonouringRetryAfter() throws Exception {
        AtomicLongArray answeredAt = new AtomicLongArray(2);
        RecordingListener listener = new RecordingListener();
        String pastDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    switch (request.index()) {
                        case 0:
                            answeredAt.set(0, System.nanoTime());
                            exchange.respond(503, "busy", "Retry-After: 1", "Content-Type: text/plain");
                            break;
                        case 1:
                            answeredAt.set(1, System.nanoTime());
                            exchange.respond(429, "slow down", "Retry-After: " + pastDate);
                            break;
                        default:
                            exchange.openStream();
                            exchange.send("data: finally\n\n");
                            exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .reconnectPolicy(QUICK.toBuilder().retryServerErrors(true).build())
                        .listener(listener)
                        .connect()) {
            server.takeRequest();
            EventSourceException first = (EventSourceException) listener.nextError();
            assertThat(first.status()).hasValue(503);
            assertThat(first.body()).isEqualTo("busy");
            assertThat(first.contentType()).hasValue("text/plain");
            assertThat(listener.statesAtError.poll()).isEqualTo(ReadyState.CONNECTING);
            long afterRetryAfter = (server.takeRequest().receivedAtNanos() - answeredAt.get(0)) / 1_000_000;
            assertThat(afterRetryAfter).isGreaterThanOrEqualTo(1000L);

            EventSourceException second = (EventSourceException) listener.nextError();
            assertThat(second.status()).hasValue(429);
            long afterPastDate = (server.takeRequest().receivedAtNanos() - answeredAt.get(1)) / 1_000_000;
            assertThat(afterPastDate).isLessThan(1000L);

            assertThat(listener.nextEvent().data()).isEqualTo("finally");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    /**
     * Serves {@code firstStream} on the first connection, checks that the reconnection sends no Last-Event-ID, and
     * returns the source's last event id.
     */
    private static String lastEventIdAfterReconnecting(String firstStream) throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    if (request.index() == 0) {
                        exchange.send(firstStream);
                        exchange.end();
                    } else {
                        exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(SLOW).connect()) {
            server.takeRequest();
            assertThat(server.takeRequest().header("Last-Event-ID")).isEmpty();
            return source.lastEventId();
        }
    }
}
