package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each kind of response does to a source: open it, close it, fail it, or redirect it. */
@Timeout(30)
class ResponseStatusTest {

    /** Fast enough that a wrong reconnection shows up within a short wait. */
    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    @Test
    void noContentClosesForGoodWithoutError() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> exchange.respond(204, ""));
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(QUICK).listener(listener)
                        .connect()) {
            listener.awaitClosed();
            assertThat(listener.calls()).containsExactly("closed");
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            server.takeRequest();
            assertThat(server.pollRequest(Duration.ofMillis(200))).as("no reconnection").isEmpty();
        }
    }

    @Test
    void aServerErrorFailsForGoodWithTheStatusAndBody() throws Exception {
        EventSourceException error = failure((request, exchange) ->
                exchange.respond(500, "boom: database unreachable", "Content-Type: text/plain"));
        assertThat(error.status()).hasValue(500);
        assertThat(error.body()).isEqualTo("boom: database unreachable");
        assertThat(error.contentType()).hasValue("text/plain");
        assertThat(error.getMessage()).contains("500").contains("boom: database unreachable");
    }

    @Test
    void notFoundFailsForGood() throws Exception {
        EventSourceException error = failure((request, exchange) -> exchange.respond(404, "no such stream"));
        assertThat(error.status()).hasValue(404);
        assertThat(error.body()).isEqualTo("no such stream");
    }

    @Test
    void onlyTheStartOfALargeErrorBodyIsKept() throws Exception {
        EventSourceException error = failure((request, exchange) -> exchange.respond(502, "e".repeat(100_000)));
        assertThat(error.status()).hasValue(502);
        assertThat(error.body()).hasSizeBetween(1, 1024).matches("e+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json", "text/event-streams", "text/html; x=text/event-stream"})
    void anotherContentTypeFailsForGood(String contentType) throws Exception {
        EventSourceException error = failure((request, exchange) -> {
            exchange.openStream(contentType);
            exchange.send("data: not for you\n\n");
            exchange.end();
        });
        assertThat(error.status()).hasValue(200);
        assertThat(error.contentType()).hasValue(contentType);
        assertThat(error.body()).isEqualTo("data: not for you\n\n");
    }

    @Test
    void aMissingContentTypeFailsForGood() throws Exception {
        EventSourceException error = failure((request, exchange) -> exchange.respond(200, "data: x\n\n"));
        assertThat(error.status()).hasValue(200);
        assertThat(error.contentType()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEXT/EVENT-STREAM", "text/event-stream;charset=UTF-8", "text/Event-Stream ; foo=bar"})
    void theContentTypeIgnoresCaseAndParameters(String contentType) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream(contentType);
                    exchange.send("data: ok\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/")).listener(listener).connect()) {
            assertThat(listener.nextEvent().data()).isEqualTo("ok");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void redirectsAreFollowedAndEachReconnectionStartsAtTheOriginalUri() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    if (request.path().equals("/old")) {
                        exchange.respond(302, "", "Location: /new?x=1");
                    } else {
                        exchange.openStream();
                        exchange.send("retry: 10\nid: " + request.index() + "\ndata: at " + request.path() + "\n\n");
                        exchange.end();
                    }
                });
                EventSource source = EventSource.builder(server.uri("/old")).listener(listener).connect()) {
            assertThat(server.takeRequest().path()).isEqualTo("/old");
            RecordedRequest redirected = server.takeRequest();
            assertThat(redirected.path()).isEqualTo("/new?x=1");
            assertThat(redirected.header("Accept")).hasValue("text/event-stream");
            assertThat(listener.nextEvent().data()).isEqualTo("at /new?x=1");
            assertThat(server.takeRequest().path()).as("the reconnection").isEqualTo("/old");
            RecordedRequest again = server.takeRequest();
            assertThat(again.header("Last-Event-ID")).as("redirected requests carry it too").hasValue("1");
            assertThat(source.uri()).isEqualTo(server.uri("/old"));
        }
    }

    @Test
    void a307KeepsTheMethodAndBodyAndA303TurnsThemIntoAGet() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    switch (request.path()) {
                        case "/start":
                            exchange.respond(307, "", "Location: /kept");
                            break;
                        case "/kept":
                            exchange.respond(303, "", "Location: /seeOther");
                            break;
                        default:
                            exchange.openStream();
                            exchange.send("data: done\n\n");
                            exchange.awaitClientClose(Duration.ofSeconds(5));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/start"))
                        .method("REPORT", "{\"since\":1}")
                        .header("Content-Type", "application/json")
                        .listener(listener)
                        .connect()) {
            RecordedRequest start = server.takeRequest();
            assertThat(start.method()).isEqualTo("REPORT");
            assertThat(start.bodyText()).isEqualTo("{\"since\":1}");
            RecordedRequest kept = server.takeRequest();
            assertThat(kept.method()).isEqualTo("REPORT");
            assertThat(kept.bodyText()).isEqualTo("{\"since\":1}");
            assertThat(kept.header("Content-Type")).hasValue("application/json");
            RecordedRequest seeOther = server.takeRequest();
            assertThat(seeOther.method()).isEqualTo("GET");
            assertThat(seeOther.body()).isEmpty();
            assertThat(seeOther.header("Content-Type")).isEmpty();
            assertThat(listener.nextEvent().data()).isEqualTo("done");
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void aRedirectLoopFailsForGood() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) ->
                        exchange.respond(302, "", "Location: " + (request.path().equals("/a") ? "/b" : "/a")));
                EventSource source = EventSource.builder(server.uri("/a")).reconnectPolicy(QUICK).listener(listener)
                        .connect()) {
            Throwable error = listener.nextError();
            assertThat(error).isInstanceOf(EventSourceException.class).hasMessageContaining("too many redirects");
            assertThat(((EventSourceException) error).status()).hasValue(302);
            listener.awaitClosed();
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            for (int i = 0; i <= 20; i++) {
                server.takeRequest(); // the first request and 20 redirects
            }
            assertThat(server.pollRequest(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void aRedirectToAnotherOriginDropsCredentials() throws Exception {
        try (ScriptedServer other = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    if (request.path().equals("/same")) {
                        exchange.respond(307, "", "Location: /elsewhere");
                    } else {
                        exchange.respond(302, "", "Location: " + other.uri("/stream"));
                    }
                });
                EventSource source = EventSource.builder(server.uri("/same"))
                        .header("Authorization", "Bearer secret")
                        .header("X-Trace", "t1")
                        .connect()) {
            assertThat(server.takeRequest().header("Authorization")).hasValue("Bearer secret");
            assertThat(server.takeRequest().header("Authorization")).as("same origin").hasValue("Bearer secret");
            RecordedRequest elsewhere = other.takeRequest();
            assertThat(elsewhere.header("Authorization")).as("another origin").isEmpty();
            assertThat(elsewhere.header("X-Trace")).hasValue("t1");
            assertThat(source.uri()).isEqualTo(server.uri("/same"));
        }
    }

    /** Connects to a server answering with {@code script}, expects a failure for good, and returns its error. */
    private static EventSourceException failure(ScriptedServer.Script script) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start(script);
                EventSource source = EventSource.builder(server.uri("/")).reconnectPolicy(QUICK).listener(listener)
                        .connect()) {
            listener.awaitClosed();
            assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            assertThat(listener.calls()).hasSize(2).endsWith("closed");
            assertThat(listener.errors).hasSize(1);
            server.takeRequest();
            assertThat(server.pollRequest(Duration.ofMillis(200))).as("no reconnection").isEmpty();
            Throwable error = listener.errors.poll();
            assertThat(error).isInstanceOf(EventSourceException.class);
            return (EventSourceException) error;
        }
    }
}
