package dev.herald.hub.internal.auth;

import dev.herald.hub.KeySpec;
import java.util.Objects;

/**
 * A static key bound to one issuer: access tokens whose {@code iss} is {@link #issuer()} may be verified with it, for
 * both roles, and no other token may (Mercure 1.0, "Token Validation": each trusted key belongs to one issuer).
 *
 * @param issuer the exact {@code iss} value the key signs for
 * @param key the verification key
 */
public record IssuerKey(String issuer, KeySpec key) {

    /** Checks for nulls and a blank issuer. */
    public IssuerKey {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(key, "key");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("an issuer identifier must not be blank");
        }
    }
}
