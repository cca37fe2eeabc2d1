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

/** Mints Mercure 0.x tokens and 1.0 access tokens for the hub's HTTP tests. */
public final class Tokens {

    public static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

    private Tokens() {
    }

    public static String hs256(List<String> publish, List<String> subscribe) {
        return hs256(SECRET, publish, subscribe, 3600);
    }

    public static String hs256(String secret, List<String> publish, List<String> subscribe, long expiresInSeconds) {
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

    /** A Mercure 1.0 access token ({@code typ: at+jwt}) signed with {@link #SECRET}, valid ten minutes. */
    public static String accessToken(String issuer, String audience, Object authorizationDetails) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                    .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                    .claim("authorization_details", authorizationDetails).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(new com.nimbusds.jose.JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
