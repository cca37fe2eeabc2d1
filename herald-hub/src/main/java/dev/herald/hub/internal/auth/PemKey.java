package dev.herald.hub.internal.auth;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RSA or EC key, or an Ed25519 public key, read from PEM text: the public key always (derived from the private key
 * when a private key was given), the private key when there was one. Reads {@code PUBLIC KEY} (SubjectPublicKeyInfo),
 * {@code RSA PUBLIC KEY} (PKCS#1), {@code CERTIFICATE}, {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY}
 * (PKCS#1) and {@code EC PRIVATE KEY} (SEC1); the first key block of the text counts.
 *
 * @param publicKey the key that verifies signatures
 * @param privateKey the key that makes them, when the PEM held one
 */
record PemKey(PublicKey publicKey, Optional<PrivateKey> privateKey) {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    /**
     * Reads the first key of {@code pem}.
     *
     * @throws IllegalArgumentException if there is no supported, well-formed key
     */
    static PemKey parse(String pem) {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            if (type.equals("EC PARAMETERS")) {
                continue; // openssl writes the curve name before an EC private key
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid base64 in PEM " + type + " block", e);
            }
            try {
                return switch (type) {
                    case "PUBLIC KEY" -> new PemKey(publicKey(new X509EncodedKeySpec(der)), Optional.empty());
                    case "RSA PUBLIC KEY" -> rsaPublicKey(der);
                    case "CERTIFICATE" -> new PemKey(CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)).getPublicKey(), Optional.empty());
                    case "PRIVATE KEY" -> withDerivedPublicKey(privateKey(new PKCS8EncodedKeySpec(der)));
                    case "RSA PRIVATE KEY" -> rsaPrivateKey(der);
                    case "EC PRIVATE KEY" -> ecPrivateKey(der);
                    case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                            "encrypted private keys are not supported; decrypt it first");
                    default -> throw new IllegalArgumentException("unsupported PEM block '" + type + "'");
                };
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("invalid " + type + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("expected a PEM key (-----BEGIN PUBLIC KEY----- or a private key)");
    }

    private static PublicKey publicKey(X509EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            try {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            } catch (GeneralSecurityException notEc) {
                return KeyFactory.getInstance("Ed25519").generatePublic(spec);
            }
        }
    }

    private static PrivateKey privateKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            try {
                return KeyFactory.getInstance("EC").generatePrivate(spec);
            } catch (GeneralSecurityException notEc) {
                // Read only to say clearly, in withDerivedPublicKey, that it is not supported.
                return KeyFactory.getInstance("Ed25519").generatePrivate(spec);
            }
        }
    }

    private static PemKey rsaPublicKey(byte[] der) throws GeneralSecurityException {
        List<DerElement> fields = DerElement.read(der, DerElement.SEQUENCE).children();
        if (fields.size() != 2) {
            throw new IllegalArgumentException("malformed RSA PUBLIC KEY");
        }
        RSAPublicKeySpec spec = new RSAPublicKeySpec(fields.get(0).asInteger(), fields.get(1).asInteger());
        return new PemKey(KeyFactory.getInstance("RSA").generatePublic(spec), Optional.empty());
    }

    private static PemKey rsaPrivateKey(byte[] der) throws GeneralSecurityException {
        List<DerElement> fields = DerElement.read(der, DerElement.SEQUENCE).children();
        if (fields.size() < 9) {
            throw new IllegalArgumentException("malformed RSA PRIVATE KEY");
        }
        BigInteger[] values = new BigInteger[8];
        for (int i = 0; i < 8; i++) {
            values[i] = fields.get(i + 1).asInteger();
        }
        RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(values[0], values[1], values[2], values[3], values[4],
                values[5], values[6], values[7]);
        return withDerivedPublicKey(KeyFactory.getInstance("RSA").generatePrivate(spec));
    }

    /** SEC1: SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID, [1] publicKey BIT STRING }. */
    private static PemKey ecPrivateKey(byte[] der) throws GeneralSecurityException {
        List<DerElement> fields = DerElement.read(der, DerElement.SEQUENCE).children();
        if (fields.size() < 2 || fields.get(1).tag() != DerElement.OCTET_STRING) {
            throw new IllegalArgumentException("malformed EC PRIVATE KEY");
        }
        BigInteger secret = new BigInteger(1, fields.get(1).content());
        String curve = fields.stream()
                .filter(field -> field.tag() == 0xA0)
                .findFirst()
                .map(field -> DerElement.read(field.content(), DerElement.OBJECT_IDENTIFIER).asObjectIdentifier())
                .orElseThrow(() -> new IllegalArgumentException("EC PRIVATE KEY without its curve"));
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(secret, spec));
        return withDerivedPublicKey(privateKey);
    }

    private static PemKey withDerivedPublicKey(PrivateKey privateKey) throws GeneralSecurityException {
        if (privateKey instanceof RSAPrivateCrtKey rsa) {
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            return matching(publicKey, privateKey, "SHA256withRSA");
        }
        if (privateKey instanceof ECPrivateKey ec) {
            ECParameterSpec params = ec.getParams();
            if (!(params.getCurve().getField() instanceof ECFieldFp)) {
                // The JWS curves (P-256, P-384, P-521) are over prime fields; binary ones name no JWS algorithm.
                throw new IllegalArgumentException("EC keys on binary curves are not supported");
            }
            ECPoint point = multiply(params, params.getGenerator(), ec.getS());
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
            return matching(publicKey, privateKey, "SHA256withECDSA");
        }
        // The JDK has no way to derive an Ed25519 public key from the private one.
        throw new IllegalArgumentException("cannot derive a public key from a " + privateKey.getAlgorithm()
                + " private key; give the public key (openssl pkey -pubout)");
    }

    /**
     * The pair, once the private key has signed what the public key verifies. The key factories check no more than
     * each number's form, so a damaged key (an RSA key whose parts disagree) is refused here, at configuration,
     * rather than met as tokens that never verify.
     */
    private static PemKey matching(PublicKey publicKey, PrivateKey privateKey, String algorithm)
            throws GeneralSecurityException {
        byte[] probe = "herald".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean verified;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            verified = verifier.verify(signature);
        } catch (ArithmeticException e) {
            verified = false; // numbers no key has (an RSA prime that is not one) fail in the arithmetic itself
        }
        if (!verified) {
            throw new IllegalArgumentException("the private key's parts do not make one key (is it damaged?)");
        }
        return new PemKey(publicKey, Optional.of(privateKey));
    }

    /**
     * {@code k} times {@code point} on a prime-field curve, by double-and-add in affine coordinates. The JDK has no
     * public API for it; it runs once, when the key is configured.
     */
    private static ECPoint multiply(ECParameterSpec params, ECPoint point, BigInteger k) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int bit = 0; bit < k.bitLength(); bit++) {
            if (k.testBit(bit)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint first, ECPoint second, BigInteger p, BigInteger a) {
        if (first.equals(ECPoint.POINT_INFINITY)) {
            return second;
        }
        if (second.equals(ECPoint.POINT_INFINITY)) {
            return first;
        }
        BigInteger x1 = first.getAffineX();
        BigInteger y1 = first.getAffineY();
        BigInteger x2 = second.getAffineX();
        BigInteger y2 = second.getAffineY();
        BigInteger slope;
        if (x1.equals(x2)) {
            if (y1.add(y2).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }

    /** The key type only: a private key is secret. */
    @Override
    public String toString() {
        return "PemKey[" + publicKey.getAlgorithm() + (privateKey.isPresent() ? ", with private key]" : "]");
    }
}
