package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.MessageEvent;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mercure 1.0 active subscriptions over real HTTP: subscription events (event type {@code mercure}, JSON type
 * {@code subscription}, payloads from the token), the subscriptions API (authorization, {@code Link} cursor, one
 * subscription's body being its event document) and relative URL-pattern grants.
 */
class SubscriptionsApiTest {

    private static final String ISSUER = "https://issuer.example";
    private static final String HUB_URL = "https://hub.example/.well-known/mercure";
    private static final String DETAIL = "https://mercure.rocks/authorization-detail";
    private static final String SUBSCRIPTIONS = "/.well-known/mercure/subscriptions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder().subscriptions(true).trustedIssuer(ISSUER).resourceIdentifier(HUB_URL)
                );
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** An access token with the given Mercure authorization details. */
    private static String accessToken(List<Map<String, Object>> details) {
        return Tokens.accessToken(ISSUER, HUB_URL, details);
    }

    private static Map<String, Object> subscribe(Map<String, Object> payload, Map<String, String> topic) {
        return payload == null
                ? Map.of("type", DETAIL, "actions", List.of("subscribe"), "topics", List.of(topic))
                : Map.of("type", DETAIL, "actions", List.of("subscribe"), "topics", List.of(topic), "payload", payload);
    }

    /**
     * A token for watching subscriptions: a relative URL pattern, resolved against the hub's URL, that covers the
     * collection and everything below it.
     */
    private static String observerToken() {
        return accessToken(List.of(subscribe(null, Map.of("match", SUBSCRIPTIONS + "{/*}?", "match_type",
                "urlpattern"))));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HubFixture.get(hub, path, token == null ? Map.of() : Tokens.bearer(token));
    }

    @Test
    void theApiNeedsATokenEvenOnAnAnonymousHub() throws Exception {
        HttpResponse<String> response = get(SUBSCRIPTIONS, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer").contains("resource_metadata="));
    }

    @Test
    void theApiNeedsASubscribeGrantOnThePath() throws Exception {
        String token = accessToken(List.of(subscribe(null, Map.of("match", "https://example.com/books/1"))));
        HttpResponse<String> response = get(SUBSCRIPTIONS, token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(value ->
                assertThat(value).contains("error=\"insufficient_scope\"").contains("resource_metadata="));
    }

    @Test
    void subscriptionsAreAnnouncedAndServedAsMercure10Documents() throws Exception {
        String observer = observerToken();
        String subscriber = accessToken(List.of(
                subscribe(Map.of("tenant", "a"), Map.of("match", "https://example.com/books/:id",
                        "match_type", "urlpattern")),
                subscribe(Map.of("default", true), Map.of("match", "*"))));
        try (StreamReader events = StreamReader.open(hub.url() + "?match_urlpattern=" + encode(SUBSCRIPTIONS + "/*"),
                Tokens.bearer(observer))) {
            assertThat(events.response.statusCode()).isEqualTo(200);
            events.next(); // the observer's own subscription
            String query = "match_urlpattern=" + encode("https://example.com/books/:id")
                    + "&match=" + encode("https://example.com/other");
            JsonNode books;
            JsonNode other;
            try (StreamReader stream = StreamReader.open(hub.url() + "?" + query, Tokens.bearer(subscriber))) {
                assertThat(stream.response.statusCode()).isEqualTo(200);
                List<MessageEvent> announced = events.next(2);
                assertThat(announced).extracting(MessageEvent::type).containsOnly("mercure");
                JsonNode first = JSON.readTree(announced.get(0).data());
                JsonNode second = JSON.readTree(announced.get(1).data());
                books = first.get("match_type").asText().equals("urlpattern") ? first : second;
                other = books == first ? second : first;

                String subscriberId = books.get("subscriber").asText();
                assertThat(subscriberId).startsWith("urn:uuid:");
                assertThat(books.get("id").asText()).isEqualTo(SUBSCRIPTIONS + "/urlpattern/"
                        + "https%3A%2F%2Fexample.com%2Fbooks%2F%3Aid/" + "urn%3Auuid%3A" + subscriberId.substring(9));
                assertThat(announced.get(0).lastEventId()).isNotEmpty();
                assertThat(books.get("type").asText()).isEqualTo("subscription");
                assertThat(books.get("match").asText()).isEqualTo("https://example.com/books/:id");
                assertThat(books.get("active").asBoolean()).isTrue();
                assertThat(books.get("payload")).isEqualTo(JSON.readTree("{\"tenant\":\"a\"}"));
                assertThat(other.get("match_type").asText()).isEqualTo("exact");
                assertThat(other.get("payload")).as("the first matching grant is *").isEqualTo(
                        JSON.readTree("{\"default\":true}"));
                assertThat(books.has("@context")).isFalse();

                HttpResponse<String> collection = get(SUBSCRIPTIONS, observer);
                assertThat(collection.statusCode()).isEqualTo(200);
                assertThat(collection.headers().firstValue("content-type")).contains("application/json");
                assertThat(collection.headers().firstValue("link")).hasValueSatisfying(link -> assertThat(link)
                        .contains("rel=\"mercure\"").contains("last-event-id=\"")
                        .contains("type=\"mercure\"").contains("content-type=\"application/json\""));
                JsonNode list = JSON.readTree(collection.body());
                assertThat(list.get("type").asText()).isEqualTo("subscriptions");
                assertThat(list.get("id").asText()).isEqualTo(SUBSCRIPTIONS);
                // Three of this test's subscribers (a servlet container notices a subscriber of an earlier test
                // that left only at its next write, so it may still be listed).
                assertThat(list.get("subscriptions")).filteredOn(entry -> !entry.get("match").asText()
                        .equals("/books/:id")).hasSize(3);
                assertThat(list.has("lastEventID")).isFalse();

                HttpResponse<String> one = get(books.get("id").asText(), observer);
                assertThat(one.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(one.body())).as("exactly the event document").isEqualTo(books);

                HttpResponse<String> byMatcher = get(SUBSCRIPTIONS + "/exact/" + encode("https://example.com/other"),
                        observer);
                assertThat(JSON.readTree(byMatcher.body()).get("subscriptions")).containsExactly(other);

                assertThat(get(SUBSCRIPTIONS + "/exact/x/urn%3Auuid%3Anobody", observer).statusCode())
                        .isEqualTo(404);

                // The same documents by query parameters, whose path holds no encoded slash.
                assertThat(JSON.readTree(get(SUBSCRIPTIONS + "?match_urlpattern="
                        + encode("https://example.com/books/:id") + "&subscriber=" + encode(subscriberId), observer)
                        .body())).isEqualTo(books);
                assertThat(JSON.readTree(get(SUBSCRIPTIONS + "?match=" + encode("https://example.com/other"),
                        observer).body()).get("subscriptions")).containsExactly(other);
                assertThat(get(SUBSCRIPTIONS + "?subscriber=" + encode(subscriberId), observer).statusCode())
                        .as("a subscriber alone names no subscription").isEqualTo(400);
            }
            // A servlet container notices that a subscriber left only when writing to it fails: two writes do.
            for (int i = 0; i < 2; i++) {
                HubFixture.publish(hub, "topic", "https://example.com/other", "data", "after it left");
            }
            List<MessageEvent> ended = events.next(2);
            for (MessageEvent event : ended) {
                assertThat(JSON.readTree(event.data()).get("active").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void aLegacyTokenReadsTheApiInThe0xForm() throws Exception {
        String legacy = Tokens.hs256(List.of(), List.of(SUBSCRIPTIONS + "{/rest*}", SUBSCRIPTIONS));
        HttpResponse<String> response = get(SUBSCRIPTIONS, legacy);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/ld+json");
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.get("@context").asText()).isEqualTo("https://mercure.rocks/");
        assertThat(document.get("type").asText()).isEqualTo("Subscriptions");
        assertThat(document.has("lastEventID")).isTrue();
    }

    @Test
    void aRelativeUrlPatternGrantReceivesPrivateUpdatesOfTheHubsOwnOrigin() throws Exception {
        String token = accessToken(List.of(subscribe(null, Map.of("match", "/books/:id", "match_type", "urlpattern"))));
        try (StreamReader stream = StreamReader.open(hub.url() + "?match_urlpattern=" + encode("/books/:id"),
                Tokens.bearer(token))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            HubFixture.publish(hub, "topic", "https://hub.example/books/1", "data", "absolute", "private", "on");
            HubFixture.publish(hub, "topic", "/books/2", "data", "relative", "private", "on");
            HubFixture.publish(hub, "topic", "https://elsewhere.example/books/3", "data", "other origin",
                    "private", "on");
            HubFixture.publish(hub, "topic", "/books/4", "data", "last");
            assertThat(stream.next(3)).extracting(MessageEvent::data).containsExactly("absolute", "relative", "last");
        }
    }
}
