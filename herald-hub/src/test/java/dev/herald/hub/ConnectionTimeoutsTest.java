package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish a request are closed (408 when an answer can still be sent), idle kept-alive
 * connections are closed, streams are never cut by these timers, and past the connection limit clients get 503
 * until the stuck connections are gone, then are served again.
 */
class ConnectionTimeoutsTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(500);

    private static HttpResponse<String> health(TestHub hub) throws Exception {
        return StreamReader.CLIENT.send(HttpRequest.newBuilder(URI.create(hub.url()).resolve("/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A few hundred random bytes, none of them a line end: a head that will never be whole. */
    private static String noise(Random random) {
        StringBuilder noise = new StringBuilder();
        while (noise.length() < 300) {
            char c = (char) random.nextInt(256);
            if (c != '\r' && c != '\n') {
                noise.append(c);
            }
        }
        return noise.toString();
    }

    /** The number of open connections the hub reports, once it has settled at {@code most} or fewer. */
    private static int connectionsSettledAt(TestHub hub, int most) throws Exception {
        int connections = Integer.MAX_VALUE;
        for (int i = 0; i < 50 && connections > most; i++) {
            HttpResponse<String> health = health(hub);
            connections = health.statusCode() == 200
                    ? new ObjectMapper().readTree(health.body()).get("connections").asInt() : Integer.MAX_VALUE;
            Thread.sleep(connections > most ? 100 : 0);
        }
        return connections;
    }

    @Test
    void halfSentRequestsAreClosedWith408AndOthersAreServedMeanwhile() throws Exception {
        Duration headTimeout = Duration.ofSeconds(2);
        try (TestHub hub = HubFixture.start(HubFixture.builder().requestHeadTimeout(headTimeout))) {
            assertThat(health(hub).statusCode()).isEqualTo(200); // the client is ready: what follows is timed
            List<RawHttp> stuck = new ArrayList<>();
            Random random = new Random(42);
            try {
                for (int i = 0; i < 200; i++) {
                    RawHttp client = new RawHttp(hub);
                    stuck.add(client);
                    client.send(i % 2 == 0 ? "GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n" : noise(random));
                }
                long start = System.nanoTime();
                // Served while the 200 are held open (once the hub has accepted them all, which takes a moment).
                int connections = 0;
                for (int i = 0; i < 20 && connections <= 200; i++) {
                    HttpResponse<String> served = health(hub);
                    assertThat(served.statusCode()).isEqualTo(200);
                    connections = new ObjectMapper().readTree(served.body()).get("connections").asInt();
                    Thread.sleep(connections <= 200 ? 50 : 0);
                }
                assertThat(connections).isGreaterThan(200);
                for (int i = 0; i < stuck.size(); i++) {
                    String answer = stuck.get(i).untilClosed();
                    stuck.get(i).close();
                    // Noise may be malformed enough for a 400 at once; a head that is merely unfinished waits for 408.
                    assertThat(answer).startsWith(i % 2 == 0 ? "HTTP/1.1 408" : "HTTP/1.1 4")
                            .containsIgnoringCase("connection: close");
                }
                // Each was answered after the head timeout, and none waited much past it.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(headTimeout.plusSeconds(5));
                assertThat(connectionsSettledAt(hub, 1)).isEqualTo(1);
            } finally {
                for (RawHttp client : stuck) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().requestHeadTimeout(HEAD_TIMEOUT));
                RawHttp silent = new RawHttp(hub)) {
            assertThat(silent.untilClosed()).isEmpty();
        }
    }

    @Test
    void aBodyThatStopsComingGets408() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().requestHeadTimeout(HEAD_TIMEOUT));
                RawHttp client = new RawHttp(hub)) {
            client.send("POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\ntopic=");
            assertThat(client.untilClosed()).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().keepAliveTimeout(Duration.ofMillis(800)));
                RawHttp client = new RawHttp(hub)) {
            long start = System.nanoTime();
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(300);
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); // still open between requests
            String answers = client.untilClosed();
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(open).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(5));
        }
    }

    @Test
    void anIdleHttp2ConnectionWithNoStreamOpenIsClosedAfterTheKeepAliveTimeout() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        try (TestHub hub = HubFixture.start(HubFixture.builder().keepAliveTimeout(Duration.ofMillis(500)))) {
            HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(URI.create(hub.url()).resolve("/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(h2.send(HttpRequest.newBuilder(URI.create(hub.url()).resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"connections\":1");
            Thread.sleep(1500);
            // Only the HTTP/1.1 connection asking is left.
            assertThat(connectionsSettledAt(hub, 1)).isEqualTo(1);
        }
    }

    @Test
    void aConnectionOverTheLimitHoldsItsFileForASecondAtMostWithoutARequest() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxConnections(1));
                RawHttp held = new RawHttp(hub).send("GET /healthz HTTP/1.1\r\n")) {
            Thread.sleep(200); // accepted and counted first: connections are set up on either event loop
            try (RawHttp refused = new RawHttp(hub)) {
                long start = System.nanoTime();
                assertThat(refused.closedWithin(5000)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(held.closedWithin(100)).isFalse(); // the served one has its 10 s
        }
    }

    @Test
    void streamsAreNeverCutByTheseTimers() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        try (TestHub hub = HubFixture.start(HubFixture.builder().requestHeadTimeout(Duration.ofMillis(300))
                .keepAliveTimeout(Duration.ofMillis(300)));
                StreamReader http1 = StreamReader.open(subscribeUrl(hub, "topic=t:long"), Map.of());
                StreamReader http2 = StreamReader.open(h2, subscribeUrl(hub, "topic=t:long"), Map.of())) {
            assertThat(http2.response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            Thread.sleep(1500);
            HubFixture.publish(hub, "topic", "t:long", "data", "still streaming");
            assertThat(http1.next().data()).isEqualTo("still streaming");
            assertThat(http2.next().data()).isEqualTo("still streaming");
        }
    }

    @Test
    void pastTheLimitClientsGet503AndAreServedAgainOnceStuckConnectionsAreClosed() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxConnections(20).requestHeadTimeout(Duration.ofSeconds(1))
                )) {
            List<RawHttp> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    stuck.add(new RawHttp(hub).send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
                }
                Thread.sleep(100);
                HttpResponse<String> refused = StreamReader.CLIENT.send(HttpRequest.newBuilder(
                        URI.create(subscribeUrl(hub, "topic=a"))).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("connection limit of 20");
                HttpResponse<String> full = health(hub); // full, not broken
                assertThat(full.statusCode()).isEqualTo(200);
                assertThat(full.body()).contains("\"full\":true");
                for (RawHttp client : stuck) {
                    assertThat(client.untilClosed()).startsWith("HTTP/1.1 408");
                    client.close();
                }
                assertThat(connectionsSettledAt(hub, 1)).isEqualTo(1);
                assertThat(health(hub).statusCode()).isEqualTo(200);
            } finally {
                for (RawHttp client : stuck) {
                    client.close();
                }
            }
        }
    }
}
