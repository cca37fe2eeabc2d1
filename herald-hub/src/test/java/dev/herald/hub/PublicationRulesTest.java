package dev.herald.hub;

import static dev.herald.hub.HubFixture.post;
import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Mercure 1.0 lets a publisher write, and what it refuses with which status, over real HTTP. */
class PublicationRulesTest {

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @ParameterizedTest(name = "POST {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // The hub's namespace, however it is spelled: resolved against the hub's URL, dot segments removed,
        // percent-encoded unreserved characters decoded.
        "topic=%2F.well-known%2F%256Dercure%2Fsubscriptions%2Fx|400",
        "topic=%2Fa%2F..%2F.well-known%2Fmercure%2Fx|400",
        "topic=mercure%2Fsubscriptions%2Fexact%2Fx%2Fy|400",
        "topic=https%3A%2F%2Fother.example%2F.well-known%2Fmercure%2Fsubscriptions%2Fx|400",
        "topic=t&topic=%2F.well-known%2Fmercure%2Fx|400",
        "topic=%2F.well-known%2Fmercurex|200",
        "topic=https%3A%2F%2Fexample.com%2F.well-known%2Fmercure-like|200",
        "topic=foo&topic=bar|200",
        // Controls and invisible format characters (Unicode Cf) in topics, ids and types.
        "topic=a%E2%80%8Bb|400",
        "topic=a%C2%85b|400",
        "topic=a%7Fb|400",
        "topic=t&id=a%E2%80%AEb|400",
        "topic=t&type=a%EF%BB%BFb|400",
        "topic=t&type=a%C2%9Fb|400",
        "topic=%C3%A9t%C3%A9&id=%C3%A9&type=%C3%A9|200",
        // The event type of the hub's own subscription events.
        "topic=t&type=mercure|400",
        "topic=t&type=Mercure|200",
        // Bytes that are not UTF-8.
        "topic=a%FFb|400",
        "topic=t&data=%C3|400",
    })
    void publicationsFollowTheSpecification(String body, int status) throws Exception {
        HttpResponse<String> response = post(hub, HubFixture.PUBLISHER, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    @Test
    void moreTopicsThanTheCapIsTooLarge() throws Exception {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i <= 1000; i++) {
            form.add("topic=t" + i);
        }
        HttpResponse<String> response = post(hub, HubFixture.PUBLISHER, form.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    }

    @Test
    void aTopicOverTheLengthLimitIsTooLarge() throws Exception {
        HttpResponse<String> response = post(hub, HubFixture.PUBLISHER, "topic=" + "t".repeat(4097));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    }

    @ParameterizedTest(name = "GET ?{0} -> 400")
    @CsvSource({
        "match=a%E2%80%8Bb",
        "match_urlpattern=https%3A%2F%2Fexample.com%2F%E2%80%8B%3Aid",
        "topic=a%C2%85b",
        "match=a%FFb",
    })
    void forbiddenCharactersInMatchersAreRefused(String query) throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, query), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theJavaApiRefusesUpdatesThatWouldCorruptTheStream() {
        assertThatThrownBy(() -> Update.builder().topic("t").type("a\nid: forged").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> Update.builder().topic("t").id("a\rb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> Update.builder().topic("t").id("a\0b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Update.builder().topic("t").retry(java.time.Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHostHeaderCannotMoveTheHubsReservedNamespace() throws Exception {
        // Resolved against http://evil/x/.well-known/mercure, this topic would no longer name the hub's own path.
        String body = "topic=" + java.net.URLEncoder.encode("/.well-known/mercure/subscriptions/x",
                java.nio.charset.StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(hub)) {
            String status = http.send("POST /.well-known/mercure HTTP/1.1\r\nHost: evil/x\r\n"
                    + "Authorization: Bearer " + HubFixture.PUBLISHER + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).statusLine();
            assertThat(status).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void tooManySelectorsAreRefusedBeforeTheyAreCompiled() throws Exception {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i <= 100; i++) {
            query.add("match_urlpattern=" + java.net.URLEncoder.encode("https://example.com/" + i + "/:id",
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, query.toString()), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(400);
        }
    }
}
