package dev.herald.hub;

import static dev.herald.hub.HubFixture.form;
import static dev.herald.hub.HubFixture.post;
import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad request gets a clear 4xx, and the hub keeps working. */
class MalformedRequestTest {

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder().maxRequestBytes(4096).maxSelectorsPerSubscription(3));
    }

    @AfterAll
    static void stop() throws Exception {
        // Whatever was thrown at it, the hub still publishes and delivers.
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, "topic=t:alive"), Map.of())) {
            HubFixture.publish(hub, "topic", "t:alive", "data", "still here");
            assertThat(stream.next().data()).isEqualTo("still here");
        } finally {
            hub.close();
        }
    }

    @ParameterizedTest(name = "GET ?{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|400",
        "foo=bar|400",
        "topic=|400",
        "match_regexp=.*|400",
        "matchURLPattern=x|400",
        "Match=x|400",
        "match_urlpattern=https%3A%2F%2Fexample.com%2F(a|400",
        "topic=a&topic=b&topic=c&topic=d|400",
        "topic=a%00b|400",
    })
    void badSubscriptionsAreRefused(String query, int status) throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, query), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(status);
        }
    }

    @ParameterizedTest(name = "POST {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "data=no-topic|400",
        "topic=|400",
        "topic=*&data=x|400",
        "topic=%2F.well-known%2Fmercure%2Fsubscriptions%2Fx|400",
        "topic=https%3A%2F%2Fhub.example%2F.well-known%2Fmercure|400",
        "topic=t&id=%23fragment|400",
        "topic=t&id=earliest|400",
        "topic=t&id=a%0Ab|400",
        "topic=t&type=a%0Db|400",
        "topic=t&retry=soon|400",
        "topic=t&retry=-5|400",
    })
    void badPublicationsAreRefused(String body, int status) throws Exception {
        HttpResponse<String> response = post(hub, HubFixture.PUBLISHER, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isNotBlank();
    }

    @Test
    void aPublicationThatIsNotAFormIsRefused() throws Exception {
        HttpResponse<String> response = StreamReader.CLIENT.send(HttpRequest.newBuilder(URI.create(hub.url()))
                .header("Authorization", "Bearer " + HubFixture.PUBLISHER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> response = post(hub, HubFixture.PUBLISHER, form("topic", "t", "data", "x".repeat(5000)));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(HubFixture.get(hub, "/nothing-here", Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> put = StreamReader.CLIENT.send(HttpRequest.newBuilder(URI.create(hub.url()))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void garbageOnTheSocketGetsA400AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", hub.address().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }
}
