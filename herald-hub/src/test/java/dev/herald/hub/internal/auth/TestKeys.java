package dev.herald.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;

/** Keys and tokens for tests, generated once per run and minted with Nimbus. */
final class TestKeys {

    static final String SECRET = "!ChangeThisMercureHubJWTSecretKey!";
    static final String OTHER_SECRET = "another-secret-that-is-long-enough-for-hs256";
    static final KeyPair RSA = generate("RSA", null);
    static final KeyPair OTHER_RSA = generate("RSA", null);
    static final KeyPair EC = generate("EC", "secp256r1");
    static final KeyPair EC_P384 = generate("EC", "secp384r1");
    static final KeyPair ED25519 = generate("Ed25519", "");

    private TestKeys() {
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                generator.initialize(2048);
            } else if (!curve.isEmpty()) {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    static String privatePem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** PKCS#1: the RSAPrivateKey structure wrapped in PKCS#8's OCTET STRING. */
    static String rsaPkcs1PrivatePem(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        return pem("RSA PRIVATE KEY", DerElement.read(pkcs8, DerElement.SEQUENCE).children().get(2).content());
    }

    /** SEC1 as openssl writes it: version, private key, and the curve as context tag [0]. */
    static String ecSec1PrivatePem(KeyPair pair) {
        byte[] secret = ((ECPrivateKey) pair.getPrivate()).getS().toByteArray();
        byte[] scalar = new byte[32];
        int copied = Math.min(secret.length, 32);
        System.arraycopy(secret, secret.length - copied, scalar, 32 - copied, copied);
        byte[] p256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20});
        body.writeBytes(scalar);
        body.write(0xA0);
        body.write(p256.length);
        body.writeBytes(p256);
        byte[] content = body.toByteArray();
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.write(content.length);
        sequence.writeBytes(content);
        return "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + pem("EC PRIVATE KEY", sequence.toByteArray());
    }

    static JWSSigner hmacSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner rsaSigner(KeyPair pair) {
        return new RSASSASigner(pair.getPrivate());
    }

    static JWSSigner ecSigner(KeyPair pair) {
        try {
            return new ECDSASigner((ECPrivateKey) pair.getPrivate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs EdDSA with the JDK: Nimbus's Ed25519 signer needs Google Tink. */
    static JWSSigner ed25519Signer(KeyPair pair) {
        return new JWSSigner() {
            private final JCAContext context = new JCAContext();

            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                try {
                    Signature signature = Signature.getInstance("Ed25519");
                    signature.initSign(pair.getPrivate());
                    signature.update(signingInput);
                    return Base64URL.encode(signature.sign());
                } catch (GeneralSecurityException e) {
                    throw new JOSEException(e.getMessage(), e);
                }
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return Set.of(JWSAlgorithm.EdDSA);
            }

            @Override
            public JCAContext getJCAContext() {
                return context;
            }
        };
    }

    static String sign(JWSAlgorithm algorithm, JWSSigner signer, JOSEObjectType type, JWTClaimsSet claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
        if (type != null) {
            header.type(type);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
