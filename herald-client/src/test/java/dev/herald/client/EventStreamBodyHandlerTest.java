package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.MessageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One streamed response read with {@link EventStreamBodyHandler}, as a client of a token-streaming API does. */
@Timeout(30)
class EventStreamBodyHandlerTest {

    private static HttpClient client;

    @BeforeAll
    static void createClient() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void forgetClient() {
        client = null;
    }

    @Test
    void aPostStreamsTokensUntilTheDoneSentinelAndThenDisconnects() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream("text/event-stream; charset=utf-8");
            exchange.send("data: {\"token\":\"Hel\"}\n\n");
            exchange.send(": keep-alive\n\ndata: {\"token\":\"lo\"}\n\n");
            exchange.send("data: [DONE]\n\ndata: {\"token\":\"never seen\"}\n\n");
            if (exchange.awaitClientClose(Duration.ofSeconds(5))) { // the server would keep going
                clientClosed.countDown();
            }
        })) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/chat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}"))
                    .build();
            HttpResponse<Stream<MessageEvent>> response = client.send(request,
                    EventStreamBodyHandler.builder().stopAtData("[DONE]").build());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> tokens;
            try (Stream<MessageEvent> events = response.body()) {
                tokens = events.map(MessageEvent::data).collect(Collectors.toList());
            }
            assertThat(tokens).containsExactly("{\"token\":\"Hel\"}", "{\"token\":\"lo\"}");
            assertThat(clientClosed.await(5, TimeUnit.SECONDS)).as("the sentinel closed the connection").isTrue();
            RecordedRequest received = server.takeRequest();
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.bodyText()).isEqualTo("{\"prompt\":\"hi\"}");
        }
    }

    @Test
    void theResponseArrivesBeforeTheEvents() throws Exception {
        CountDownLatch speak = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            boolean released = speak.await(3, TimeUnit.SECONDS);
            exchange.send("event: token\ndata: " + (released ? "now" : "send() waited for the body") + "\n\n");
            exchange.end();
        })) {
            HttpResponse<Stream<MessageEvent>> response = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.create());
            speak.countDown(); // only now does the server write an event: send() did not wait for the body
            try (Stream<MessageEvent> events = response.body()) {
                assertThat(events).containsExactly(new MessageEvent("token", "now", ""));
            }
        }
    }

    @Test
    void withoutSentinelTheStreamEndsWithTheBodyAndDropsAnUnfinishedEvent() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.send("id: 1\ndata: a\n\ndata: b\n\ndata: unfinished");
            exchange.end();
        })) {
            HttpResponse<Stream<MessageEvent>> response = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.create());
            try (Stream<MessageEvent> events = response.body()) {
                assertThat(events).containsExactly(new MessageEvent("message", "a", "1"),
                        new MessageEvent("message", "b", "1"));
            }
        }
    }

    @Test
    void aBrokenConnectionIsThrownFromTheStream() throws Exception {
        // The connection breaks only once the client holds the stream and has read from it: a break before
        // send() returns is reported by send() itself.
        CountDownLatch firstEventRead = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.send("data: a\n\n");
            firstEventRead.await(10, TimeUnit.SECONDS);
            exchange.send("data: cut");
            exchange.drop();
        })) {
            HttpResponse<Stream<MessageEvent>> response = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.create());
            try (Stream<MessageEvent> events = response.body()) {
                Iterator<MessageEvent> iterator = events.iterator();
                assertThat(iterator.next().data()).isEqualTo("a");
                firstEventRead.countDown();
                assertThatThrownBy(iterator::hasNext).isInstanceOf(UncheckedIOException.class);
            }
        }
    }

    @Test
    void anErrorResponseMakesSendThrowWithTheStatusAndBody() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) ->
                exchange.respond(429, "{\"error\":\"rate limited\"}", "Content-Type: application/json"))) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            assertThatThrownBy(() -> client.send(request, EventStreamBodyHandler.create()))
                    .isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(EventSourceException.class)
                    .cause()
                    .satisfies(cause -> {
                        EventSourceException error = (EventSourceException) cause;
                        assertThat(error.status()).hasValue(429);
                        assertThat(error.body()).isEqualTo("{\"error\":\"rate limited\"}");
                        assertThat(error.contentType()).hasValue("application/json");
                    });
        }
    }

    @Test
    void aWrongContentTypeMakesSendThrow() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) ->
                exchange.respond(200, "{\"answer\":42}", "Content-Type: application/json"))) {
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.create()))
                    .hasCauseInstanceOf(EventSourceException.class)
                    .hasMessageContaining("not a text/event-stream");
        }
    }

    @Test
    void noContentIsAnEmptyStream() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> exchange.respond(204, ""))) {
            HttpResponse<Stream<MessageEvent>> response = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.create());
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void aSlowReaderMakesTheServerWait() throws Exception {
        AtomicReference<ServerExchange> serverSide = new AtomicReference<>();
        byte[] event = ("data: " + "t".repeat(1017) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            serverSide.set(exchange);
            exchange.openStream();
            while (exchange.bytesSent() < 256L * 1024 * 1024) {
                exchange.send(event);
            }
        })) {
            HttpResponse<Stream<MessageEvent>> response = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    EventStreamBodyHandler.builder().bufferedEvents(4).build());
            try (Stream<MessageEvent> events = response.body()) {
                Iterator<MessageEvent> iterator = events.iterator();
                iterator.next();
                long stalledAt = Backpressure.awaitStall(serverSide.get());
                assertThat(stalledAt).isLessThan(32L * 1024 * 1024);
                for (int i = 0; i < 5000; i++) {
                    iterator.next();
                }
                Backpressure.awaitResume(serverSide.get(), stalledAt);
            }
        }
    }
}
