package dev.herald.hub;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Mints Mercure 0.x tokens for the hub's HTTP tests. */
final class Tokens {

    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

    private Tokens() {
    }

    static String hs256(List<String> publish, List<String> subscribe) {
        return hs256(SECRET, publish, subscribe, 3600);
    }

    static String hs256(String secret, List<String> publish, List<String> subscribe, long expiresInSeconds) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim("mercure", Map.of("publish", publish, "subscribe", subscribe))
                    .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
