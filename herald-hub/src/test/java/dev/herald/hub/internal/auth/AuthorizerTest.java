package dev.herald.hub.internal.auth;

import dev.herald.hub.frontend.Headers;
import static dev.herald.hub.internal.auth.TestKeys.EC;
import static dev.herald.hub.internal.auth.TestKeys.OTHER_RSA;
import static dev.herald.hub.internal.auth.TestKeys.OTHER_SECRET;
import static dev.herald.hub.internal.auth.TestKeys.RSA;
import static dev.herald.hub.internal.auth.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.hub.KeySpec;
import dev.herald.hub.internal.auth.Grant.SubscribeRule;
import dev.herald.hub.internal.topic.TopicSelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token sources, their precedence, both dialects, and every reason a token is refused. */
class AuthorizerTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String HUB = "https://hub.example.com/.well-known/mercure";
    private static final String ISSUER = "https://auth.example.com";
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final Map<String, List<String>> NO_QUERY = Map.of();

    private static final KeySpec HS256 = KeySpec.hmac(SECRET);

    /** The publish matchers a grant holds, as the token wrote them. */
    private static List<String> publish(Grant grant) {
        return grant.publishRules().stream().map(TopicSelector::text).toList();
    }

    /** The subscribe matchers a grant holds, as the token wrote them. */
    private static List<String> subscribe(Grant grant) {
        return grant.subscribeRules().stream().map(SubscribeRule::match).toList();
    }

    // Settings and requests.

    private static AuthSettings both(KeySpec key) {
        return new AuthSettings(Optional.of(key), Optional.of(key), List.of(ISSUER), Optional.empty(), true, true);
    }

    private static AuthSettings v1Only(KeySpec key) {
        return new AuthSettings(Optional.of(key), Optional.of(key), List.of(ISSUER), Optional.empty(), false, true);
    }

    private static AuthSettings legacyOnly(KeySpec key) {
        return new AuthSettings(Optional.of(key), Optional.of(key), List.of(), Optional.empty(), true, false);
    }

    private static Authorizer authorizer(AuthSettings settings) {
        return new Authorizer(settings, CLOCK);
    }

    /** A subscription request's headers. */
    private static Headers get() {
        return new Headers();
    }

    /** A publication request's headers. */
    private static Headers post() {
        return new Headers();
    }

    private static Headers bearer(Headers request, String token) {
        request.add("Authorization", "Bearer " + token);
        return request;
    }

    private static Headers cookie(Headers request, String name, String token) {
        request.add("Cookie", "theme=dark; " + name + "=" + token);
        return request;
    }

    private static Map<String, List<String>> query(String token) {
        return Map.of(PresentedToken.LEGACY_QUERY_PARAMETER, List.of(token));
    }

    // Tokens.

    private static JWTClaimsSet.Builder legacyClaims(List<String> publish, List<String> subscribe) {
        return new JWTClaimsSet.Builder()
                .claim("mercure", Map.of("publish", publish, "subscribe", subscribe, "payload", Map.of("user", 7)))
                .subject("user-7")
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String legacyToken(List<String> publish, List<String> subscribe) {
        return TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), JOSEObjectType.JWT,
                legacyClaims(publish, subscribe).build());
    }

    private static String hs256(JWTClaimsSet claims) {
        return TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), JOSEObjectType.JWT, claims);
    }

    private static Map<String, Object> detail(List<String> actions, List<Map<String, Object>> topics) {
        return Map.of("type", Authorizer.DETAIL_TYPE, "actions", actions, "topics", topics);
    }

    private static JWTClaimsSet.Builder accessClaims(List<?> details) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(HUB, "https://other.example.com"))
                .subject("user-7")
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))))
                .claim("authorization_details", details);
    }

    private static String accessToken(JWTClaimsSet claims) {
        return TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), AT_JWT, claims);
    }

    private static String defaultAccessToken() {
        return accessToken(accessClaims(List.of(
                detail(List.of("subscribe"), List.of(Map.of("match", "https://example.com/books/1"),
                        Map.of("match", "https://example.com/books/:id", "match_type", "urlpattern"))),
                detail(List.of("publish", "subscribe"), List.of(Map.of("match", "*"))))).build());
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(ThrowingCallable call, int status, String error) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.status()).as("status (%s)", e.description()).isEqualTo(status);
                    assertThat(e.error()).isEqualTo(error);
                });
    }

    private static void assertInvalidToken(AuthSettings settings, String token) {
        assertRefused(() -> authorizer(settings).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB),
                401, "invalid_token");
    }

    @Nested
    class ValidTokens {

        @Test
        void hs256LegacyToken() throws AuthException {
            Grant grant = authorizer(both(HS256)).authorizeSubscriber(
                    bearer(get(), legacyToken(List.of("*"), List.of("https://example.com/books/{id}", "a"))),
                    NO_QUERY, HUB).orElseThrow();
            assertThat(publish(grant)).containsExactly("*");
            assertThat(subscribe(grant)).containsExactly("https://example.com/books/{id}", "a");
            assertThat(grant.publishRules()).extracting(TopicSelector::kind).containsExactly(TopicSelector.Kind.ANY);
            assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind)
                    .containsExactly(TopicSelector.Kind.URI_TEMPLATE, TopicSelector.Kind.EXACT);
            assertThat(grant.payload()).hasValueSatisfying(payload ->
                    assertThat(payload.get("user").asInt()).isEqualTo(7));
            assertThat(grant.subject()).contains("user-7");
            assertThat(grant.expiresAt()).contains(NOW.plus(Duration.ofHours(1)));
        }

        @Test
        void rs256WithPublicKeyAndWithPrivateKeyConfigured() throws AuthException {
            String token = TestKeys.sign(JWSAlgorithm.RS256, TestKeys.rsaSigner(RSA), null,
                    legacyClaims(List.of("*"), List.of()).build());
            for (String pem : List.of(TestKeys.publicPem(RSA), TestKeys.privatePem(RSA),
                    TestKeys.rsaPkcs1PrivatePem(RSA))) {
                Optional<Grant> grant = authorizer(both(KeySpec.parse("RS256", pem)))
                        .authorizePublisher(bearer(post(), token), NO_QUERY, HUB);
                assertThat(grant).hasValueSatisfying(g -> assertThat(publish(g)).containsExactly("*"));
            }
        }

        @Test
        void es256WithPublicKeyAndWithPrivateKeysConfigured() throws AuthException {
            String token = TestKeys.sign(JWSAlgorithm.ES256, TestKeys.ecSigner(EC), JOSEObjectType.JWT,
                    legacyClaims(List.of("https://example.com/a"), List.of()).build());
            for (String pem : List.of(TestKeys.publicPem(EC), TestKeys.privatePem(EC),
                    TestKeys.ecSec1PrivatePem(EC))) {
                Optional<Grant> grant = authorizer(both(KeySpec.parse("ES256", pem)))
                        .authorizePublisher(bearer(post(), token), NO_QUERY, HUB);
                assertThat(grant).hasValueSatisfying(g ->
                        assertThat(publish(g)).containsExactly("https://example.com/a"));
            }
        }

        @Test
        void namespacedClaimIsReadToo() throws AuthException {
            String token = hs256(new JWTClaimsSet.Builder()
                    .claim("https://mercure.rocks/", Map.of("subscribe", List.of("x"))).build());
            assertThat(authorizer(both(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .hasValueSatisfying(grant -> assertThat(subscribe(grant)).containsExactly("x"));
        }

        @Test
        void legacyTokenWithoutExpiryIsAccepted() throws AuthException {
            String token = hs256(new JWTClaimsSet.Builder().claim("mercure", Map.of("subscribe", List.of("x")))
                    .build());
            assertThat(authorizer(legacyOnly(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .isPresent();
        }

        @Test
        void subscriberTokenWithoutMercureClaimGrantsNothing() throws AuthException {
            String token = hs256(new JWTClaimsSet.Builder().subject("someone").build());
            Grant grant = authorizer(both(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB)
                    .orElseThrow();
            assertThat(subscribe(grant)).isEmpty();
            assertThat(publish(grant)).isEmpty();
            assertThat(grant.payload()).isEmpty();
        }

        @Test
        void invalidTemplateSelectorIsAnExactTopicAsInTheReferenceHub() throws AuthException {
            Grant grant = authorizer(both(HS256)).authorizeSubscriber(
                    bearer(get(), legacyToken(List.of(), List.of("https://example.com/{bad"))), NO_QUERY, HUB)
                    .orElseThrow();
            assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind)
                    .containsExactly(TopicSelector.Kind.EXACT);
        }

        @Test
        void noTokenMeansAnonymous() throws AuthException {
            assertThat(authorizer(both(HS256)).authorizeSubscriber(get(), NO_QUERY, HUB)).isEmpty();
            assertThat(authorizer(both(HS256)).authorizePublisher(post(), NO_QUERY, HUB)).isEmpty();
        }
    }

    @Nested
    class AccessTokens {

        @Test
        void accessTokenGrantsThroughAuthorizationDetails() throws AuthException {
            Grant grant = authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), defaultAccessToken()),
                    NO_QUERY, HUB).orElseThrow();
            assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind).containsExactly(
                    TopicSelector.Kind.EXACT, TopicSelector.Kind.URL_PATTERN, TopicSelector.Kind.ANY);
            assertThat(subscribe(grant)).containsExactly("https://example.com/books/1",
                    "https://example.com/books/:id", "*");
            assertThat(grant.publishRules()).extracting(TopicSelector::kind).containsExactly(TopicSelector.Kind.ANY);
            assertThat(grant.subject()).contains("user-7");
        }

        @Test
        void accessTokenIsAcceptedInTheDefaultMode() throws AuthException {
            assertThat(authorizer(both(HS256)).authorizePublisher(bearer(post(), defaultAccessToken()), NO_QUERY,
                    HUB)).isPresent();
        }

        @Test
        void payloadsStayWithTheirDetail() throws AuthException {
            String token = accessToken(accessClaims(List.of(
                    Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"),
                            "topics", List.of(Map.of("match", "https://example.com/foo")),
                            "payload", Map.of("custom1", "foo")),
                    Map.of("type", "other", "topics", "ignored"),
                    Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"),
                            "topics", List.of(Map.of("match", "*")), "payload", Map.of("custom3", "all")))).build());
            Grant grant = authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB)
                    .orElseThrow();
            assertThat(grant.subscribeRules()).hasSize(2);
            assertThat(grant.subscribeRules().get(0).payload()).hasValueSatisfying(payload ->
                    assertThat(payload.get("custom1").asText()).isEqualTo("foo"));
            assertThat(grant.subscribeRules().get(1).payload()).hasValueSatisfying(payload ->
                    assertThat(payload.get("custom3").asText()).isEqualTo("all"));
        }

        @Test
        void relativeUrlPatternsAreResolvedAgainstTheHub() throws AuthException {
            String token = accessToken(accessClaims(List.of(detail(List.of("subscribe"), List.of(
                    Map.of("match", "/.well-known/mercure/subscriptions/:type/:match", "match_type", "urlpattern")))))
                    .build());
            assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .isPresent();
        }

        @Test
        void resourceIdentifierFromSettingsWinsOverTheRequest() throws AuthException {
            AuthSettings settings = new AuthSettings(Optional.of(HS256), Optional.of(HS256), List.of(ISSUER),
                    Optional.of("https://other.example.com"), false, true);
            assertThat(authorizer(settings).authorizeSubscriber(bearer(get(), defaultAccessToken()), NO_QUERY,
                    "https://unrelated.example")).isPresent();
        }

        @Test
        void audienceAsASingleString() throws AuthException {
            String token = accessToken(accessClaims(List.of()).audience(HUB).build());
            assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .isPresent();
        }

        @Test
        void noIssuerIsTrustedWhenNoneIsConfigured() {
            // Mercure 1.0 requires a trusted iss: a hub configured with keys but no issuer refuses access tokens.
            for (boolean legacyToo : new boolean[] {false, true}) {
                AuthSettings settings = new AuthSettings(Optional.of(HS256), Optional.of(HS256), List.of(),
                        Optional.empty(), legacyToo, true);
                String token = accessToken(accessClaims(List.of()).issuer("https://self.example").build());
                assertThatThrownBy(() -> authorizer(settings).authorizeSubscriber(bearer(get(), token), NO_QUERY,
                        HUB)).isInstanceOfSatisfying(AuthException.class, e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.error()).isEqualTo("invalid_token");
                            assertThat(e.description()).contains("trusts no issuer", "--issuer", "--jwks-uri");
                        });
            }
        }

        @Test
        void typIsComparedWithoutCaseAndWithItsMediaTypePrefix() throws AuthException {
            String token = TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET),
                    new JOSEObjectType("application/AT+JWT"), accessClaims(List.of()).build());
            assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .isPresent();
        }

        @Test
        void typOtherThanAtJwtIsRefusedByA10OnlyHub() {
            for (JOSEObjectType type : new JOSEObjectType[] {JOSEObjectType.JWT, null, new JOSEObjectType("JOSE")}) {
                String token = TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), type,
                        accessClaims(List.of()).build());
                assertInvalidToken(v1Only(HS256), token);
            }
        }

        @Test
        void legacyTokenInTheDefaultModeMayCarryAuthorizationDetails() throws AuthException {
            String token = hs256(new JWTClaimsSet.Builder().claim("authorization_details",
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "https://example.com/a"))))).build());
            assertThat(authorizer(both(HS256)).authorizePublisher(bearer(post(), token), NO_QUERY, HUB))
                    .hasValueSatisfying(grant -> assertThat(publish(grant)).containsExactly("https://example.com/a"));
        }

        @Test
        void wrongAudience() {
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of())
                    .audience("https://evil.example.com/.well-known/mercure").build()));
        }

        @Test
        void missingAudience() {
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of()).audience((String) null).build()));
        }

        @Test
        void wrongIssuer() {
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of()).issuer("https://evil.example")
                    .build()));
        }

        @Test
        void missingIssuer() {
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of()).issuer(null).build()));
        }

        @Test
        void missingExpiry() {
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of()).expirationTime(null).build()));
        }

        @Test
        void unknownResourceIdentifier() {
            assertRefused(() -> authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), defaultAccessToken()),
                    NO_QUERY, ""), 401, "invalid_token");
        }

        @Test
        void malformedAuthorizationDetails() {
            List<Object> malformed = List.of(
                    "not an array",
                    List.of("not an object"),
                    List.of(Map.of("type", Authorizer.DETAIL_TYPE, "topics", List.of(Map.of("match", "a")))),
                    List.of(detail(List.of(), List.of(Map.of("match", "a")))),
                    List.of(detail(List.of("publish"), List.of())),
                    List.of(detail(List.of("publish"), List.of(Map.of("match_type", "exact")))),
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "")))),
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "a\nb")))),
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "a", "match_type", "Exact")))),
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "a", "match_type", "URITemplate")))),
                    List.of(detail(List.of("publish"), List.of(Map.of("match", "https://e.com/:a(\\1)",
                            "match_type", "urlpattern")))));
            for (Object details : malformed) {
                JWTClaimsSet claims = accessClaims(List.of()).claim("authorization_details", details).build();
                assertInvalidToken(both(HS256), accessToken(claims));
            }
        }

        @Test
        void tooManyMatchers() {
            List<Map<String, Object>> topics = IntStream.range(0, 101)
                    .mapToObj(i -> Map.<String, Object>of("match", "t" + i)).toList();
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of(detail(List.of("subscribe"), topics)))
                    .build()));
        }

        @Test
        void earlierMatchTypeSpellingsAreGone() throws AuthException {
            // "URLPattern" is not a match_type; "matchType" is an unknown member, ignored: the matcher is exact.
            assertInvalidToken(both(HS256), accessToken(accessClaims(List.of(detail(List.of("subscribe"),
                    List.of(Map.of("match", "https://example.com/:id", "match_type", "URLPattern"))))).build()));
            String token = accessToken(accessClaims(List.of(detail(List.of("subscribe"),
                    List.of(Map.of("match", "https://example.com/:id", "matchType", "URLPattern"))))).build());
            assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), token), NO_QUERY, HUB))
                    .hasValueSatisfying(grant -> assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind)
                            .containsExactly(TopicSelector.Kind.EXACT));
        }
    }

    @Nested
    class RefusedTokens {

        @Test
        void expired() {
            assertInvalidToken(both(HS256), hs256(legacyClaims(List.of(), List.of())
                    .expirationTime(Date.from(NOW.minusSeconds(1))).build()));
            assertInvalidToken(both(HS256), hs256(legacyClaims(List.of(), List.of())
                    .expirationTime(Date.from(NOW)).build()));
        }

        @Test
        void notYetValid() {
            assertInvalidToken(both(HS256), hs256(legacyClaims(List.of(), List.of())
                    .notBeforeTime(Date.from(NOW.plusSeconds(60))).build()));
        }

        @Test
        void wrongHmacKey() {
            assertInvalidToken(both(HS256), TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(OTHER_SECRET),
                    JOSEObjectType.JWT, legacyClaims(List.of("*"), List.of()).build()));
        }

        @Test
        void wrongRsaKey() {
            assertInvalidToken(both(KeySpec.parse("RS256", TestKeys.publicPem(RSA))),
                    TestKeys.sign(JWSAlgorithm.RS256, TestKeys.rsaSigner(OTHER_RSA), null,
                            legacyClaims(List.of("*"), List.of()).build()));
        }

        @Test
        void algNone() {
            String unsigned = new PlainJWT(legacyClaims(List.of("*"), List.of("*")).build()).serialize();
            assertInvalidToken(both(HS256), unsigned);
            // The same claims under a forged "alg": "none" header with a signature part.
            String[] parts = hs256(legacyClaims(List.of("*"), List.of("*")).build()).split("\\.");
            String none = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            assertInvalidToken(both(HS256), none + "." + parts[1] + "." + parts[2]);
            assertInvalidToken(both(HS256), none + "." + parts[1] + ".");
        }

        @Test
        void hmacTokenWhenRs256IsConfigured() {
            // The classic confusion: the public key used as an HMAC secret.
            String publicPem = TestKeys.publicPem(RSA);
            String forged = TestKeys.sign(JWSAlgorithm.HS256, TestKeys.hmacSigner(publicPem), JOSEObjectType.JWT,
                    legacyClaims(List.of("*"), List.of()).build());
            assertInvalidToken(both(KeySpec.parse("RS256", publicPem)), forged);
        }

        @Test
        void otherHmacAlgorithmWithTheSameSecret() {
            String secret = "a-secret-long-enough-for-every-hmac-algorithm-0123456789-abcdefgh";
            String token = TestKeys.sign(JWSAlgorithm.HS512, TestKeys.hmacSigner(secret), JOSEObjectType.JWT,
                    legacyClaims(List.of("*"), List.of()).build());
            assertInvalidToken(both(KeySpec.hmac(secret)), token);
        }

        @Test
        void rsaTokenWhenEs256IsConfigured() {
            assertInvalidToken(both(KeySpec.parse("ES256", TestKeys.publicPem(EC))),
                    TestKeys.sign(JWSAlgorithm.RS256, TestKeys.rsaSigner(RSA), null,
                            legacyClaims(List.of("*"), List.of()).build()));
        }

        @Test
        void malformedTokens() {
            for (String token : List.of("x".repeat(60), "a.b.c" + "d".repeat(50), "eyJhbGciOiJIUzI1NiJ9.%%%%%."
                    + "x".repeat(40), "eyJhbGciOiJIUzI1NiJ9.eyJtZXJjdXJlIjoxfQ.signature-that-is-wrong-xxxx")) {
                assertInvalidToken(both(HS256), token);
            }
        }

        @Test
        void malformedMercureClaim() {
            for (Object claim : List.of("string", Map.of("publish", "*"), Map.of("subscribe", List.of(1, 2)))) {
                assertInvalidToken(both(HS256), hs256(new JWTClaimsSet.Builder().claim("mercure", claim).build()));
            }
        }

        @Test
        void duplicateClaimNames() throws GeneralSecurityException {
            String header = base64Url("{\"alg\":\"HS256\"}");
            String payload = base64Url("{\"mercure\":{\"publish\":[]},\"mercure\":{\"publish\":[\"*\"]}}");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signingInput = header + "." + payload;
            String signature = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            assertInvalidToken(both(HS256), signingInput + "." + signature);
        }

        @Test
        void noKeyForTheRole() {
            AuthSettings publisherOnly = new AuthSettings(Optional.of(HS256), Optional.empty(), List.of(),
                    Optional.empty(), true, true);
            assertInvalidToken(publisherOnly, legacyToken(List.of(), List.of("*")));
        }

        @Test
        void accessTokenOnALegacyOnlyHubIsReadAsALegacyToken() throws AuthException {
            // A 0.x-only hub ignores typ: the token is judged by its mercure claim, here absent.
            Grant grant = authorizer(legacyOnly(HS256)).authorizeSubscriber(bearer(get(), defaultAccessToken()),
                    NO_QUERY, HUB).orElseThrow();
            assertThat(grant.subscribeRules()).hasSize(3);
        }
    }

    @Nested
    class Publishers {

        @Test
        void publisherWithoutPublishClaimIsForbidden() {
            String token = legacyToken(List.of(), List.of("*"));
            assertRefused(() -> authorizer(both(HS256)).authorizePublisher(bearer(post(), token), NO_QUERY, HUB),
                    403, "insufficient_scope");
            String noClaim = hs256(new JWTClaimsSet.Builder().claim("mercure", Map.of("subscribe", List.of("*")))
                    .build());
            assertRefused(() -> authorizer(both(HS256)).authorizePublisher(bearer(post(), noClaim), NO_QUERY, HUB),
                    403, "insufficient_scope");
        }

        @Test
        void accessTokenWithoutPublishActionIsForbidden() {
            String token = accessToken(accessClaims(List.of(detail(List.of("subscribe"),
                    List.of(Map.of("match", "*"))))).build());
            assertRefused(() -> authorizer(v1Only(HS256)).authorizePublisher(bearer(post(), token), NO_QUERY, HUB),
                    403, "insufficient_scope");
        }

        @Test
        void publisherTokenIsVerifiedWithThePublisherKey() throws AuthException {
            KeySpec subscriberKey = KeySpec.hmac(OTHER_SECRET);
            AuthSettings settings = new AuthSettings(Optional.of(HS256), Optional.of(subscriberKey), List.of(),
                    Optional.empty(), true, true);
            String publisherToken = legacyToken(List.of("*"), List.of());
            assertThat(authorizer(settings).authorizePublisher(bearer(post(), publisherToken), NO_QUERY, HUB))
                    .isPresent();
            assertRefused(() -> authorizer(settings).authorizeSubscriber(bearer(get(), publisherToken), NO_QUERY,
                    HUB), 401, "invalid_token");
        }

        @Test
        void cookiePublishingNeedsAnAllowedOrigin() throws AuthException {
            String token = legacyToken(List.of("*"), List.of());
            AuthSettings settings = new AuthSettings(Optional.of(HS256), Optional.of(HS256), List.of(),
                    Optional.empty(), true, true, List.of("https://app.example.com"));
            Authorizer authorizer = authorizer(settings);

            assertRefused(() -> authorizer.authorizePublisher(cookie(post(), PresentedToken.LEGACY_COOKIE, token),
                    NO_QUERY, HUB), 400, "invalid_request");

            Headers foreign = cookie(post(), PresentedToken.LEGACY_COOKIE, token);
            foreign.add("Origin", "https://evil.example.com");
            assertRefused(() -> authorizer.authorizePublisher(foreign, NO_QUERY, HUB), 400, "invalid_request");

            Headers allowed = cookie(post(), PresentedToken.LEGACY_COOKIE, token);
            allowed.add("Origin", "https://app.example.com");
            assertThat(authorizer.authorizePublisher(allowed, NO_QUERY, HUB)).isPresent();

            Headers referred = cookie(post(), PresentedToken.LEGACY_COOKIE, token);
            referred.add("Referer", "https://app.example.com/page?x=1");
            assertThat(authorizer.authorizePublisher(referred, NO_QUERY, HUB)).isPresent();

            // Without configured origins, cookie publishing is refused.
            Headers unconfigured = cookie(post(), PresentedToken.LEGACY_COOKIE, token);
            unconfigured.add("Origin", "https://app.example.com");
            assertRefused(() -> authorizer(both(HS256)).authorizePublisher(unconfigured, NO_QUERY, HUB), 400,
                    "invalid_request");
        }
    }

    @Nested
    class TokenSources {

        private final String publishAll = legacyToken(List.of("*"), List.of());
        private final String subscribeAll = legacyToken(List.of(), List.of("*"));

        private List<String> subscribeOf(Optional<Grant> grant) {
            return subscribe(grant.orElseThrow());
        }

        @Test
        void eachSourceAlone() throws AuthException {
            Authorizer authorizer = authorizer(both(HS256));
            assertThat(subscribeOf(authorizer.authorizeSubscriber(bearer(get(), subscribeAll), NO_QUERY, HUB)))
                    .containsExactly("*");
            assertThat(subscribeOf(authorizer.authorizeSubscriber(get(), query(subscribeAll), HUB)))
                    .containsExactly("*");
            assertThat(subscribeOf(authorizer.authorizeSubscriber(
                    cookie(get(), PresentedToken.LEGACY_COOKIE, subscribeAll), NO_QUERY, HUB))).containsExactly("*");
            assertThat(subscribeOf(authorizer.authorizeSubscriber(
                    cookie(get(), Authorizer.ACCESS_TOKEN_COOKIE, subscribeAll), NO_QUERY, HUB)))
                    .containsExactly("*");
        }

        @Test
        void headerWinsOverQueryAndCookies() throws AuthException {
            Headers request = bearer(get(), subscribeAll);
            cookie(request, Authorizer.ACCESS_TOKEN_COOKIE, "garbage");
            cookie(request, PresentedToken.LEGACY_COOKIE, publishAll);
            assertThat(subscribeOf(authorizer(both(HS256)).authorizeSubscriber(request, query("x".repeat(50)), HUB)))
                    .containsExactly("*");
        }

        @Test
        void aBadHeaderIsNotRescuedByAGoodCookie() {
            Headers request = bearer(get(), "x".repeat(60));
            cookie(request, PresentedToken.LEGACY_COOKIE, subscribeAll);
            assertRefused(() -> authorizer(both(HS256)).authorizeSubscriber(request, query(subscribeAll), HUB),
                    401, "invalid_token");
        }

        @Test
        void queryWinsOverCookies() throws AuthException {
            Headers request = cookie(get(), PresentedToken.LEGACY_COOKIE, publishAll);
            cookie(request, Authorizer.ACCESS_TOKEN_COOKIE, publishAll);
            assertThat(subscribeOf(authorizer(both(HS256)).authorizeSubscriber(request, query(subscribeAll), HUB)))
                    .containsExactly("*");
        }

        @Test
        void accessTokenCookieWinsOverLegacyCookie() throws AuthException {
            Headers request = cookie(get(), PresentedToken.LEGACY_COOKIE, publishAll);
            cookie(request, Authorizer.ACCESS_TOKEN_COOKIE, subscribeAll);
            assertThat(subscribeOf(authorizer(both(HS256)).authorizeSubscriber(request, NO_QUERY, HUB)))
                    .containsExactly("*");
        }

        @Test
        void aOneOnlyHubReadsNeitherTheLegacyCookieNorTheQueryParameter() throws AuthException {
            Authorizer authorizer = authorizer(v1Only(HS256));
            assertThat(authorizer.authorizeSubscriber(cookie(get(), PresentedToken.LEGACY_COOKIE, subscribeAll),
                    NO_QUERY, HUB)).isEmpty();
            assertThat(authorizer.authorizeSubscriber(get(), query(subscribeAll), HUB)).isEmpty();
            assertThat(authorizer.authorizeSubscriber(cookie(get(), Authorizer.ACCESS_TOKEN_COOKIE,
                    defaultAccessToken()), NO_QUERY, HUB)).isPresent();
        }

        @Test
        void aLegacyOnlyHubDoesNotReadTheAccessTokenCookie() throws AuthException {
            assertThat(authorizer(legacyOnly(HS256)).authorizeSubscriber(
                    cookie(get(), Authorizer.ACCESS_TOKEN_COOKIE, subscribeAll), NO_QUERY, HUB)).isEmpty();
        }

        @Test
        void malformedHeaders() {
            Authorizer authorizer = authorizer(both(HS256));
            Headers basic = get();
            basic.add("Authorization", "Basic " + subscribeAll);
            assertRefused(() -> authorizer.authorizeSubscriber(basic, NO_QUERY, HUB), 400, "invalid_request");

            assertRefused(() -> authorizer.authorizeSubscriber(bearer(get(), "short"), NO_QUERY, HUB), 400,
                    "invalid_request");

            Headers twice = bearer(bearer(get(), subscribeAll), subscribeAll);
            assertRefused(() -> authorizer.authorizeSubscriber(twice, NO_QUERY, HUB), 400, "invalid_request");

            Headers lowercase = get();
            lowercase.add("Authorization", "bearer " + subscribeAll);
            assertThatCode(() -> authorizer.authorizeSubscriber(lowercase, NO_QUERY, HUB)).doesNotThrowAnyException();
        }

        @Test
        void malformedQueryParameter() {
            Authorizer authorizer = authorizer(both(HS256));
            assertRefused(() -> authorizer.authorizeSubscriber(get(), query("short"), HUB), 400, "invalid_request");
            assertRefused(() -> authorizer.authorizeSubscriber(get(),
                    Map.of(PresentedToken.LEGACY_QUERY_PARAMETER, List.of(subscribeAll, subscribeAll)), HUB), 400,
                    "invalid_request");
        }

        @Test
        void badCookieIsAnInvalidToken() {
            assertRefused(() -> authorizer(both(HS256)).authorizeSubscriber(
                    cookie(get(), PresentedToken.LEGACY_COOKIE, "nope"), NO_QUERY, HUB), 401, "invalid_token");
        }
    }

    /** Mercure 1.0 "Authorization Details" and "Topic Matcher List", one rule at a time. */
    @Nested
    class AuthorizationDetails {

        private Grant grantOf(Object details) throws AuthException {
            return authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(),
                    accessToken(accessClaims(List.of()).claim("authorization_details", details).build())), NO_QUERY,
                    HUB).orElseThrow();
        }

        private void assertRefusedDetails(Object details) {
            assertInvalidToken(v1Only(HS256), accessToken(accessClaims(List.of())
                    .claim("authorization_details", details).build()));
        }

        private Map<String, Object> typed(String type) {
            return Map.of("type", type, "actions", List.of("publish", "subscribe"),
                    "topics", List.of(Map.of("match", "*")));
        }

        @Test
        void detailsOfOtherTypesAreIgnoredIncludingTheOldMercureSpelling() throws AuthException {
            for (String type : List.of("mercure", "https://mercure.rocks/authorization-detail/",
                    "https://MERCURE.rocks/authorization-detail", "HTTPS://mercure.rocks/authorization-detail",
                    "https://example.com/payment")) {
                Grant grant = grantOf(List.of(typed(type)));
                assertThat(grant.publishRules()).as(type).isEmpty();
                assertThat(grant.subscribeRules()).as(type).isEmpty();
            }
            // Another type's detail is not ours to judge, however it looks.
            Grant grant = grantOf(List.of(Map.of("type", "other", "actions", 7), typed(Authorizer.DETAIL_TYPE)));
            assertThat(grant.publishRules()).extracting(TopicSelector::kind).containsExactly(TopicSelector.Kind.ANY);
        }

        @Test
        void noMercureDetailGrantsNothing() throws AuthException {
            assertThat(grantOf(List.of()).subscribeRules()).isEmpty();
            Grant absent = authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), accessToken(
                    accessClaims(List.of()).claim("authorization_details", null).build())), NO_QUERY, HUB)
                    .orElseThrow();
            assertThat(absent.subscribeRules()).isEmpty();
        }

        @Test
        void unknownActionsGrantNothingAndInvalidateNothing() throws AuthException {
            Grant grant = grantOf(List.of(
                    detail(List.of("delete", "publish", "Subscribe"), List.of(Map.of("match", "https://e.com/a"))),
                    detail(List.of("read"), List.of(Map.of("match", "*")))));
            assertThat(publish(grant)).containsExactly("https://e.com/a");
            assertThat(grant.subscribeRules()).isEmpty();
        }

        @Test
        void actionsMustBeANonEmptyArrayOfStrings() {
            List<Object> actions = new ArrayList<>();
            actions.add("publish");
            actions.add(null);
            for (Object bad : List.of(List.of(), "publish", List.of("publish", 1), List.of(List.of("publish")),
                    Map.of("0", "publish"), actions)) {
                assertRefusedDetails(List.of(Map.of("type", Authorizer.DETAIL_TYPE, "actions", bad,
                        "topics", List.of(Map.of("match", "*")))));
            }
            assertRefusedDetails(List.of(Map.of("type", Authorizer.DETAIL_TYPE,
                    "topics", List.of(Map.of("match", "*")))));
        }

        @Test
        void topicsMustBeANonEmptyArrayOfMatcherObjects() {
            for (Object bad : List.of(List.of(), "*", Map.of("match", "*"), List.of("*"), List.of(Map.of()),
                    List.of(Map.of("match", 1)), List.of(Map.of("match", List.of("a"))),
                    List.of(Map.of("match", "a"), "b"))) {
                assertRefusedDetails(List.of(Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"),
                        "topics", bad)));
            }
            assertRefusedDetails(List.of(Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"))));
        }

        @Test
        void matchTypeIsExactOrUrlpatternAndDefaultsToExact() throws AuthException {
            Grant grant = grantOf(List.of(detail(List.of("subscribe"), List.of(
                    Map.of("match", "https://e.com/a"),
                    Map.of("match", "https://e.com/b", "match_type", "exact"),
                    Map.of("match", "https://e.com/:id", "match_type", "urlpattern")))));
            assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind).containsExactly(TopicSelector.Kind.EXACT,
                    TopicSelector.Kind.EXACT, TopicSelector.Kind.URL_PATTERN);
        }

        @Test
        void anyOtherMatchTypeInvalidatesTheToken() {
            List<Map<String, Object>> matchers = new ArrayList<>();
            for (Object type : List.of("Exact", "URLPattern", "UrlPattern", "EXACT", "regex", "uritemplate", "",
                    " exact", 1, true, List.of("exact"), Map.of())) {
                matchers.add(Map.of("match", "https://e.com/a", "match_type", type));
            }
            Map<String, Object> nullType = new HashMap<>();
            nullType.put("match", "https://e.com/a");
            nullType.put("match_type", null);
            matchers.add(nullType);
            for (Map<String, Object> matcher : matchers) {
                assertRefusedDetails(List.of(detail(List.of("subscribe"), List.of(matcher))));
            }
        }

        @Test
        void theWildcardMatchesEverythingWhateverTheMatchType() throws AuthException {
            Grant grant = grantOf(List.of(detail(List.of("subscribe"), List.of(Map.of("match", "*"),
                    Map.of("match", "*", "match_type", "exact"), Map.of("match", "*", "match_type", "urlpattern")))));
            assertThat(grant.subscribeRules()).extracting(SubscribeRule::kind).containsOnly(TopicSelector.Kind.ANY);
            assertRefusedDetails(List.of(detail(List.of("subscribe"),
                    List.of(Map.of("match", "*", "match_type", "Exact")))));
        }

        @Test
        void payloadIsAnObjectWhenPresent() throws AuthException {
            Grant grant = grantOf(List.of(Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"),
                    "topics", List.of(Map.of("match", "*")), "payload", Map.of())));
            assertThat(grant.subscribeRules().get(0).payload()).hasValueSatisfying(payload ->
                    assertThat(payload.isObject()).isTrue());
            Map<String, Object> nullPayload = new HashMap<>(Map.of("type", Authorizer.DETAIL_TYPE,
                    "actions", List.of("subscribe"), "topics", List.of(Map.of("match", "*"))));
            nullPayload.put("payload", null);
            assertRefusedDetails(List.of(nullPayload));
            for (Object bad : List.of("text", 1, List.of(Map.of("a", 1)), true)) {
                assertRefusedDetails(List.of(Map.of("type", Authorizer.DETAIL_TYPE, "actions", List.of("subscribe"),
                        "topics", List.of(Map.of("match", "*")), "payload", bad)));
            }
        }

        @Test
        void oneMalformedMercureDetailInvalidatesTheWholeToken() {
            assertRefusedDetails(List.of(
                    detail(List.of("publish", "subscribe"), List.of(Map.of("match", "*"))),
                    detail(List.of("subscribe"), List.of(Map.of("match", "https://e.com/a", "match_type", "bad")))));
        }

        @Test
        void limits() throws AuthException {
            List<Map<String, Object>> details = IntStream.range(0, 101)
                    .mapToObj(i -> Map.<String, Object>of("type", "other")).toList();
            assertRefusedDetails(details);
            assertThat(grantOf(details.subList(0, 100)).subscribeRules()).isEmpty();
            String longest = "https://e.com/" + "a".repeat(2048 - 14);
            assertThat(subscribe(grantOf(List.of(detail(List.of("subscribe"), List.of(Map.of("match", longest)))))))
                    .containsExactly(longest);
            assertRefusedDetails(List.of(detail(List.of("subscribe"), List.of(Map.of("match", longest + "a")))));
            assertRefusedDetails(List.of(detail(List.of("subscribe"), List.of(Map.of("match", longest + "a",
                    "match_type", "urlpattern")))));
            List<Map<String, Object>> fifty = IntStream.range(0, 51)
                    .mapToObj(i -> Map.<String, Object>of("match", "t" + i)).toList();
            assertRefusedDetails(List.of(detail(List.of("subscribe"), fifty), detail(List.of("publish"), fifty)));
        }

    }

    /** Mercure 1.0 "Token Validation": issuers, keys bound to them, and the claims. */
    @Nested
    class TokenValidation {

        private static final String OTHER_ISSUER = "https://other-issuer.example";

        private AuthSettings issuerKeys(List<String> roleKeyIssuers, List<IssuerKey> keys) {
            return new AuthSettings(Optional.of(HS256), Optional.of(HS256), roleKeyIssuers, keys, List.of(),
                    JwksRefresh.DEFAULT, Optional.empty(), true, true, List.of());
        }

        private String signedAccessToken(JWSAlgorithm algorithm, JWSSigner signer, String issuer) {
            return TestKeys.sign(algorithm, signer, AT_JWT, accessClaims(List.of(detail(List.of("publish"),
                    List.of(Map.of("match", "*"))))).issuer(issuer).build());
        }

        private Optional<Grant> publish(AuthSettings settings, String token) throws AuthException {
            return authorizer(settings).authorizePublisher(bearer(post(), token), NO_QUERY, HUB);
        }

        @Test
        void eachKeyVerifiesOnlyTheTokensOfItsOwnIssuer() throws AuthException {
            AuthSettings settings = issuerKeys(List.of(), List.of(
                    new IssuerKey(ISSUER, KeySpec.parse("RS256", TestKeys.publicPem(RSA))),
                    new IssuerKey(OTHER_ISSUER, KeySpec.parse("ES256", TestKeys.publicPem(EC)))));
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.RS256, TestKeys.rsaSigner(RSA), ISSUER)))
                    .isPresent();
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.ES256, TestKeys.ecSigner(EC), OTHER_ISSUER)))
                    .isPresent();
            // Both issuers are trusted, but a token claiming one issuer signed with the other's key is forged.
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.ES256, TestKeys.ecSigner(EC), ISSUER)),
                    401, "invalid_token");
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.RS256, TestKeys.rsaSigner(RSA),
                    OTHER_ISSUER)), 401, "invalid_token");
        }

        @Test
        void roleKeysAreBoundToTheConfiguredIssuersOnly() throws AuthException {
            AuthSettings settings = issuerKeys(List.of(ISSUER), List.of(
                    new IssuerKey(OTHER_ISSUER, KeySpec.parse("RS256", TestKeys.publicPem(RSA)))));
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), ISSUER)))
                    .isPresent();
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET),
                    OTHER_ISSUER)), 401, "invalid_token");
            // Legacy tokens have no issuer binding: the role key verifies them, whatever iss they carry.
            String legacy = hs256(legacyClaims(List.of("*"), List.of()).issuer("https://anyone.example").build());
            assertThat(publish(settings, legacy)).isPresent();
        }

        @Test
        void anEd25519IssuerKeyVerifiesEdDsaTokens() throws AuthException {
            AuthSettings settings = issuerKeys(List.of(), List.of(
                    new IssuerKey(ISSUER, KeySpec.parse("EdDSA", TestKeys.publicPem(TestKeys.ED25519)))));
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.EdDSA,
                    TestKeys.ed25519Signer(TestKeys.ED25519), ISSUER))).isPresent();
            KeyPair other = generateEd25519();
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.EdDSA,
                    TestKeys.ed25519Signer(other), ISSUER)), 401, "invalid_token");
            // A legacy token verified by an EdDSA role key too.
            AuthSettings legacy = new AuthSettings(Optional.of(KeySpec.parse("EdDSA",
                    TestKeys.publicPem(TestKeys.ED25519))), Optional.empty(), List.of(), Optional.empty(), true, true);
            assertThat(publish(legacy, TestKeys.sign(JWSAlgorithm.EdDSA, TestKeys.ed25519Signer(TestKeys.ED25519),
                    JOSEObjectType.JWT, legacyClaims(List.of("*"), List.of()).build()))).isPresent();
        }

        private KeyPair generateEd25519() {
            try {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void severalKeysOfOneIssuerAreTriedAsInARotation() throws AuthException {
            AuthSettings settings = issuerKeys(List.of(), List.of(
                    new IssuerKey(ISSUER, KeySpec.parse("RS256", TestKeys.publicPem(OTHER_RSA))),
                    new IssuerKey(ISSUER, KeySpec.parse("RS256", TestKeys.publicPem(RSA)))));
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.RS256, TestKeys.rsaSigner(RSA), ISSUER)))
                    .isPresent();
            assertThat(publish(settings, signedAccessToken(JWSAlgorithm.RS256, TestKeys.rsaSigner(OTHER_RSA),
                    ISSUER))).isPresent();
        }

        @Test
        void publisherAndSubscriberRoleKeysStaySeparate() throws AuthException {
            KeySpec subscriberKey = KeySpec.hmac(OTHER_SECRET);
            AuthSettings settings = new AuthSettings(Optional.of(HS256), Optional.of(subscriberKey), List.of(ISSUER),
                    Optional.empty(), false, true);
            String publisherSigned = signedAccessToken(JWSAlgorithm.HS256, TestKeys.hmacSigner(SECRET), ISSUER);
            assertThat(publish(settings, publisherSigned)).isPresent();
            assertRefused(() -> authorizer(settings).authorizeSubscriber(bearer(get(), publisherSigned), NO_QUERY,
                    HUB), 401, "invalid_token");
            String subscriberSigned = signedAccessToken(JWSAlgorithm.HS256, TestKeys.hmacSigner(OTHER_SECRET), ISSUER);
            assertThat(authorizer(settings).authorizeSubscriber(bearer(get(), subscriberSigned), NO_QUERY, HUB))
                    .isPresent();
        }

        @Test
        void theAlgorithmMustSuitTheIssuersKey() {
            String publicPem = TestKeys.publicPem(RSA);
            AuthSettings settings = issuerKeys(List.of(), List.of(new IssuerKey(ISSUER, KeySpec.parse("RS256",
                    publicPem))));
            // The public key used as an HMAC secret, and a PS256 signature by the right key: neither is RS256.
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.HS256,
                    TestKeys.hmacSigner(publicPem), ISSUER)), 401, "invalid_token");
            assertRefused(() -> publish(settings, signedAccessToken(JWSAlgorithm.PS256, TestKeys.rsaSigner(RSA),
                    ISSUER)), 401, "invalid_token");
            assertRefused(() -> publish(settings, "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0."
                    + base64Url("{\"iss\":\"" + ISSUER + "\"}") + "."), 401, "invalid_token");
        }

        @Test
        void keysCarriedByTheTokenAreNeverUsed() throws Exception {
            AuthSettings settings = issuerKeys(List.of(), List.of(new IssuerKey(ISSUER, KeySpec.parse("RS256",
                    TestKeys.publicPem(RSA)))));
            RSAKey attackerKey = new RSAKey.Builder(
                    (RSAPublicKey) OTHER_RSA.getPublic()).keyID("attacker").build();
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(AT_JWT).jwk(attackerKey).keyID("attacker")
                    .jwkURL(URI.create("https://attacker.example/jwks"))
                    .x509CertURL(URI.create("https://attacker.example/cert")).build();
            SignedJWT jwt = new SignedJWT(header, accessClaims(List.of(
                    detail(List.of("publish"), List.of(Map.of("match", "*"))))).build());
            jwt.sign(TestKeys.rsaSigner(OTHER_RSA));
            assertRefused(() -> publish(settings, jwt.serialize()), 401, "invalid_token");
        }

        @Test
        void claimsRfc9068AsksOfIssuersButHubsDoNotCheckMayBeMissing() throws AuthException {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(HUB)
                    .expirationTime(Date.from(NOW.plusSeconds(60)))
                    .claim("authorization_details", List.of(detail(List.of("publish"), List.of(Map.of("match", "*")))))
                    .build();
            Grant grant = publish(v1Only(HS256), accessToken(claims)).orElseThrow();
            assertThat(grant.subject()).isEmpty();
            assertThat(grant.expiresAt()).contains(NOW.plusSeconds(60));
        }

        @Test
        void expiryAndNotBeforeAreEnforced() throws AuthException {
            assertInvalidToken(v1Only(HS256), accessToken(accessClaims(List.of()).expirationTime(Date.from(NOW))
                    .build()));
            assertInvalidToken(v1Only(HS256), accessToken(accessClaims(List.of())
                    .notBeforeTime(Date.from(NOW.plusSeconds(1))).build()));
            assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(bearer(get(), accessToken(accessClaims(List.of())
                    .notBeforeTime(Date.from(NOW)).build())), NO_QUERY, HUB)).isPresent();
        }

        @Test
        void theIssuerMustMatchExactly() {
            for (String issuer : List.of(ISSUER + "/", ISSUER.toUpperCase(Locale.ROOT), " " + ISSUER, "")) {
                assertInvalidToken(v1Only(HS256), accessToken(accessClaims(List.of()).issuer(issuer).build()));
            }
            assertInvalidToken(v1Only(HS256), accessToken(accessClaims(List.of()).claim("iss", List.of(ISSUER))
                    .build()));
        }
    }

    /** Mercure 1.0 "Presenting the Access Token": never in the URL. */
    @Nested
    class TokensInTheUrl {

        @Test
        void anAccessTokenInTheLegacyQueryParameterIsARequestError() {
            for (AuthSettings settings : List.of(both(HS256), legacyOnly(HS256))) {
                assertThatThrownBy(() -> authorizer(settings).authorizeSubscriber(get(), query(defaultAccessToken()),
                        HUB)).isInstanceOfSatisfying(AuthException.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.error()).isEqualTo("invalid_request");
                            assertThat(e.description()).isEqualTo("access tokens must not be sent in the URL");
                        });
            }
        }

        @Test
        void theAccessTokenQueryParameterIsNeverRead() throws AuthException {
            for (String token : List.of(defaultAccessToken(), legacyToken(List.of(), List.of("*")))) {
                Map<String, List<String>> query = Map.of("access_token", List.of(token));
                assertThat(authorizer(both(HS256)).authorizeSubscriber(get(), query, HUB)).isEmpty();
                assertThat(authorizer(v1Only(HS256)).authorizeSubscriber(get(), query, HUB)).isEmpty();
            }
        }

        @Test
        void aLegacyTokenInTheQueryParameterStillWorks() throws AuthException {
            assertThat(authorizer(both(HS256)).authorizeSubscriber(get(), query(legacyToken(List.of(), List.of("*"))),
                    HUB)).hasValueSatisfying(grant -> assertThat(subscribe(grant)).containsExactly("*"));
        }
    }

    @Test
    void wwwAuthenticateFollowsRfc6750() {
        AuthException exception = AuthException.invalidToken("the \"exp\" claim\\ is past\n");
        assertThat(exception.wwwAuthenticate()).isEqualTo(
                "Bearer realm=\"mercure\", error=\"invalid_token\", error_description=\"the 'exp' claim? is past?\"");
        assertThat(AuthException.insufficientScope("x").status()).isEqualTo(403);
        assertThat(AuthException.invalidRequest("x").status()).isEqualTo(400);
        assertThat(AuthException.challenge()).isEqualTo("Bearer realm=\"mercure\"");
    }
}
