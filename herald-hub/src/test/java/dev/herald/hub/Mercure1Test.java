package dev.herald.hub;

import static dev.herald.hub.HubFixture.form;
import static dev.herald.hub.HubFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A hub that speaks only Mercure 1.0: OAuth access tokens, match parameters, RFC 6750 errors. */
class Mercure1Test {

    private static final KeySpec KEY = KeySpec.parse("HS256", Tokens.SECRET);
    private static final String ISSUER = "https://app.example.com";
    private static TestHub hub;
    private static String audience;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(Hub.builder().address("127.0.0.1", 0).jwtKey(KEY).trustedIssuer(ISSUER).protocol(MercureProtocol.V1)
                .heartbeat(Duration.ZERO));
        audience = "http://127.0.0.1:" + hub.address().getPort() + "/.well-known/mercure";
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static String accessToken(String audience, String... subscribe) {
        return MercureToken.builder().publish("*").subscribe(subscribe).issuer(ISSUER).expiresIn(Duration.ofMinutes(5))
                .signAccessToken(KEY, audience);
    }

    @Test
    void accessTokensPublishAndSubscribe() throws Exception {
        String token = accessToken(audience, "https://example.com/private/1");
        String query = "match=" + URLEncoder.encode("https://example.com/private/1", StandardCharsets.UTF_8);
        try (StreamReader stream = StreamReader.open(hub.url() + "?" + query, Tokens.bearer(token))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            HttpResponseAssert.ok(post(hub, token, form("topic", "https://example.com/private/1", "data", "secret",
                    "private", "on")));
            assertThat(stream.next().data()).isEqualTo("secret");
        }
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWithAnRfc6750Challenge() throws Exception {
        String wrongAudience = accessToken("https://other-hub.example/.well-known/mercure", "*");
        var response = post(hub, wrongAudience, form("topic", "t", "data", "x"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
    }

    @Test
    void legacyTokensAndTheTopicParameterAreRefused() throws Exception {
        String legacy = Tokens.hs256(java.util.List.of("*"), java.util.List.of("*"));
        assertThat(post(hub, legacy, form("topic", "t", "data", "x")).statusCode()).isEqualTo(401);
        try (StreamReader stream = StreamReader.open(hub.url() + "?topic=t", Tokens.bearer(accessToken(audience, "*")))) {
            assertThat(stream.response.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void protectedResourceMetadataTellsClientsHowToAuthenticate() throws Exception {
        var response = HubFixture.get(hub, "/.well-known/oauth-protected-resource/.well-known/mercure", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        var metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(metadata.get("resource").asText()).isEqualTo(audience);
        assertThat(metadata.get("authorization_details_types_supported").get(0).asText())
                .isEqualTo("https://mercure.rocks/authorization-detail");
        assertThat(metadata.has("mercure_subscriptions")).as("omitted when the feature is off").isFalse();
        assertThat(metadata.has("authorization_servers")).as("omitted for self-issued tokens").isFalse();
    }

    @Test
    void aSubscriberWithoutATokenGetsABareChallenge() throws Exception {
        try (StreamReader stream = StreamReader.open(hub.url() + "?match=t", Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(401);
            assertThat(stream.response.headers().firstValue("www-authenticate")).hasValueSatisfying(value ->
                    assertThat(value).startsWith("Bearer realm=\"mercure\"").doesNotContain("error=")
                            .contains("resource_metadata=\"http://127.0.0.1:" + hub.address().getPort()
                                    + "/.well-known/oauth-protected-resource/.well-known/mercure\""));
        }
    }
}
