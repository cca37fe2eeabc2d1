package dev.herald.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * A configured algorithm and key material, as a {@code KeySpec} holds them, turned into keys: the pinned algorithm,
 * and either an HMAC secret or a public key (and the private key when one was given). Builds Nimbus verifiers and
 * signers.
 *
 * @param algorithm the only algorithm tokens may use with this key
 * @param secret the HMAC secret, for {@code HS*}
 * @param publicKey the verification key, for {@code RS*}, {@code PS*}, {@code ES*} and {@code EdDSA} (Ed25519)
 * @param privateKey the signing key, when the material was a private key
 */
public record KeyMaterial(
        JWSAlgorithm algorithm, Optional<byte[]> secret, Optional<PublicKey> publicKey,
        Optional<PrivateKey> privateKey) {

    private static final List<JWSAlgorithm> SUPPORTED = List.of(
            JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    /** Shorter RSA keys are refused, configured or fetched (RFC 7518 section 3.3). */
    static final int MIN_RSA_BITS = 2048;

    /** Copies the secret so the record cannot be changed through it. */
    public KeyMaterial {
        secret = secret.map(byte[]::clone);
    }

    /**
     * Parses {@code material} as a key for {@code algorithm}. It takes the two strings, not the public
     * {@code KeySpec}, because {@code KeySpec} validates itself with this: the dependency goes one way only.
     *
     * @throws IllegalArgumentException naming what is wrong with the algorithm or the key
     */
    public static KeyMaterial of(String algorithm, String material) {
        JWSAlgorithm alg = SUPPORTED.stream()
                .filter(candidate -> candidate.getName().equals(algorithm))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported JWT algorithm '" + algorithm
                        + "'; supported: " + SUPPORTED.stream().map(JWSAlgorithm::getName).toList()));
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            byte[] secret = material.getBytes(StandardCharsets.UTF_8);
            int minimum = Integer.parseInt(alg.getName().substring(2)) / 8;
            if (secret.length < minimum) {
                throw new IllegalArgumentException(alg + " needs a secret of at least " + minimum
                        + " bytes (RFC 7518 section 3.2); this one has " + secret.length);
            }
            return new KeyMaterial(alg, Optional.of(secret), Optional.empty(), Optional.empty());
        }
        PemKey key = PemKey.parse(material);
        PublicKey publicKey = key.publicKey();
        if (alg.equals(JWSAlgorithm.EdDSA)) {
            if (!(publicKey instanceof EdECPublicKey ed) || !ed.getParams().getName().equals("Ed25519")) {
                throw new IllegalArgumentException(alg + " needs an Ed25519 key, not " + publicKey.getAlgorithm());
            }
        } else if (JWSAlgorithm.Family.RSA.contains(alg)) {
            if (!(publicKey instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException(alg + " needs an RSA key, not " + publicKey.getAlgorithm());
            }
            if (((RSAKey) rsa).getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException(alg + " needs an RSA key of at least " + MIN_RSA_BITS + " bits");
            }
        } else {
            if (!(publicKey instanceof ECPublicKey ec)) {
                throw new IllegalArgumentException(alg + " needs an EC key, not " + publicKey.getAlgorithm());
            }
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null || !Curve.forJWSAlgorithm(alg).contains(curve)) {
                throw new IllegalArgumentException(alg + " needs a key on curve " + Curve.forJWSAlgorithm(alg)
                        + ", not " + (curve == null ? "an unknown curve" : curve));
            }
        }
        KeyMaterial checked = new KeyMaterial(alg, Optional.empty(), Optional.of(publicKey), key.privateKey());
        try {
            checked.verifier(); // Nimbus checks what the JDK's key factories do not, such as an EC point on its curve
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("invalid " + alg + " key: " + e.getCause().getMessage(), e);
        }
        return checked;
    }

    /** A verifier for tokens signed with this key. */
    public JWSVerifier verifier() {
        try {
            if (secret.isPresent()) {
                return new MACVerifier(secret.get());
            }
            PublicKey key = publicKey.orElseThrow();
            if (algorithm.equals(JWSAlgorithm.EdDSA)) {
                return new Ed25519Verifier(key);
            }
            return key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECPublicKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException("key checked on creation was refused by Nimbus", e);
        }
    }

    /**
     * A signer with this key.
     *
     * @throws IllegalArgumentException if the key is a public key, which cannot sign
     */
    public JWSSigner signer() {
        try {
            if (secret.isPresent()) {
                return new MACSigner(secret.get());
            }
            if (algorithm.equals(JWSAlgorithm.EdDSA)) {
                throw new IllegalArgumentException("Herald does not sign with EdDSA: its keys verify tokens only");
            }
            PrivateKey key = privateKey.orElseThrow(() -> new IllegalArgumentException(
                    "signing with " + algorithm + " needs a private key; a public key was configured"));
            return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("key checked on creation was refused by Nimbus", e);
        }
    }

    /** The algorithm only: key material is secret. */
    @Override
    public String toString() {
        return "KeyMaterial[" + algorithm + ", keys hidden]";
    }
}
