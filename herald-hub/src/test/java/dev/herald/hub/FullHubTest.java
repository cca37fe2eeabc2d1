package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hub at its connection limit is full, not broken: on a connection over the limit its health answers as ever
 * (200 with {@code "full":true}), it is live and not ready, and anything else gets 503 with Retry-After. A burst
 * of connections over the limit that never send a request is answered and let go.
 */
class FullHubTest {

    private static String ask(TestHub hub, String request) throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            return client.send(request).untilClosed();
        }
    }

    @Test
    void aFullHubIsLiveNotReadyAndSaysItIsFull() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxConnections(2));
                RawHttp first = new RawHttp(hub);
                RawHttp second = new RawHttp(hub)) {
            first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").statusLine(); // both held: the hub is full
            second.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").statusLine();
            assertThat(ask(hub, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                    .contains("\"status\":\"ok\"", "\"ready\":false", "\"reason\":\"full\"", "\"full\":true");
            assertThat(ask(hub, "GET /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 200").endsWith("{\"status\":\"live\"}");
            assertThat(ask(hub, "GET /healthz/ready?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 503").endsWith("{\"status\":\"full\"}");
            assertThat(ask(hub, "HEAD /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200")
                    .endsWith("\r\n\r\n");
            assertThat(ask(hub, "GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 5")
                    .contains("connection limit of 2");
            assertThat(ask(hub, "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
                    .startsWith("HTTP/1.1 503");
        }
    }

    @Test
    void aBurstOfSilentConnectionsOverTheLimitIsLetGoWhileTheProbesAnswer() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxConnections(2));
                RawHttp first = new RawHttp(hub);
                RawHttp second = new RawHttp(hub)) {
            first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").statusLine();
            second.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").statusLine();
            // Silent connections: each is let go when its time to send a request is up.
            List<RawHttp> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    silent.add(new RawHttp(hub));
                }
                assertThat(ask(hub, "GET /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
                for (RawHttp client : silent) {
                    // 408 when the head timed out, or the close alone: either way the file is given back
                    assertThat(client.closedWithin(10_000)).isTrue();
                }
            } finally {
                for (RawHttp client : silent) {
                    client.close();
                }
            }
            assertThat(ask(hub, "GET /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }
}
