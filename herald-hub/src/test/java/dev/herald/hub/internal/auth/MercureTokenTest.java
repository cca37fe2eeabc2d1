package dev.herald.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.hub.KeySpec;
import dev.herald.hub.internal.auth.Grant.SubscribeRule;
import dev.herald.hub.internal.topic.TopicSelector;
import dev.herald.hub.MercureToken;
import dev.herald.hub.frontend.Headers;
import io.netty.handler.codec.http.HttpMethod;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tokens minted by {@link MercureToken} are the 0.x tokens and 1.0 access tokens the authorizer accepts. */
class MercureTokenTest {

    private static final String HUB = "https://hub.example.com/.well-known/mercure";

    private static Headers bearer(HttpMethod method, String token) {
        return new Headers().add("Authorization", "Bearer " + token);
    }

    @Test
    void publisherTokenSignedWithASecret() throws Exception {
        KeySpec key = KeySpec.hmac(TestKeys.SECRET);
        String token = MercureToken.builder().publish("*").sign(key);
        Grant grant = new Authorizer(AuthSettings.withKey(key))
                .authorizePublisher(bearer(HttpMethod.POST, token), Map.of(), HUB).orElseThrow();
        assertThat(publish(grant)).containsExactly("*");
        assertThat(subscribe(grant)).isEmpty();
        assertThat(grant.expiresAt()).isEmpty();
        assertThat(SignedJWT.parse(token).getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    }

    @Test
    void everyClaim() throws Exception {
        Instant issued = Instant.now().minusSeconds(10);
        String token = MercureToken.builder()
                .publish("https://example.com/books/{id}")
                .subscribe("https://example.com/users/1", "https://example.com/books/{id}")
                .payload(Map.of("user", "https://example.com/users/1", "roles", List.of("admin")))
                .issuer("https://app.example.com")
                .subject("user-1")
                .issuedAt(issued)
                .expiresIn(Duration.ofMinutes(5))
                .sign(KeySpec.hmac(TestKeys.SECRET));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://app.example.com");
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond())
                .isEqualTo(issued.getEpochSecond());
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond())
                .isEqualTo(issued.plus(Duration.ofMinutes(5)).getEpochSecond());

        Grant grant = new Authorizer(AuthSettings.withKey(KeySpec.hmac(TestKeys.SECRET)))
                .authorizeSubscriber(bearer(HttpMethod.GET, token), Map.of(), HUB).orElseThrow();
        assertThat(subscribe(grant)).containsExactly("https://example.com/users/1",
                "https://example.com/books/{id}");
        assertThat(grant.payload()).hasValueSatisfying(payload -> {
            assertThat(payload.get("user").asText()).isEqualTo("https://example.com/users/1");
            assertThat(payload.get("roles").get(0).asText()).isEqualTo("admin");
        });
        assertThat(grant.subject()).contains("user-1");
    }

    @Test
    void rsaAndEcTokensSignedWithPrivateKeys() throws Exception {
        for (String[] keys : new String[][] {
            {"RS256", TestKeys.privatePem(TestKeys.RSA), TestKeys.publicPem(TestKeys.RSA)},
            {"ES256", TestKeys.ecSec1PrivatePem(TestKeys.EC), TestKeys.publicPem(TestKeys.EC)},
        }) {
            String token = MercureToken.builder().publish("*").sign(KeySpec.parse(keys[0], keys[1]));
            AuthSettings settings = AuthSettings.withKey(KeySpec.parse(keys[0], keys[2]));
            assertThat(new Authorizer(settings).authorizePublisher(bearer(HttpMethod.POST, token), Map.of(), HUB))
                    .isPresent();
        }
    }

    @Test
    void accessTokenForAOneOnlyHub() throws Exception {
        KeySpec key = KeySpec.hmac(TestKeys.SECRET);
        String token = MercureToken.builder()
                .publish("*")
                .subscribe("https://example.com/books/1")
                .payload(Map.of("tenant", "a"))
                .issuer("https://app.example.com")
                .expiresIn(Duration.ofMinutes(5))
                .signAccessToken(key, HUB);
        assertThat(SignedJWT.parse(token).getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        AuthSettings v1Only = new AuthSettings(Optional.of(key), Optional.of(key), List.of("https://app.example.com"),
                Optional.of(HUB), false, true);
        Grant grant = new Authorizer(v1Only).authorizePublisher(bearer(HttpMethod.POST, token), Map.of(), "unused")
                .orElseThrow();
        assertThat(grant.publishRules()).extracting(TopicSelector::kind, TopicSelector::text)
                .containsExactly(tuple(TopicSelector.Kind.ANY, "*"));
        assertThat(grant.subscribeRules()).singleElement().satisfies(rule -> {
            assertThat(rule.kind()).isEqualTo(TopicSelector.Kind.EXACT);
            assertThat(rule.payload()).hasValueSatisfying(payload ->
                    assertThat(payload.get("tenant").asText()).isEqualTo("a"));
        });
        assertThatThrownBy(() -> MercureToken.builder().publish("*").signAccessToken(key, HUB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expire");
    }

    @Test
    void accessTokenCarriesTheRfc9068ClaimsAndTheOneDotZeroSpelling() throws Exception {
        KeySpec key = KeySpec.parse("ES256", TestKeys.privatePem(TestKeys.EC));
        String token = MercureToken.builder()
                .publishUrlPattern("https://example.com/books/:id")
                .subscribe("*")
                .subscribeUrlPattern("https://example.com/users/:id")
                .issuer("https://app.example.com")
                .expiresIn(Duration.ofMinutes(5))
                .signAccessToken(key, HUB);
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://app.example.com");
        assertThat(claims.getSubject()).isEqualTo("https://app.example.com");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("https://app.example.com");
        assertThat(claims.getAudience()).containsExactly(HUB);
        assertThat(claims.getJWTID()).startsWith("urn:uuid:");
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isNotNull();
        JsonNode details = new ObjectMapper().readTree(
                SignedJWT.parse(token).getPayload().toString()).get("authorization_details");
        assertThat(details.get(0).get("type").asText()).isEqualTo("https://mercure.rocks/authorization-detail");
        assertThat(details.get(0).get("topics").get(0).get("match_type").asText()).isEqualTo("urlpattern");
        assertThat(details.get(1).get("topics").get(0).has("match_type")).isFalse();

        AuthSettings settings = new AuthSettings(Optional.empty(), Optional.empty(), List.of(),
                List.of(new IssuerKey("https://app.example.com",
                        KeySpec.parse("ES256", TestKeys.publicPem(TestKeys.EC)))),
                List.of(), JwksRefresh.DEFAULT, Optional.of(HUB), false, true, List.of());
        Grant grant = new Authorizer(settings).authorizeSubscriber(bearer(HttpMethod.GET, token), Map.of(), "unused")
                .orElseThrow();
        assertThat(grant.publishRules()).extracting(TopicSelector::kind)
                .containsExactly(TopicSelector.Kind.URL_PATTERN);
        assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind)
                .containsExactly(TopicSelector.Kind.ANY, TopicSelector.Kind.URL_PATTERN);
        assertThat(MercureToken.builder().subject("user-1").issuer("https://app.example.com")
                .expiresIn(Duration.ofMinutes(1)).signAccessToken(key, HUB))
                .satisfies(minted -> assertThat(SignedJWT.parse(minted).getJWTClaimsSet().getSubject())
                        .isEqualTo("user-1"));
    }

    @Test
    void accessTokensNeedAnIssuerAndUrlPatternsNeedAnAccessToken() {
        assertThatThrownBy(() -> MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(5))
                .signAccessToken(KeySpec.hmac(TestKeys.SECRET), HUB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> MercureToken.builder().subscribeUrlPattern("https://example.com/:id")
                .sign(KeySpec.hmac(TestKeys.SECRET)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signAccessToken");
    }

    @Test
    void aPublicKeyCannotSign() {
        assertThatThrownBy(() -> MercureToken.builder().publish("*")
                .sign(KeySpec.parse("RS256", TestKeys.publicPem(TestKeys.RSA))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key");
    }

    @Test
    void anExpiredMintedTokenIsRefused() throws ParseException {
        String token = MercureToken.builder().subscribe("*").issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .expiresIn(Duration.ofHours(1)).sign(KeySpec.hmac(TestKeys.SECRET));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime()).isNotNull();
        assertThatThrownBy(() -> new Authorizer(AuthSettings.withKey(KeySpec.hmac(TestKeys.SECRET)))
                .authorizeSubscriber(bearer(HttpMethod.GET, token), Map.of(), HUB))
                .isInstanceOf(AuthException.class);
    }

    @Test
    void emptyBuilderGrantsNothing() throws Exception {
        String token = MercureToken.builder().sign(KeySpec.hmac(TestKeys.SECRET));
        Optional<Grant> grant = new Authorizer(AuthSettings.withKey(KeySpec.hmac(TestKeys.SECRET)))
                .authorizeSubscriber(bearer(HttpMethod.GET, token), Map.of(), HUB);
        assertThat(grant).hasValueSatisfying(g -> {
            assertThat(publish(g)).isEmpty();
            assertThat(subscribe(g)).isEmpty();
        });
        assertThatThrownBy(() -> MercureToken.builder().expiresIn(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The publish matchers a grant holds, as the token wrote them. */
    private static List<String> publish(Grant grant) {
        return grant.publishRules().stream().map(TopicSelector::text).toList();
    }

    /** The subscribe matchers a grant holds, as the token wrote them. */
    private static List<String> subscribe(Grant grant) {
        return grant.subscribeRules().stream().map(SubscribeRule::match).toList();
    }
}
