package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its side of the connection is let go: at once when the connection carries no stream, a few
 * per turn of its loop when it carries a subscriber's stream, whose end the hub notices all the same. Subscribers
 * leaving by the hundred meanwhile take nothing from the others: every update reaches them, in order. (How long the
 * others wait meanwhile is measured by bench/mass-disconnect.sh, not here.)
 */
class ClientCloseTest {

    private static final String SUBSCRIBE = "GET /.well-known/mercure?topic=t:idle HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aConnectionWithoutStreamIsClosedWhenItsClientClosesItsSide() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder()); RawHttp client = new RawHttp(hub)) {
            client.socket.shutdownOutput();
            assertThat(client.closedWithin(5_000)).isTrue();
        }
    }

    @Test
    void aSubscriberThatClosesItsSideEndsItsStream() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder()); RawHttp client = new RawHttp(hub)) {
            assertThat(client.send(SUBSCRIBE).statusLine()).isEqualTo("HTTP/1.1 200 OK");
            awaitSubscribers(hub, 1);
            client.socket.shutdownOutput();
            assertThat(client.closedWithin(5_000)).isTrue();
            awaitSubscribers(hub, 0);
        }
    }

    @Test
    void subscribersLeavingAtOnceEndWhileTheOthersReceiveEveryUpdateInOrder() throws Exception {
        int leaving = 600;
        int updates = 200;
        try (TestHub hub = HubFixture.start(HubFixture.builder());
                StreamReader reader = StreamReader.open(subscribeUrl(hub, "topic=t:reader"), Map.of())) {
            List<RawHttp> idle = new ArrayList<>();
            try {
                for (int i = 0; i < leaving; i++) {
                    idle.add(new RawHttp(hub).send(SUBSCRIBE));
                }
                for (RawHttp client : idle) {
                    assertThat(client.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                }
                awaitSubscribers(hub, leaving + 1);
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < updates; i++) {
                        hub.publish(Update.of("t:reader", Integer.toString(i)));
                    }
                });
                for (RawHttp client : idle) {
                    // The end of the client's side as the hub reads it when a client closes with nothing unread
                    // (a close with unread bytes would send a reset, which Netty handles as a failure instead).
                    client.socket.shutdownOutput();
                }
                publishing.get(30, TimeUnit.SECONDS);
                List<String> received = reader.next(updates).stream().map(MessageEvent::data).toList();
                assertThat(received).containsExactlyElementsOf(
                        IntStream.range(0, updates).mapToObj(Integer::toString).toList());
                awaitSubscribers(hub, 1);
                for (RawHttp client : idle) {
                    assertThat(client.closedWithin(5_000)).isTrue();
                }
            } finally {
                for (RawHttp client : idle) {
                    client.close();
                }
            }
        }
    }

    private static void awaitSubscribers(TestHub hub, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (hub.hub().subscribers() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hub.hub().subscribers()).isEqualTo(expected);
    }
}
