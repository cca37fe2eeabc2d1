package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Header values and URIs asked of the user's suppliers at every connection, so a short-lived token is renewed. */
@Timeout(30)
class SuppliedRequestTest {

    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    /** The first connection ends at once, so the source reconnects; the second one stays open. */
    private static ScriptedServer endingFirstConnection() throws IOException {
        return ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            if (request.index() == 0) {
                exchange.send("id: 1\ndata: first\n\n");
                exchange.end();
            } else {
                exchange.send("data: second\n\n");
                exchange.awaitClientClose(Duration.ofSeconds(5));
            }
        });
    }

    @Test
    void aReconnectionCarriesTheRenewedHeaderAndUri() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger uris = new AtomicInteger();
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = endingFirstConnection();
                EventSource source = EventSource.builder(server.uri("/unused"))
                        .header("X-Fixed", "same")
                        .header("Authorization", () -> "Bearer token-" + tokens.incrementAndGet())
                        .uri(() -> server.uri("/events?access_token=t" + uris.incrementAndGet()))
                        .reconnectPolicy(QUICK)
                        .listener(listener)
                        .connect()) {
            RecordedRequest first = server.takeRequest();
            assertThat(first.path()).isEqualTo("/events?access_token=t1");
            assertThat(first.header("Authorization")).hasValue("Bearer token-1");
            assertThat(first.header("X-Fixed")).hasValue("same");

            RecordedRequest second = server.takeRequest();
            assertThat(second.path()).isEqualTo("/events?access_token=t2");
            assertThat(second.header("Authorization")).hasValue("Bearer token-2");
            assertThat(second.header("X-Fixed")).hasValue("same");
            assertThat(second.header("Last-Event-ID")).hasValue("1");

            assertThat(listener.nextEvent().data()).isEqualTo("first");
            assertThat(listener.nextEvent().data()).isEqualTo("second");
            assertThat(source.uri()).isEqualTo(server.uri("/events?access_token=t2"));
        }
    }

    @Test
    void aSupplierFailingWithAnIoErrorIsRetriedLikeTheNetwork() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
                    exchange.openStream();
                    exchange.send("data: in\n\n");
                    exchange.awaitClientClose(Duration.ofSeconds(5));
                });
                EventSource source = EventSource.builder(server.uri("/"))
                        .header("Authorization", () -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new UncheckedIOException(new IOException("token service unreachable"));
                            }
                            return "Bearer renewed";
                        })
                        .reconnectPolicy(QUICK)
                        .listener(listener)
                        .connect()) {
            assertThat(listener.nextError()).isInstanceOf(IOException.class).hasMessage("token service unreachable");
            assertThat(server.takeRequest().header("Authorization")).hasValue("Bearer renewed");
            assertThat(listener.nextEvent().data()).isEqualTo("in");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(source.state()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void anyOtherSupplierFailureOrAnUnusableUriFailsTheSourceForGood() throws Exception {
        try (ScriptedServer server = endingFirstConnection()) {
            RecordingListener failing = new RecordingListener();
            try (EventSource source = EventSource.builder(server.uri("/"))
                    .header("Authorization", () -> {
                        throw new IllegalStateException("no key configured");
                    })
                    .listener(failing)
                    .connect()) {
                assertThat(failing.nextError()).isInstanceOf(IllegalStateException.class);
                failing.awaitClosed();
                assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            }

            RecordingListener notHttp = new RecordingListener();
            try (EventSource source = EventSource.builder(server.uri("/"))
                    .uri(() -> URI.create("ftp://example.com/"))
                    .listener(notHttp)
                    .connect()) {
                assertThat(notHttp.nextError()).isInstanceOf(IllegalArgumentException.class);
                notHttp.awaitClosed();
                assertThat(source.uri()).isEqualTo(server.uri("/"));
            }

            RecordingListener nothing = new RecordingListener();
            try (EventSource source = EventSource.builder(server.uri("/"))
                    .header("X-Token", () -> null)
                    .listener(nothing)
                    .connect()) {
                assertThat(nothing.nextError()).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("X-Token");
                nothing.awaitClosed();
                assertThat(source.state()).isEqualTo(ReadyState.CLOSED);
            }
            assertThat(server.connectionCount()).isZero();
        }
    }

    @Test
    void aSuppliedHeaderNameIsCheckedWhenAdded() {
        EventSource.Builder builder = EventSource.builder(URI.create("https://example.com/events"));
        assertThatThrownBy(() -> builder.header("Host", () -> "evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.header("Bad Name", () -> "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
