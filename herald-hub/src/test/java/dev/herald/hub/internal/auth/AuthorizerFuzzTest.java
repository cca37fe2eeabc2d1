package dev.herald.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.hub.KeySpec;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.internal.topic.HubUrl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes token handling end to end, {@link PresentedToken} to {@link GrantReader}, through {@link Authorizer} with
 * fixed keys: an HS256 role key bound to one issuer and an ES256 key of another. A token is a fuzzed header and
 * fuzzed claims, signed with a trusted key, an untrusted one, the trusted EC key's public PEM as an HMAC secret
 * (algorithm confusion), a trusted secret under another HMAC algorithm, nothing, or fuzzed bytes, and presented
 * where a client may put it. Any such request gives a grant, nothing (no token), or an {@link AuthException}, never
 * another exception; and a grant is given only for a token that a trusted key really signed with its own algorithm
 * (checked here with the JDK, not Nimbus), that has not expired, and whose issuer and audience are right for its kind.
 */
class AuthorizerFuzzTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final HubUrl HUB = HubUrl.of("https", "hub.example.com");
    private static final String RESOURCE = HUB.toString();
    private static final String ISSUER = "https://auth.example.com";
    private static final String EC_ISSUER = "https://ec.example.com";
    private static final String ORIGIN = "https://app.example.com";

    /** Both dialects, 1.0 only, 0.x only. */
    private static final List<Authorizer> AUTHORIZERS = List.of(authorizer(true, true), authorizer(false, true),
            authorizer(true, false));

    private static Authorizer authorizer(boolean legacy, boolean access) {
        KeySpec role = KeySpec.hmac(TestKeys.SECRET);
        AuthSettings settings = new AuthSettings(Optional.of(role), Optional.of(role), List.of(ISSUER),
                List.of(new IssuerKey(EC_ISSUER, KeySpec.parse("ES256", TestKeys.publicPem(TestKeys.EC)))), List.of(),
                JwksRefresh.DEFAULT, Optional.empty(), legacy, access, List.of(ORIGIN));
        return new Authorizer(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"{\"alg\":\"HS256\"}", "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
        "{\"alg\":\"none\"}", "\"crit\":[\"b64\"]", "\"b64\":false", "\"kid\":\"", "\"jwk\":{",
        "{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]}}", "\"exp\":1999999999", "\"exp\":1", "\"nbf\":1999999999",
        "\"iss\":\"https://auth.example.com\"", "\"iss\":\"https://ec.example.com\"",
        "\"aud\":\"https://hub.example.com/.well-known/mercure\"", "\"authorization_details\":[{\"type\":"
        + "\"https://mercure.rocks/authorization-detail\",\"actions\":[\"publish\",\"subscribe\"],\"topics\":[{\"match\":\"*\"}]}]",
        "\"match_type\":\"urlpattern\"", "Bearer ", "bearer "})
    void onlyTrustedSignaturesGrant(FuzzedDataProvider input) {
        int settings = input.consumeInt(0, AUTHORIZERS.size() - 1);
        boolean publisher = input.consumeBoolean();
        int where = input.consumeInt(0, 4);
        String scheme = where == 4 ? input.consumeString(10) : "Bearer ";
        String origin = input.consumeBoolean() ? ORIGIN : input.consumeString(40);
        String token = FuzzedTokens.token(input);

        Headers headers = new Headers();
        Map<String, List<String>> query = Map.of();
        try {
            switch (where) {
                case 1 -> query = Map.of(PresentedToken.LEGACY_QUERY_PARAMETER, List.of(token));
                case 2 -> headers.add("Cookie", PresentedToken.LEGACY_COOKIE + "=" + token);
                case 3 -> headers.add("Cookie", Authorizer.ACCESS_TOKEN_COOKIE + "=" + token);
                default -> headers.add("Authorization", scheme + token); // any scheme
            }
            headers.add("Origin", origin);
        } catch (IllegalArgumentException e) {
            return; // a header value HTTP cannot carry (a line break): no request has it
        }

        Authorizer authorizer = AUTHORIZERS.get(settings);
        Optional<Grant> grant;
        try {
            grant = publisher ? authorizer.authorizePublisher(headers, query, RESOURCE, HUB)
                    : authorizer.authorizeSubscriber(headers, query, RESOURCE, HUB);
        } catch (AuthException e) {
            assertThat(e.status()).isIn(400, 401, 403);
            assertThat(e.wwwAuthenticate()).doesNotContain("\n", "\r");
            return;
        }
        if (grant.isEmpty()) {
            return;
        }
        assertThat(scheme).isEqualToIgnoringCase("Bearer ");
        FuzzedTokens.Signed signed = FuzzedTokens.verify(token)
                .orElseThrow(() -> new AssertionError("granted a token no trusted key signed: " + token));
        JsonNode claims = signed.claims();
        boolean legacyAccepted = settings != 1;
        boolean accessAccepted = settings != 2;
        boolean readAsAccessToken = accessAccepted && (signed.accessToken() || !legacyAccepted);
        if (signed.byIssuerKey()) {
            assertThat(readAsAccessToken).as("the EC key is an issuer's: it verifies access tokens only").isTrue();
        }
        if (readAsAccessToken) {
            assertThat(signed.accessToken()).as("an access token not typed at+jwt").isTrue();
            assertThat(claims.path("iss").asText()).isEqualTo(signed.byIssuerKey() ? EC_ISSUER : ISSUER);
            assertThat(claims.path("exp").isNumber()).as("an access token without exp").isTrue();
            JsonNode audience = claims.path("aud");
            assertThat(audience.isArray() ? contains(audience, RESOURCE) : audience.asText().equals(RESOURCE))
                    .as("audience %s", audience).isTrue();
            assertThat(where).as("an access token in the URL").isNotEqualTo(1);
        }
        if (claims.path("exp").isNumber()) {
            assertThat(claims.get("exp").asDouble() * 1000).as("expired").isGreaterThan(NOW.toEpochMilli() - 1000);
        }
        if (claims.path("nbf").isNumber()) {
            assertThat(claims.get("nbf").asDouble() * 1000).as("not valid yet").isLessThan(NOW.toEpochMilli() + 1000);
        }
        if (publisher) {
            assertThat(grant.get().canPublish()).isTrue();
        }
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode element : array) {
            if (element.isTextual() && element.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
