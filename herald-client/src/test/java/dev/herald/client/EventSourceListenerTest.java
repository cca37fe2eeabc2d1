package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import dev.herald.core.StreamLimitException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Delivery to a listener and to handlers: what arrives, in what order, and how fast the network is read. */
@Timeout(30)
class EventSourceListenerTest {

    /** Fast enough that a wrong reconnection shows up within a short wait. */
    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    @Test
    void sendsTheSpecHeadersAndDeliversEventsCommentsAndIds() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream("Text/Event-Stream; charset=utf-8");
                    exchange.send(": heartbeat\n\nid: 1\nevent: greeting\ndata: hello\ndata: world\n\ndata: plain\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/events"))
                        .header("Accept", "application/json")
                        .header("X-Custom", "yes")
                        .listener(listener)
                        .connect()) {
            RecordedRequest request = server.takeRequest();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/events");
            assertThat(request.header("Accept")).hasValue("text/event-stream");
            assertThat(request.header("Cache-Control")).hasValue("no-cache");
            assertThat(request.header("X-Custom")).hasValue("yes");
            assertThat(request.header("Last-Event-ID")).isEmpty();

            assertThat(listener.nextEvent()).isEqualTo(new MessageEvent("greeting", "hello\nworld", "1"));
            assertThat(listener.nextEvent()).isEqualTo(new MessageEvent("message", "plain", "1"));
            assertThat(listener.calls()).containsExactly("open", "comment: heartbeat", "event:hello\nworld",
                    "event:plain");
            assertThat(listener.opens.poll().statusCode()).isEqualTo(200);
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
            assertThat(source.lastEventId()).isEqualTo("1");
            assertThat(source.uri()).isEqualTo(server.uri("/events"));
        }
    }

    @Test
    void reportsConnectingThenOpenThenClosed() throws Exception {
        CountDownLatch respond = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    respond.await(5, TimeUnit.SECONDS);
                    exchange.openStream();
                    exchange.send("data: x\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                })) {
            EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect();
            try {
                server.takeRequest();
                assertThat(source.state()).isEqualTo(ReadyState.CONNECTING);
                respond.countDown();
                listener.nextEvent();
                assertThat(source.state()).isEqualTo(ReadyState.OPEN);
                source.close();
                assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
                listener.awaitClosed();
            } finally {
                source.close();
            }
        }
    }

    @Test
    void handlersReceiveOnlyTheirTypeBeforeTheListener() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                seen.add("listener:" + event.data());
                super.onEvent(source, event);
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("event: update\ndata: u1\n\ndata: m1\n\nevent: other\ndata: o1\n\nevent: update\ndata: u2\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .handler("update", (s, event) -> seen.add("update:" + event.data()))
                        .handler("update", (s, event) -> seen.add("update2:" + event.data()))
                        .handler("message", (s, event) -> seen.add("message:" + event.data()))
                        .listener(listener)
                        .connect()) {
            for (int i = 0; i < 4; i++) {
                listener.nextEvent();
            }
            assertThat(seen).containsExactly(
                    "update:u1", "update2:u1", "listener:u1",
                    "message:m1", "listener:m1",
                    "listener:o1",
                    "update:u2", "update2:u2", "listener:u2");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void aThrowingListenerDoesNotStopTheStream() throws Exception {
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                super.onEvent(source, event);
                throw new IllegalStateException("listener bug");
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: 1\n\n");
                    exchange.send("data: 2\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect()) {
            assertThat(listener.nextEvent().data()).isEqualTo("1");
            assertThat(listener.nextEvent().data()).isEqualTo("2");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void closeInsideACallbackStopsEverythingAtOnce() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        StringBuilder hundredEvents = new StringBuilder("retry: 10\n");
        for (int i = 1; i <= 100; i++) {
            hundredEvents.append("id: ").append(i).append("\ndata: ").append(i).append("\n\n");
        }
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                super.onEvent(source, event);
                if (event.data().equals("5")) {
                    source.close();
                }
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send(hundredEvents.toString()); // one chunk: all 100 are parsed before the 5th is delivered
                    if (exchange.awaitClientClose(Duration.ofSeconds(5))) {
                        clientClosed.countDown();
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .reconnectPolicy(QUICK)
                        .handler("message", (s, event) -> {
                            if (event.data().equals("5")) {
                                s.close();
                            }
                        })
                        .listener(listener)
                        .connect()) {
            listener.awaitClosed();
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            // The handler closed the source, so even the listener did not see event 5.
            assertThat(listener.calls()).containsExactly("open", "event:1", "event:2", "event:3", "event:4", "closed");
            assertThat(clientClosed.await(5, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
            server.takeRequest();
            assertThat(server.pollRequest(Duration.ofMillis(200))).as("no reconnection").isEmpty();
        }
    }

    @Test
    void closeFromAnotherThreadDisconnectsAndReportsClosed() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: only\n\n");
                    if (exchange.awaitClientClose(Duration.ofSeconds(5))) {
                        clientClosed.countDown();
                    }
                })) {
            EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(QUICK).listener(listener).connect();
            try {
                listener.nextEvent();
                source.close();
                source.close(); // closing again does nothing
                listener.awaitClosed();
                assertThat(clientClosed.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.calls()).containsExactly("open", "event:only", "closed");
                server.takeRequest();
                assertThat(server.pollRequest(Duration.ofMillis(200))).isEmpty();
            } finally {
                source.close();
            }
        }
    }

    @Test
    void closeFromAnotherThreadWaitsForTheRunningCallbackAndNothingFollows() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch finishCallback = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                super.onEvent(source, event);
                inCallback.countDown();
                awaitQuietly(finishCallback);
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: 1\n\ndata: 2\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                })) {
            EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect();
            try {
                assertThat(inCallback.await(5, TimeUnit.SECONDS)).isTrue();
                CountDownLatch closeReturned = new CountDownLatch(1);
                Thread closer = new Thread(() -> {
                    source.close();
                    closeReturned.countDown();
                });
                closer.start();
                awaitBlocked(closer);
                assertThat(closeReturned.getCount()).as("close() waits for the running callback").isEqualTo(1);
                finishCallback.countDown();
                assertThat(closeReturned.await(5, TimeUnit.SECONDS)).isTrue();
                listener.awaitClosed();
                assertThat(listener.calls()).containsExactly("open", "event:1", "closed");
            } finally {
                finishCallback.countDown();
                source.close();
            }
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock must fail, not hang the build
    void twoSourcesClosingEachOtherFromTheirCallbacksDoNotDeadlock() throws Exception {
        CountDownLatch aInCallback = new CountDownLatch(1);
        CountDownLatch bInCallback = new CountDownLatch(1);
        AtomicReference<EventSource> a = new AtomicReference<>();
        AtomicReference<EventSource> b = new AtomicReference<>();
        RecordingListener aListener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                aInCallback.countDown();
                awaitQuietly(bInCallback);
                b.get().close();
            }
        };
        RecordingListener bListener = new RecordingListener() {
            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                bInCallback.countDown();
                awaitQuietly(aInCallback);
                a.get().close();
            }
        };
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: x\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                })) {
            EventSource.Builder builder = EventSource.builder(server.uri("/"));
            a.set(builder.listener(aListener).connect());
            b.set(builder.listener(bListener).connect());
            try {
                aListener.awaitClosed();
                bListener.awaitClosed();
            } finally {
                a.get().close();
                b.get().close();
            }
        }
    }

    /** Waits until {@code thread} blocks (on a lock or latch); fails if it ends or keeps running for 5 seconds. */
    private static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(thread.getState()).as("the thread should block, not finish").isNotEqualTo(Thread.State.TERMINATED);
            assertThat(System.nanoTime()).as("the thread should block within 5 seconds").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void deliversTenThousandEventsInOrder() throws Exception {
        int count = 10_000;
        List<String> ids = new ArrayList<>(count);
        CountDownLatch all = new CountDownLatch(count);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    StringBuilder batch = new StringBuilder();
                    for (int i = 1; i <= count; i++) {
                        batch.append("id: ").append(i).append("\ndata: event ").append(i).append("\n\n");
                        if (i % 700 == 0 || i == count) { // chunks that cut events anywhere
                            exchange.send(batch.toString());
                            batch.setLength(0);
                        }
                    }
                    exchange.awaitClientClose(Duration.ofSeconds(10));
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .listener(new EventSourceListener() {
                            @Override
                            public void onEvent(EventSource s, MessageEvent event) {
                                ids.add(event.lastEventId() + "=" + event.data()); // callbacks never overlap
                                all.countDown();
                            }
                        })
                        .connect()) {
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < count; i++) {
                assertThat(ids.get(i)).isEqualTo((i + 1) + "=event " + (i + 1));
            }
            assertThat(source.lastEventId()).isEqualTo(String.valueOf(count));
        }
    }

    @Test
    void deliversAFiveMebibyteEvent() throws Exception {
        int size = 5 * 1024 * 1024;
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; text.length() < size; i++) {
            text.append((char) ('a' + i % 26));
        }
        String data = text.toString();
        byte[] bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    for (int at = 0; at < bytes.length; at += 100_000) {
                        exchange.send(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 100_000)));
                    }
                    exchange.send("data: after\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(10));
                });
                EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect()) {
            MessageEvent big = listener.nextEvent();
            assertThat(big.data().length()).isEqualTo(size);
            assertThat(big.data()).isEqualTo(data);
            assertThat(listener.nextEvent().data()).isEqualTo("after");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void aSlowListenerMakesTheServerWaitInsteadOfFillingMemory() throws Exception {
        AtomicReference<ServerExchange> serverSide = new AtomicReference<>();
        long target = 256L * 1024 * 1024;
        CountDownLatch firstEvent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch moreEvents = new CountDownLatch(1000);
        byte[] event = ("data: " + "x".repeat(1017) + "\n\n").getBytes(StandardCharsets.US_ASCII); // 1 KiB
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    serverSide.set(exchange);
                    exchange.openStream();
                    while (exchange.bytesSent() < target) {
                        exchange.send(event);
                    }
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .listener(new EventSourceListener() {
                            @Override
                            public void onEvent(EventSource s, MessageEvent e) {
                                firstEvent.countDown();
                                awaitQuietly(release);
                                moreEvents.countDown();
                            }
                        })
                        .connect()) {
            assertThat(firstEvent.await(5, TimeUnit.SECONDS)).isTrue();
            long stalledAt = Backpressure.awaitStall(serverSide.get());
            // Socket buffers hold a few MiB at most; without backpressure the client would take all 256 MiB.
            assertThat(stalledAt).isLessThan(32L * 1024 * 1024);
            release.countDown();
            assertThat(moreEvents.await(5, TimeUnit.SECONDS)).isTrue();
            Backpressure.awaitResume(serverSide.get(), stalledAt);
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void anEventOverTheLimitFailsTheSource() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: small\n\n");
                    exchange.send("data: " + "y".repeat(4096) + "\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .maxEventBytes(1024)
                        .reconnectPolicy(QUICK)
                        .listener(listener)
                        .connect()) {
            assertThat(listener.nextEvent().data()).isEqualTo("small");
            assertThat(listener.nextError()).isInstanceOf(StreamLimitException.class);
            listener.awaitClosed();
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            server.takeRequest();
            assertThat(server.pollRequest(Duration.ofMillis(200))).isEmpty();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
