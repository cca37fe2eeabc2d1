package dev.herald.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Verifies EdDSA (Ed25519) signatures with the JDK's own {@code Ed25519}: Nimbus's Ed25519 verifier needs Google
 * Tink, which Herald does not depend on.
 */
final class Ed25519Verifier implements JWSVerifier {

    /** The DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) before its 32 key bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int KEY_BYTES = 32;
    /** {@code EdDSA} (RFC 8037) and its fully specified name {@code Ed25519} (RFC 9864). */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final PublicKey key;
    private final JCAContext jcaContext = new JCAContext();

    /**
     * A verifier for an Ed25519 public key.
     *
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 key
     */
    Ed25519Verifier(PublicKey key) {
        if (!(key instanceof EdECPublicKey ed) || !ed.getParams().getName().equals("Ed25519")) {
            throw new IllegalArgumentException("EdDSA needs an Ed25519 key, not " + key.getAlgorithm());
        }
        this.key = key;
    }

    /**
     * A verifier for the Ed25519 public key whose 32 bytes are {@code x} (the {@code x} of an OKP JWK).
     *
     * @throws IllegalArgumentException if {@code x} is not an Ed25519 public key
     */
    static Ed25519Verifier of(byte[] x) {
        if (x.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has " + KEY_BYTES + " bytes, not " + x.length);
        }
        byte[] der = new byte[SPKI_PREFIX.length + KEY_BYTES];
        System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, der, SPKI_PREFIX.length, KEY_BYTES);
        try {
            return new Ed25519Verifier(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new JOSEException("Ed25519 keys verify EdDSA signatures, not " + header.getAlgorithm());
        }
        // Like Nimbus's own verifiers, which defer no critical parameter by default: one we cannot honour fails.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature.decode());
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the JDK cannot verify Ed25519: " + e.getMessage(), e);
        }
    }
}
