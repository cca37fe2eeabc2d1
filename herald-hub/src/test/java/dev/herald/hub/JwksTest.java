package dev.herald.hub;

import static dev.herald.hub.HubFixture.form;
import static dev.herald.hub.HubFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.herald.hub.internal.auth.Authorizer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Keys from JWK Sets served over real HTTP on loopback, against real started hubs: the three algorithms, the binding
 * of keys to their issuer, rotation without a restart, rate-limited refreshes, and unreachable key servers.
 */
class JwksTest {

    private static final String AUDIENCE = "https://hub.example.com/.well-known/mercure";
    private static final String ISSUER_A = "https://issuer-a.example";
    private static final String ISSUER_B = "https://issuer-b.example";
    private static final String PUBLISH_FORM = form("topic", "https://example.com/books/1", "data", "x");

    private static final KeyPair RSA_A = generate("RSA");
    private static final KeyPair EC_A = generate("EC");
    private static final KeyPair ED_A = generate("Ed25519");
    private static final KeyPair RSA_B = generate("RSA");

    // Keys and tokens.

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            } else if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWK rsaJwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static JWK ecJwk(KeyPair pair, String kid) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).build();
    }

    /** The 32 key bytes end the 44-byte SubjectPublicKeyInfo of an Ed25519 key. */
    private static JWK edJwk(KeyPair pair, String kid) {
        byte[] spki = pair.getPublic().getEncoded();
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32,
                spki.length))).keyID(kid).build();
    }

    private static JWTClaimsSet claims(String issuer) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000))
                .claim("authorization_details", List.of(Map.of("type", Authorizer.DETAIL_TYPE,
                        "actions", List.of("publish"), "topics", List.of(Map.of("match", "*")))))
                .build();
    }

    /** An access token of {@code issuer} signed with {@code pair}; {@code kid} may be null. */
    private static String token(JWSAlgorithm algorithm, KeyPair pair, String kid, String issuer) {
        JWSHeader header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(kid).build();
        JWTClaimsSet claims = claims(issuer);
        try {
            if (algorithm.equals(JWSAlgorithm.EdDSA)) {
                // Nimbus's Ed25519 signer needs Google Tink: the JDK signs instead.
                String input = header.toBase64URL() + "." + Base64URL.encode(claims.toString());
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(pair.getPrivate());
                signer.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + Base64URL.encode(signer.sign());
            }
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(algorithm.equals(JWSAlgorithm.ES256) ? new ECDSASigner((ECPrivateKey) pair.getPrivate())
                    : new RSASSASigner(pair.getPrivate()));
            return jwt.serialize();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HubBuilder hub() {
        return Hub.builder().address("127.0.0.1", 0).resourceIdentifier(AUDIENCE).heartbeat(Duration.ZERO)
                .historySize(10);
    }

    private static int publish(TestHub hub, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = post(hub, token, PUBLISH_FORM);
        if (response.statusCode() == 401) {
            assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    value -> assertThat(value).contains("error=\"invalid_token\""));
        }
        return response.statusCode();
    }

    /** A JWK Set server on loopback whose set can be swapped, counting the requests it answers. */
    private static final class JwksServer implements AutoCloseable {

        private final HttpServer server;
        private final AtomicInteger hits = new AtomicInteger();
        private volatile byte[] document = new byte[0];

        JwksServer(JWK... keys) throws IOException {
            serve(keys);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                hits.incrementAndGet();
                byte[] body = document;
                exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        void serve(JWK... keys) {
            document = new JWKSet(List.of(keys)).toString(true).getBytes(StandardCharsets.UTF_8);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        }

        int hits() {
            return hits.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void rs256Es256AndEdDsaTokensAreVerifiedWithTheIssuersJwkSet() throws Exception {
        try (JwksServer keys = new JwksServer(rsaJwk(RSA_A, "rsa-1"), ecJwk(EC_A, "ec-1"), edJwk(ED_A, "ed-1"));
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, keys.uri()))) {
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "rsa-1", ISSUER_A))).isEqualTo(200);
            assertThat(publish(hub, token(JWSAlgorithm.ES256, EC_A, "ec-1", ISSUER_A))).isEqualTo(200);
            assertThat(publish(hub, token(JWSAlgorithm.EdDSA, ED_A, "ed-1", ISSUER_A))).isEqualTo(200);
            // Without a kid, the issuer's keys of the token's type are tried.
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, null, ISSUER_A))).isEqualTo(200);
            assertThat(publish(hub, token(JWSAlgorithm.EdDSA, ED_A, null, ISSUER_A))).isEqualTo(200);
            // A kid names a key, but the algorithm must suit it: an RSA key does not verify ES256.
            assertThat(publish(hub, token(JWSAlgorithm.ES256, EC_A, "rsa-1", ISSUER_A))).isEqualTo(401);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_B, "rsa-1", ISSUER_A))).isEqualTo(401);
            assertThat(keys.hits()).as("the set is fetched once and cached").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aTokenOfOneIssuerSignedWithAnotherTrustedIssuersKeyIsRefused() throws Exception {
        String secret = "a-static-secret-that-is-long-enough-for-hs256";
        try (JwksServer a = new JwksServer(rsaJwk(RSA_A, "a-1"));
                JwksServer b = new JwksServer(rsaJwk(RSA_B, "b-1"));
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, a.uri()).jwksUri(ISSUER_B, b.uri()).jwtKey(KeySpec.hmac(secret)))) {
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "a-1", ISSUER_A))).isEqualTo(200);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_B, "b-1", ISSUER_B))).isEqualTo(200);
            // B is trusted and b-1 is its key, but the token claims to come from A.
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_B, "b-1", ISSUER_A))).isEqualTo(401);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_B, null, ISSUER_A))).isEqualTo(401);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, null, ISSUER_B))).isEqualTo(401);
            // The static key is bound to no issuer here (no trustedIssuer): it verifies 0.x tokens only.
            String staticSigned = MercureToken.builder().publish("*").issuer(ISSUER_A)
                    .expiresIn(Duration.ofMinutes(5)).signAccessToken(KeySpec.hmac(secret), AUDIENCE);
            assertThat(publish(hub, staticSigned)).isEqualTo(401);
            String legacy = MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(5))
                    .sign(KeySpec.hmac(secret));
            assertThat(publish(hub, legacy)).isEqualTo(200);
        }
    }

    @Test
    void keysRotateWithoutARestart() throws Exception {
        KeyPair next = generate("EC");
        try (JwksServer keys = new JwksServer(ecJwk(EC_A, "2024"));
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, keys.uri()))) {
            String old = token(JWSAlgorithm.ES256, EC_A, "2024", ISSUER_A);
            assertThat(publish(hub, old)).isEqualTo(200);

            keys.serve(ecJwk(next, "2025"));
            // The unknown kid makes the hub fetch the set again, and the new key is trusted at once.
            assertThat(publish(hub, token(JWSAlgorithm.ES256, next, "2025", ISSUER_A))).isEqualTo(200);
            // The refreshed set no longer has the old key.
            assertThat(publish(hub, old)).isEqualTo(401);
        }
    }

    @Test
    void aRemovedKeyStopsBeingTrustedAtTheNextPeriodicRefresh() throws Exception {
        KeyPair next = generate("RSA");
        try (JwksServer keys = new JwksServer(rsaJwk(RSA_A, "old"), rsaJwk(next, "new"));
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, keys.uri()).jwksRefresh(Duration.ofSeconds(2),
                        Duration.ofSeconds(1)))) {
            String old = token(JWSAlgorithm.RS256, RSA_A, "old", ISSUER_A);
            assertThat(publish(hub, old)).isEqualTo(200);
            keys.serve(rsaJwk(next, "new"));
            assertThat(publish(hub, old)).as("still cached").isEqualTo(200);
            Thread.sleep(2_200);
            assertThat(publish(hub, old)).isEqualTo(401);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, next, "new", ISSUER_A))).isEqualTo(200);
            assertThat(keys.hits()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aFloodOfUnknownKeyIdsDoesNotFloodTheKeyServer() throws Exception {
        try (JwksServer keys = new JwksServer(rsaJwk(RSA_A, "known"));
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, keys.uri()))) {
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "known", ISSUER_A))).isEqualTo(200);
            assertThat(keys.hits()).isEqualTo(1);
            for (int i = 0; i < 25; i++) {
                assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "made-up-" + i, ISSUER_A))).isEqualTo(401);
            }
            // Nimbus's limiter lets one early refresh through in its 30-second window; the rest are refused.
            assertThat(keys.hits()).isEqualTo(2);
            assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "known", ISSUER_A))).isEqualTo(200);
            assertThat(keys.hits()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableKeyServerRefusesItsIssuersTokensAndTheHubKeepsRunning() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String secret = "a-static-secret-that-is-long-enough-for-hs256";
        try (JwksServer garbage = new JwksServer();
                TestHub hub = HubFixture.start(hub().jwksUri(ISSUER_A, URI.create("http://127.0.0.1:" + closedPort + "/jwks.json"))
                        .jwksUri(ISSUER_B, garbage.uri()).jwtKey(KeySpec.hmac(secret)).trustedIssuer(ISSUER_A))) {
            garbage.document = "<html>not a key set</html>".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_A, "a-1", ISSUER_A))).isEqualTo(401);
                assertThat(publish(hub, token(JWSAlgorithm.RS256, RSA_B, "b-1", ISSUER_B))).isEqualTo(401);
            }
            String legacy = MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(5))
                    .sign(KeySpec.hmac(secret));
            assertThat(publish(hub, legacy)).isEqualTo(200);
            // A's static key needs no fetch: what it verifies is accepted while A's JWK Set is unreachable.
            String staticSigned = MercureToken.builder().publish("*").issuer(ISSUER_A)
                    .expiresIn(Duration.ofMinutes(5)).signAccessToken(KeySpec.hmac(secret), AUDIENCE);
            assertThat(publish(hub, staticSigned)).isEqualTo(200);
        }
    }

    @Test
    void jwkSetUrlsMustBeHttpsOrLoopback() {
        HubBuilder builder = Hub.builder();
        for (String url : List.of("https://auth.example.com/jwks", "http://127.0.0.1:8081/jwks",
                "http://127.1.2.3/jwks", "http://localhost:8081/jwks", "http://[::1]:8081/jwks")) {
            builder.jwksUri(url, URI.create(url));
        }
        for (String url : List.of("http://auth.example.com/jwks", "http://10.0.0.1/jwks",
                "http://127.0.0.1.nip.io/jwks", "http://127.0.0.256/jwks", "http://[::ffff:10.0.0.1]/jwks",
                "ftp://auth.example.com/jwks", "/jwks", "file:///etc/jwks")) {
            assertThatThrownBy(() -> builder.jwksUri("https://issuer.example", URI.create(url)))
                    .as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
        }
        assertThatThrownBy(() -> builder.jwksUri("https://auth.example.com/jwks", URI.create("https://other/jwks")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> builder.jwksRefresh(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
