package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before they were read whole get the status that names the fault, and the client reads it:
 * the hub answers, then drains what is still arriving before it closes, so no reset destroys the answer.
 */
class ErrorStatusTest {

    private static final int LIMIT = 4096;
    private static final long EIGHT_MIB = 8L * 1024 * 1024;
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder().maxRequestBytes(LIMIT));
    }

    @AfterAll
    static void stop() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, "topic=t:alive"), Map.of())) {
            HubFixture.publish(hub, "topic", "t:alive", "data", "still here");
            assertThat(stream.next().data()).isEqualTo("still here");
        } finally {
            hub.close();
        }
    }

    private static String publishHead(String extraHeaders) {
        return "POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + HubFixture.PUBLISHER
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void aContentLengthOverTheLimitGets413BeforeTheBodyIsSent() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            client.send(publishHead("Content-Length: 100000000\r\n"));
            String answer = client.untilClosed(); // no body sent: the hub must answer, and end, without it
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("limit of " + LIMIT + " bytes");
        }
    }

    @Test
    void aRequestThatAsksFirstGets413WithItsReasonAndTheConnectionGoesOn() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            // curl's way with a large body: Expect: 100-continue, and the body only once told to go on
            client.send(publishHead("Content-Length: 100000000\r\nExpect: 100-continue\r\n"));
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            String reason = "the request body is over the hub's limit of " + LIMIT + " bytes\n";
            StringBuilder rest = new StringBuilder();
            while (!rest.toString().endsWith(reason)) {
                int b = client.socket.getInputStream().read();
                assertThat(b).as("the 413's body, before the end of the connection: %s", rest).isNotNegative();
                rest.append((char) b);
            }
            assertThat(rest.toString()).containsIgnoringCase("content-length: " + reason.length());
            client.send("GET /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n"); // not sent the body: still served
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aBodyOverTheLimitStillBeingSentGets413() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            client.send(publishHead("Content-Length: " + EIGHT_MIB + "\r\nConnection: close\r\n"), EIGHT_MIB, false);
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(client.bodySent()).isEqualTo("sent"); // drained, not reset
            assertThat(client.closedWithin(10_000)).isTrue();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            client.send(publishHead("Transfer-Encoding: chunked\r\n"), EIGHT_MIB, true);
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(client.bodySent()).isEqualTo("sent");
        }
    }

    @Test
    void aBodyOverTheLimitGets413ThroughTheJdkClient() throws Exception {
        HttpResponse<String> response = HubFixture.post(hub, HubFixture.PUBLISHER,
                HubFixture.form("topic", "t", "data", "x".repeat((int) EIGHT_MIB)));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aBodyOverTheLimitGets413OverHttp2() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(URI.create(hub.url()).resolve("/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> response = h2.send(HttpRequest.newBuilder(URI.create(hub.url()))
                .header("Authorization", "Bearer " + HubFixture.PUBLISHER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HubFixture.form("topic", "t", "data",
                        "x".repeat((int) EIGHT_MIB)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void headersOf200KiBGet431() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(200 * 1024) + "\r\n\r\n");
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            assertThat(client.closedWithin(10_000)).isTrue();
        }
        HttpResponse<String> response = StreamReader.CLIENT.send(HttpRequest.newBuilder(
                URI.create(hub.url()).resolve("/healthz")).header("X-Big", "b".repeat(200 * 1024)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(431);
    }

    @Test
    void aQueryStringOf700KBGets414() throws Exception {
        String query = "topic=" + "q".repeat(700_000);
        try (RawHttp client = new RawHttp(hub)) {
            client.send("GET /.well-known/mercure?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 414 Request-URI Too Long");
            assertThat(client.closedWithin(10_000)).isTrue();
        }
        HttpResponse<String> response = StreamReader.CLIENT.send(HttpRequest.newBuilder(
                URI.create(subscribeUrl(hub, query))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(414);
    }

    @Test
    void aSubscriptionWithAHundredLongTopicsIsNotTooLong() throws Exception {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            query.append(i == 0 ? "" : "&").append("topic=https%3A%2F%2Fexample.com%2Fbooks%2F").append(i)
                    .append("%2Fchapters%2F").append("c".repeat(60));
        }
        try (TestHub roomy = HubFixture.start(HubFixture.builder());
                StreamReader stream = StreamReader.open(subscribeUrl(roomy, query.toString()), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void overTheConnectionLimitA503ArrivesWhileTheBodyIsStillBeingSent() throws Exception {
        try (TestHub full = HubFixture.start(HubFixture.builder().maxConnections(1));
                Socket holder = new Socket("127.0.0.1", full.address().getPort())) {
            assertThat(holder.isConnected()).isTrue();
            Thread.sleep(100); // the holder is accepted first
            try (RawHttp client = new RawHttp(full)) {
                client.send(publishHead("Content-Length: " + EIGHT_MIB + "\r\n"), EIGHT_MIB, false);
                assertThat(client.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(client.bodySent()).isEqualTo("sent");
            }
            HttpResponse<String> response = HubFixture.post(full, HubFixture.PUBLISHER,
                    HubFixture.form("topic", "t", "data", "x".repeat((int) EIGHT_MIB)));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).contains("5");
        }
    }
}
