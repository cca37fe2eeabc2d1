package dev.herald.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.auth.KeyMaterial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints Mercure tokens: 0.x tokens ({@link Builder#sign}), JWTs whose {@code mercure} claim lists the topic selectors
 * the bearer may publish to and subscribe to ({@code *} for all) and an optional payload, which every 0.x Mercure hub
 * and Herald in its default mode accept; or Mercure 1.0 access tokens ({@link Builder#signAccessToken}), self-issued
 * by {@link Builder#issuer} for one hub, granting the same through {@code authorization_details}.
 *
 * <pre>{@code
 * String token = MercureToken.builder()
 *         .publish("*")
 *         .expiresIn(Duration.ofHours(1))
 *         .sign(KeySpec.hmac(secret));
 * String accessToken = MercureToken.builder()
 *         .subscribeUrlPattern("https://example.com/books/:id")
 *         .issuer("https://example.com")
 *         .expiresIn(Duration.ofMinutes(5))
 *         .signAccessToken(KeySpec.parse("ES256", privateKeyPem), "https://hub.example.com/.well-known/mercure");
 * }</pre>
 */
public final class MercureToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MercureToken() {
    }

    /** A builder for a token that allows nothing until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a token's claims, then signs it. */
    public static final class Builder {

        private final List<String> publish = new ArrayList<>();
        private final List<String> subscribe = new ArrayList<>();
        private final List<String> publishPatterns = new ArrayList<>();
        private final List<String> subscribePatterns = new ArrayList<>();
        private boolean publishClaim;
        private boolean subscribeClaim;
        private Optional<Object> payload = Optional.empty();
        private Optional<Duration> lifetime = Optional.empty();
        private Optional<String> issuer = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<Instant> issuedAt = Optional.empty();

        private Builder() {
        }

        /** Adds topic selectors the bearer may publish to (exact matchers in access tokens); {@code *} allows all. */
        public Builder publish(String... selectors) {
            publishClaim = true;
            publish.addAll(List.of(selectors));
            return this;
        }

        /** Adds topic selectors of private updates the bearer may receive (exact in access tokens); {@code *}: all. */
        public Builder subscribe(String... selectors) {
            subscribeClaim = true;
            subscribe.addAll(List.of(selectors));
            return this;
        }

        /** Adds URL patterns of topics the bearer may publish to; access tokens only, 0.x tokens have none. */
        public Builder publishUrlPattern(String... patterns) {
            publishPatterns.addAll(List.of(patterns));
            return this;
        }

        /** Adds URL patterns of topics whose private updates the bearer may receive; access tokens only. */
        public Builder subscribeUrlPattern(String... patterns) {
            subscribePatterns.addAll(List.of(patterns));
            return this;
        }

        /**
         * Sets the payload the hub attaches to the bearer's subscriptions: anything Jackson can serialize to JSON
         * (a {@code JsonNode}, a {@code Map}, a record...).
         */
        public Builder payload(Object json) {
            payload = Optional.of(Objects.requireNonNull(json, "json"));
            return this;
        }

        /** Makes the token expire this long after it is issued; without it the token does not expire. */
        public Builder expiresIn(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("a token's lifetime must be positive");
            }
            this.lifetime = Optional.of(lifetime);
            return this;
        }

        /** Sets the {@code iss} claim: the identifier the hub trusts the signing key for; required in access tokens. */
        public Builder issuer(String issuer) {
            this.issuer = Optional.of(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** Sets the {@code sub} claim, which identifies a subscriber; in access tokens, by default the issuer. */
        public Builder subject(String subject) {
            this.subject = Optional.of(Objects.requireNonNull(subject, "subject"));
            return this;
        }

        /** Sets the issue time ({@code iat}), from which {@link #expiresIn} counts; by default, now. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = Optional.of(Objects.requireNonNull(issuedAt, "issuedAt"));
            return this;
        }

        /**
         * Signs the token with {@code key}: an HMAC secret for {@code HS*}, a PEM private key for {@code RS*},
         * {@code PS*} and {@code ES*}.
         *
         * @return the compact JWT
         * @throws IllegalArgumentException if the key cannot sign (a public key) or the payload is not JSON
         * @throws IllegalStateException if URL patterns were added, which only access tokens carry
         */
        public String sign(KeySpec key) {
            if (!publishPatterns.isEmpty() || !subscribePatterns.isEmpty()) {
                throw new IllegalStateException("URL patterns exist only in access tokens: use signAccessToken");
            }
            Map<String, Object> mercure = new LinkedHashMap<>();
            if (publishClaim) {
                mercure.put("publish", List.copyOf(publish));
            }
            if (subscribeClaim) {
                mercure.put("subscribe", List.copyOf(subscribe));
            }
            payload.ifPresent(json -> mercure.put("payload", plainJson(json)));
            JWTClaimsSet.Builder claims = registeredClaims().claim("mercure", mercure);
            return signed(key, JOSEObjectType.JWT, claims.build());
        }

        /**
         * Signs the grants as a Mercure 1.0 access token (RFC 9068, {@code typ: at+jwt}) for the hub whose resource
         * identifier is {@code audience}: the publish and subscribe selectors become {@code exact} matchers
         * ({@code *} still meaning every topic) and the URL patterns {@code urlpattern} matchers of two Mercure
         * authorization details, the payload going with the subscribe one. The token carries every claim RFC 9068
         * asks for: {@code iss} (required: the hub verifies the token with that issuer's keys only), {@code exp}
         * (required: set {@link #expiresIn}), {@code aud}, {@code sub} (the issuer unless {@link #subject} was set,
         * as for a client acting on its own behalf), {@code client_id} (the issuer), {@code iat} and a random
         * {@code jti}.
         *
         * @return the compact JWT
         * @throws IllegalArgumentException if no issuer or lifetime was set, the key cannot sign, or the payload is
         *     not JSON
         */
        public String signAccessToken(KeySpec key, String audience) {
            Objects.requireNonNull(audience, "audience");
            if (lifetime.isEmpty()) {
                throw new IllegalArgumentException("access tokens must expire: set expiresIn");
            }
            String iss = issuer.orElseThrow(() -> new IllegalArgumentException(
                    "access tokens need an issuer the hub trusts: set issuer"));
            List<Map<String, Object>> details = new ArrayList<>();
            if (!publish.isEmpty() || !publishPatterns.isEmpty()) {
                details.add(detail("publish", publish, publishPatterns, Optional.empty()));
            }
            if (!subscribe.isEmpty() || !subscribePatterns.isEmpty()) {
                details.add(detail("subscribe", subscribe, subscribePatterns, payload));
            }
            JWTClaimsSet.Builder claims = registeredClaims()
                    .audience(audience)
                    .subject(subject.orElse(iss))
                    .claim("client_id", iss)
                    .jwtID("urn:uuid:" + UUID.randomUUID())
                    .claim("authorization_details", details);
            return signed(key, new JOSEObjectType("at+jwt"), claims.build());
        }

        private static Map<String, Object> detail(String action, List<String> exact, List<String> patterns,
                Optional<Object> payload) {
            List<Map<String, String>> topics = new ArrayList<>();
            exact.forEach(match -> topics.add(Map.of("match", match)));
            patterns.forEach(match -> topics.add(Map.of("match", match, "match_type", "urlpattern")));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("type", Authorizer.DETAIL_TYPE);
            detail.put("actions", List.of(action));
            detail.put("topics", topics);
            payload.ifPresent(json -> detail.put("payload", plainJson(json)));
            return detail;
        }

        private JWTClaimsSet.Builder registeredClaims() {
            Instant issued = issuedAt.orElseGet(Instant::now);
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(issued));
            lifetime.ifPresent(duration -> claims.expirationTime(Date.from(issued.plus(duration))));
            issuer.ifPresent(claims::issuer);
            subject.ifPresent(claims::subject);
            return claims;
        }

        /** Nimbus writes claims with its own JSON library, so JSON goes in as plain maps, lists and values. */
        private static Object plainJson(Object json) {
            return JSON.convertValue(json, Object.class);
        }

        private static String signed(KeySpec key, JOSEObjectType type, JWTClaimsSet claims) {
            KeyMaterial material = KeyMaterial.of(key.algorithm(), key.material());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(material.algorithm()).type(type).build(), claims);
            try {
                jwt.sign(material.signer());
            } catch (JOSEException e) {
                throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
            }
            return jwt.serialize();
        }
    }
}
