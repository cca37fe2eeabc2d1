package dev.herald.hub;

import dev.herald.hub.internal.auth.KeyMaterial;
import java.util.Locale;
import java.util.Objects;

/**
 * A JWT signing algorithm and its key, as an operator configures them: an HMAC secret for {@code HS256},
 * {@code HS384} and {@code HS512}; a PEM key for {@code RS*}, {@code PS*}, {@code ES*} and {@code EdDSA} (an Ed25519
 * public key only: it verifies tokens, and Herald does not sign with it). A public key
 * (SubjectPublicKeyInfo, PKCS#1 RSA, or an X.509 certificate) verifies tokens; a private key (PKCS#8, PKCS#1 RSA or
 * SEC1 EC) signs them and also verifies them, its public key being derived from it.
 *
 * <p>The material is checked on construction: an HMAC secret must be at least as long as the hash (32, 48 or 64
 * bytes of UTF-8, RFC 7518 section 3.2), an RSA key at least 2048 bits, an EC key on the algorithm's curve.
 * {@link #toString()} does not reveal the material.
 *
 * @param algorithm the JWS algorithm name, such as {@code HS256} or {@code RS256}
 * @param material the HMAC secret, or the PEM text of the key
 */
public record KeySpec(String algorithm, String material) {

    /** The algorithm used when none is given, as in Mercure. */
    public static final String DEFAULT_ALGORITHM = "HS256";

    /** Checks that the material is a usable key for the algorithm. */
    public KeySpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(material, "material");
        KeyMaterial.of(algorithm, material);
    }

    /**
     * Reads a configured key: {@code algorithm} is case-insensitive and, when blank, {@value #DEFAULT_ALGORITHM}.
     *
     * @throws IllegalArgumentException naming what is wrong with the algorithm or the key
     */
    public static KeySpec parse(String algorithm, String material) {
        String name = algorithm == null || algorithm.isBlank()
                ? DEFAULT_ALGORITHM
                : algorithm.strip().toUpperCase(Locale.ROOT);
        if (name.equals("EDDSA")) {
            name = "EdDSA"; // the one JWS algorithm name that is not all capitals
        }
        if (material == null || material.isEmpty()) {
            throw new IllegalArgumentException("no key given for " + name);
        }
        return new KeySpec(name, material);
    }

    /** An {@value #DEFAULT_ALGORITHM} key with the given secret. */
    public static KeySpec hmac(String secret) {
        return parse(DEFAULT_ALGORITHM, secret);
    }

    /** The algorithm only: key material is secret. */
    @Override
    public String toString() {
        return "KeySpec[" + algorithm + ", material hidden]";
    }
}
