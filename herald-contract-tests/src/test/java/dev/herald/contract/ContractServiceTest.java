package dev.herald.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the service over HTTP the way the harness does, against a scripted stream server and a callback endpoint
 * on real sockets, and checks the JSON of the callbacks.
 */
class ContractServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ContractService service;
    private ScriptedStreamServer stream;
    private CallbackReceiver callbacks;

    @BeforeEach
    void start() throws IOException {
        service = ContractService.start(0);
        stream = new ScriptedStreamServer();
        callbacks = new CallbackReceiver();
    }

    @AfterEach
    void stop() throws IOException {
        service.close();
        stream.close();
        callbacks.close();
    }

    @Test
    void statusListsEveryCapability() throws Exception {
        HttpResponse<String> response = send("GET", "/", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("capabilities")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "comments", "headers", "last-event-id", "post", "report", "read-timeout", "restart", "bom",
                "event-type-listeners", "server-directed-shutdown-request");
    }

    @Test
    void reportsAnEventWithTypeDataAndId() throws Exception {
        createStream(params());
        StreamConnection connection = stream.awaitStream();

        connection.send("event: greeting\nid: abc\ndata: Hello\ndata: World\n\n");

        assertThat(callbacks.next()).isEqualTo(json(
                "{\"kind\":\"event\",\"event\":{\"type\":\"greeting\",\"data\":\"Hello\\nWorld\",\"id\":\"abc\"}}"));
        StreamRequest request = connection.request();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
        assertThat(request.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(request.headers()).doesNotContainKey("last-event-id");
    }

    @Test
    void reportsCommentsWithoutTheColon() throws Exception {
        createStream(params());
        StreamConnection connection = stream.awaitStream();

        connection.send(":Hello\n");
        connection.send("data: after\n\n");

        assertThat(callbacks.next()).isEqualTo(json("{\"kind\":\"comment\",\"comment\":\"Hello\"}"));
        assertThat(callbacks.next().get("event").get("data").asText()).isEqualTo("after");
    }

    @Test
    void forwardsCustomHeaders() throws Exception {
        ObjectNode params = params();
        params.putObject("headers").put("header-name-1", "value-1").put("header-name-2", "value-2");
        createStream(params);

        StreamRequest request = stream.awaitStream().request();

        assertThat(request.header("header-name-1")).isEqualTo("value-1");
        assertThat(request.header("header-name-2")).isEqualTo("value-2");
    }

    @Test
    void sendsTheInitialLastEventId() throws Exception {
        createStream(params().put("lastEventId", "abc"));

        assertThat(stream.awaitStream().request().header("Last-Event-ID")).isEqualTo("abc");
    }

    @Test
    void sendsPostAndReportBodiesWithTheirContentType() throws Exception {
        for (String method : new String[] {"POST", "REPORT"}) {
            ObjectNode params = params().put("method", method).put("body", "{\"hello\": \"world\"}");
            params.putObject("headers").put("content-type", "application/json; charset=utf-8");
            createStream(params);

            StreamRequest request = stream.awaitStream().request();

            assertThat(request.method()).isEqualTo(method);
            assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(request.body()).isEqualTo("{\"hello\": \"world\"}");
        }
    }

    @Test
    void restartReconnectsWithTheLastEventIdAndNoErrorInBetween() throws Exception {
        String location = createStream(params().put("initialDelayMs", 0));
        StreamConnection first = stream.awaitStream();
        first.send("id: abc\ndata: Hello\n\n");
        assertThat(callbacks.next().get("event").get("data").asText()).isEqualTo("Hello");

        HttpResponse<String> restart = send("POST", location, "{\"command\":\"restart\"}");

        assertThat(restart.statusCode()).isBetween(200, 299);
        StreamConnection second = stream.awaitStream();
        assertThat(second.request().header("Last-Event-ID")).isEqualTo("abc");
        assertThat(first.clientClosed(2_000)).isTrue();
        second.send("data: Thanks\n\n");
        assertThat(callbacks.next()).isEqualTo(json(
                "{\"kind\":\"event\",\"event\":{\"type\":\"message\",\"data\":\"Thanks\",\"id\":\"abc\"}}"));
    }

    @Test
    void stripsABomSplitAcrossChunksOnlyAtTheStart() throws Exception {
        createStream(params());
        StreamConnection connection = stream.awaitStream();

        connection.send(new byte[] {(byte) 0xEF});
        connection.send(new byte[] {(byte) 0xBB});
        connection.send(new byte[] {(byte) 0xBF});
        connection.send("data: Hello\n\ndata: \uFEFFSecond\n\n");

        assertThat(callbacks.next().get("event").get("data").asText()).isEqualTo("Hello");
        assertThat(callbacks.next().get("event").get("data").asText()).isEqualTo("\uFEFFSecond");
    }

    @Test
    void readTimeoutReportsAnErrorAndReconnects() throws Exception {
        createStream(params().put("initialDelayMs", 0).put("readTimeoutMs", 300));
        StreamConnection first = stream.awaitStream();
        first.send("data: Hello\n\n");

        assertThat(callbacks.next().get("event").get("data").asText()).isEqualTo("Hello");
        JsonNode error = callbacks.next();
        assertThat(error.get("kind").asText()).isEqualTo("error");
        assertThat(error.get("error").asText()).isNotEmpty();
        assertThat(stream.awaitStream()).isNotNull();
    }

    @Test
    void reportsADroppedConnectionAsAnErrorAndReconnects() throws Exception {
        createStream(params().put("initialDelayMs", 0));
        StreamConnection first = stream.awaitStream();
        first.send("id: 7\ndata: Hello\n\n");
        assertThat(callbacks.next().get("kind").asText()).isEqualTo("event");

        first.breakConnection();

        assertThat(callbacks.next().get("kind").asText()).isEqualTo("error");
        assertThat(stream.awaitStream().request().header("Last-Event-ID")).isEqualTo("7");
    }

    @Test
    void aNoContentResponseStopsReconnecting() throws Exception {
        createStream(params().put("initialDelayMs", 0));

        StreamConnection first = stream.poll(5_000);
        assertThat(first).isNotNull();
        first.answer(204, "No Content");

        assertThat(stream.poll(500)).isNull();
    }

    @Test
    void listenAcceptsTheSpecsAndTheHarnesssPropertyName() throws Exception {
        String location = createStream(params());
        stream.awaitStream();

        assertThat(send("POST", location, "{\"command\":\"listen\",\"listen\":{\"type\":\"a\"}}").statusCode())
                .isBetween(200, 299);
        assertThat(send("POST", location, "{\"command\":\"listen\",\"Listen\":{\"type\":\"b\"}}").statusCode())
                .isBetween(200, 299);
        assertThat(send("POST", location, "{\"command\":\"listen\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", location, "{\"command\":\"dance\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void deleteClosesTheStreamAndForgetsIt() throws Exception {
        String location = createStream(params());
        StreamConnection connection = stream.awaitStream();

        assertThat(send("DELETE", location, null).statusCode()).isBetween(200, 299);

        assertThat(connection.clientClosed(2_000)).isTrue();
        assertThat(send("DELETE", location, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", location, "{\"command\":\"restart\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesInvalidRequests() throws Exception {
        assertThat(send("POST", "/", "not json").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/", "{\"streamUrl\":\"" + stream.url() + "\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/", "{\"streamUrl\":\"ftp://x\",\"callbackUrl\":\"" + callbacks.url() + "\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void deleteRootStopsTheService() throws Exception {
        assertThat(send("DELETE", "/", null).statusCode()).isBetween(200, 299);

        Thread waiter = new Thread(() -> {
            try {
                service.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(2_000);
        assertThat(waiter.isAlive()).isFalse();
    }

    private ObjectNode params() {
        return JSON.createObjectNode()
                .put("streamUrl", stream.url())
                .put("callbackUrl", callbacks.url())
                .put("tag", "test");
    }

    /** Creates a stream and returns its {@code Location}. */
    private String createStream(ObjectNode params) throws Exception {
        HttpResponse<String> response = send("POST", "/", JSON.writeValueAsString(params));
        assertThat(response.statusCode()).isBetween(200, 299);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> send(String method, String target, String body) throws Exception {
        URI uri = target.startsWith("http") ? URI.create(target) : URI.create("http://localhost:" + service.port() + target);
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(uri).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
