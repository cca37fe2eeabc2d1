package dev.herald.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
 * Mints Mercure tokens: 0.x tokens, JWTs whose {@code mercure} claim lists the topic selectors the bearer may
 * publish to and subscribe to ({@code *} for all) and an optional payload, which every Mercure hub and Herald in its
 * default mode accept; or the same grants as a 1.0 access token, for a hub accepting only 1.0 tokens.
 *
 * <pre>{@code
 * String token = MercureToken.builder()
 *         .publish("*")
 *         .expiresIn(Duration.ofHours(1))
 *         .sign(KeySpec.hmac(secret));
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
        private boolean publishClaim;
        private boolean subscribeClaim;
        private Optional<Object> payload = Optional.empty();
        private Optional<Duration> lifetime = Optional.empty();
        private Optional<String> issuer = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<Instant> issuedAt = Optional.empty();

        private Builder() {
        }

        /** Adds topic selectors the bearer may publish to; {@code *} allows all. */
        public Builder publish(String... selectors) {
            publishClaim = true;
            publish.addAll(List.of(selectors));
            return this;
        }

        /** Adds topic selectors of private updates the bearer may receive; {@code *} allows all. */
        public Builder subscribe(String... selectors) {
            subscribeClaim = true;
            subscribe.addAll(List.of(selectors));
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

        /** Sets the {@code iss} claim. */
        public Builder issuer(String issuer) {
            this.issuer = Optional.of(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** Sets the {@code sub} claim, which identifies a subscriber in subscription events. */
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
         */
        public String sign(KeySpec key) {
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
         * Signs the same grants as a Mercure 1.0 access token (RFC 9068, {@code typ: at+jwt}) for the hub whose
         * resource identifier is {@code audience}, as a hub accepting only 1.0 tokens requires: the publish and
         * subscribe selectors become {@code Exact} matchers ({@code *} still meaning every topic) of two
         * {@code mercure} authorization details, the payload going with the subscribe one. Access tokens must
         * expire, so {@link #expiresIn} is required.
         *
         * @return the compact JWT
         * @throws IllegalArgumentException if no lifetime was set, the key cannot sign, or the payload is not JSON
         */
        public String signAccessToken(KeySpec key, String audience) {
            Objects.requireNonNull(audience, "audience");
            if (lifetime.isEmpty()) {
                throw new IllegalArgumentException("access tokens must expire: set expiresIn");
            }
            List<Map<String, Object>> details = new ArrayList<>();
            if (!publish.isEmpty()) {
                details.add(detail("publish", publish, Optional.empty()));
            }
            if (!subscribe.isEmpty()) {
                details.add(detail("subscribe", subscribe, payload));
            }
            JWTClaimsSet.Builder claims = registeredClaims()
                    .audience(audience)
                    .jwtID(UUID.randomUUID().toString())
                    .claim("authorization_details", details);
            return signed(key, new JOSEObjectType("at+jwt"), claims.build());
        }

        private static Map<String, Object> detail(String action, List<String> selectors, Optional<Object> payload) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("type", "mercure");
            detail.put("actions", List.of(action));
            detail.put("topics", selectors.stream().map(selector -> Map.of("match", selector)).toList());
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
            KeyMaterial material = KeyMaterial.of(key);
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
