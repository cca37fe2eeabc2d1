package dev.herald.hub;

import static dev.herald.hub.HubFixture.form;
import static dev.herald.hub.HubFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mercure 1.0 access tokens as a client presents them over real HTTP: what grants, what is ignored, what is refused. */
class AccessTokenRulesTest {

    private static final String ISSUER = "https://issuer.example";
    private static final String DETAIL = "https://mercure.rocks/authorization-detail";
    private static TestHub hub;
    private static String audience;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.parse("HS256", Tokens.SECRET))
                .trustedIssuer(ISSUER).heartbeat(java.time.Duration.ZERO));
        audience = hub.url();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static String token(String issuer, Object details) {
        return Tokens.accessToken(issuer, audience, details);
    }

    private static Map<String, Object> detail(String type, List<Object> actions, Map<String, Object> topic) {
        return Map.of("type", type, "actions", actions, "topics", List.of(topic));
    }

    private static int publish(String token) throws Exception {
        return post(hub, token, form("topic", "https://example.com/books/1", "data", "x")).statusCode();
    }

    @Test
    void aDetailOfTheSpecifiedTypeGrantsAndUnknownActionsAreIgnored() throws Exception {
        assertThat(publish(token(ISSUER, List.of(detail(DETAIL, List.of("publish", "archive"),
                Map.of("match", "https://example.com/books/:id", "match_type", "urlpattern")))))).isEqualTo(200);
    }

    @Test
    void detailsOfOtherTypesGrantNothing() throws Exception {
        assertThat(publish(token(ISSUER, List.of(detail("mercure", List.of("publish"), Map.of("match", "*"))))))
                .isEqualTo(403);
    }

    @Test
    void theEarlierDraftsSpellingsAreRefusedOrIgnored() throws Exception {
        assertThat(publish(token(ISSUER, List.of(detail(DETAIL, List.of("publish"),
                Map.of("match", "https://example.com/books/:id", "match_type", "URLPattern")))))).isEqualTo(401);
        // "matchType" is no member of the specification: the matcher is exact, and does not match.
        assertThat(publish(token(ISSUER, List.of(detail(DETAIL, List.of("publish"),
                Map.of("match", "https://example.com/books/:id", "matchType", "urlpattern")))))).isEqualTo(403);
    }

    @Test
    void aNonStringActionInvalidatesTheToken() throws Exception {
        assertThat(publish(token(ISSUER, List.of(detail(DETAIL, List.of("publish", 7), Map.of("match", "*"))))))
                .isEqualTo(401);
    }

    @Test
    void anUntrustedIssuerIsRefused() throws Exception {
        HttpResponse<String> response = post(hub, token("https://other.example",
                List.of(detail(DETAIL, List.of("publish"), Map.of("match", "*")))), form("topic", "t", "data", "x"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(value ->
                assertThat(value).contains("error=\"invalid_token\"").contains("resource_metadata="));
    }

    @Test
    void tokensInTheUrlAreNeverRead() throws Exception {
        String subscriber = token(ISSUER, List.of(detail(DETAIL, List.of("subscribe"), Map.of("match", "*"))));
        // The hub takes no anonymous subscribers: a token in access_token would be the only credential.
        try (StreamReader stream = StreamReader.open(hub.url() + "?match=t&access_token=" + subscriber, Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(401);
        }
        // The 0.x authorization parameter carries 0.x tokens only.
        try (StreamReader stream = StreamReader.open(hub.url() + "?match=t&authorization="
                + URLEncoder.encode(subscriber, StandardCharsets.UTF_8), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(400);
        }
    }
}
