package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.MessageEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking {@link Stream} and iterator view of a source. */
@Timeout(30)
class EventStreamTest {

    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    @Test
    void iteratesAcrossReconnectionsAndClosingTheStreamClosesTheSource() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            if (request.index() == 0) {
                exchange.send("retry: 10\nid: a\ndata: 1\n\ndata: 2\n\n");
                exchange.drop();
            } else {
                exchange.send("data: 3\n\ndata: 4\n\ndata: 5\n\n");
                if (exchange.awaitClientClose(Duration.ofSeconds(5))) {
                    clientClosed.countDown();
                }
            }
        })) {
            List<String> data;
            try (Stream<MessageEvent> events = EventSource.builder(server.uri("/")).stream()) {
                data = events.limit(4).map(MessageEvent::data).collect(Collectors.toList());
            }
            assertThat(data).containsExactly("1", "2", "3", "4");
            server.takeRequest();
            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("a");
            assertThat(clientClosed.await(5, TimeUnit.SECONDS)).as("closing the stream closed the source").isTrue();
        }
    }

    @Test
    void aFailureIsThrownFromTheIterator() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> exchange.respond(500, "broken"));
                Stream<MessageEvent> events = EventSource.builder(server.uri("/")).reconnectPolicy(QUICK).stream()) {
            Iterator<MessageEvent> iterator = events.iterator();
            assertThatThrownBy(iterator::hasNext)
                    .isInstanceOf(UncheckedIOException.class)
                    .cause().isInstanceOf(EventSourceException.class).hasMessageContaining("500");
        }
    }

    @Test
    void noContentEndsTheStream() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    if (request.index() == 0) {
                        exchange.openStream();
                        exchange.send("retry: 10\ndata: last words\n\n");
                        exchange.end();
                    } else {
                        exchange.respond(204, "");
                    }
                });
                Stream<MessageEvent> events = EventSource.builder(server.uri("/")).stream()) {
            assertThat(events.map(MessageEvent::data)).containsExactly("last words");
        }
    }

    @Test
    void theBufferBoundsHowFarTheNetworkIsReadAhead() throws Exception {
        AtomicReference<ServerExchange> serverSide = new AtomicReference<>();
        byte[] event = ("data: " + "q".repeat(1017) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    serverSide.set(exchange);
                    exchange.openStream();
                    while (exchange.bytesSent() < 256L * 1024 * 1024) {
                        exchange.send(event);
                    }
                });
                Stream<MessageEvent> events = EventSource.builder(server.uri("/")).stream(8)) {
            Iterator<MessageEvent> iterator = events.iterator();
            assertThat(iterator.next().data()).hasSize(1017);
            long stalledAt = Backpressure.awaitStall(serverSide.get());
            assertThat(stalledAt).isLessThan(32L * 1024 * 1024);
            for (int i = 0; i < 5000; i++) {
                assertThat(iterator.next().data()).hasSize(1017);
            }
            Backpressure.awaitResume(serverSide.get(), stalledAt);
        }
    }
}
