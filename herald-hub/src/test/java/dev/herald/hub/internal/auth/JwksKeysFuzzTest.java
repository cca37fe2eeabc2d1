package dev.herald.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Fuzzes JWK Sets as an issuer's endpoint serves them, through Nimbus's fetching and parsing and {@link JwksKeys}'
 * choice of keys: any body (or a failed fetch) gives verifiers or an {@link AuthException}, never another exception;
 * and a token verifies only when the set holds its signer's public key (same numbers, same curve), usable for
 * signatures, for its algorithm, under its {@code kid} when it names one. Tokens are signed beforehand with keys of
 * every kind the hub accepts, and two it must not: another RSA key, and an HMAC secret.
 */
class JwksKeysFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JwksEndpoint ENDPOINT =
            new JwksEndpoint("https://issuer.example.com", URI.create("https://issuer.example.com/jwks.json"));
    private static final List<Token> TOKENS = tokens();

    /** A signed token, and the public key that verifies it (none for an HMAC secret). */
    private record Token(SignedJWT jwt, PublicKey signer) {
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"{\"keys\":[", "\"kty\":\"RSA\"", "\"kty\":\"EC\"", "\"kty\":\"OKP\"", "\"kty\":\"oct\"",
        "\"crv\":\"P-256\"", "\"crv\":\"P-384\"", "\"crv\":\"Ed25519\"", "\"use\":\"sig\"", "\"use\":\"enc\"",
        "\"alg\":\"RS256\"", "\"alg\":\"PS256\"", "\"alg\":\"ES256\"", "\"alg\":\"EdDSA\"", "\"kid\":\"a\"",
        "\"kid\":\"b\"", "\"e\":\"AQAB\"", "\"n\":\"@rsa-n@\"", "\"n\":\"@other-rsa-n@\"", "\"x\":\"@p256-x@\"",
        "\"y\":\"@p256-y@\"", "\"x\":\"@p384-x@\"", "\"y\":\"@p384-y@\"", "\"x\":\"@ed25519-x@\"",
        "\"k\":\"@secret@\"", "\"key_ops\":[\"verify\"]"})
    void onlyTheSetsKeysVerify(FuzzedDataProvider input) throws IOException {
        Token token = TOKENS.get(input.consumeInt(0, TOKENS.size() - 1));
        boolean fetchFails = input.consumeInt(0, 31) == 0;
        String set = withKeys(input.consumeRemainingAsString());
        JwksKeys keys = new JwksKeys(ENDPOINT, JwksRefresh.DEFAULT, url -> {
            if (fetchFails) {
                throw new IOException("connection refused");
            }
            return new Resource(set, "application/json");
        });
        List<JWSVerifier> verifiers;
        try {
            verifiers = keys.verifiers(token.jwt().getHeader());
        } catch (AuthException e) {
            assertThat(e.status()).isEqualTo(401);
            return;
        } finally {
            keys.close();
        }
        boolean verified = false;
        for (JWSVerifier verifier : verifiers) {
            try {
                verified |= token.jwt().verify(verifier);
            } catch (JOSEException | IllegalStateException e) {
                // as TrustedKeys: a key that cannot check this token is not its key
            }
        }
        if (verified) {
            assertThat(holdsSigner(set, token)).as("verified with a key the set does not hold: %s", set).isTrue();
        }
    }

    /**
     * The set with the test keys' numbers in place of their names ({@code @rsa-n@}, {@code @p256-x@}...): the keys are
     * made anew each run, so the corpus names them, and the fuzzer builds sets that hold them from its dictionary.
     */
    private static String withKeys(String set) {
        RSAPublicKey rsa = (RSAPublicKey) TestKeys.RSA.getPublic();
        ECPublicKey p256 = (ECPublicKey) TestKeys.EC.getPublic();
        ECPublicKey p384 = (ECPublicKey) TestKeys.EC_P384.getPublic();
        byte[] ed25519 = TestKeys.ED25519.getPublic().getEncoded();
        return set.replace("@rsa-n@", base64(rsa.getModulus(), 256))
                .replace("@other-rsa-n@", base64(((RSAPublicKey) TestKeys.OTHER_RSA.getPublic()).getModulus(), 256))
                .replace("@p256-x@", base64(p256.getW().getAffineX(), 32))
                .replace("@p256-y@", base64(p256.getW().getAffineY(), 32))
                .replace("@p384-x@", base64(p384.getW().getAffineX(), 48))
                .replace("@p384-y@", base64(p384.getW().getAffineY(), 48))
                .replace("@ed25519-x@", Base64.getUrlEncoder().withoutPadding().encodeToString(
                        Arrays.copyOfRange(ed25519, ed25519.length - 32, ed25519.length)))
                .replace("@secret@", Base64.getUrlEncoder().withoutPadding().encodeToString(
                        TestKeys.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** An unsigned number as JWK writes it: big-endian, {@code length} bytes, base64url. */
    private static String base64(BigInteger number, int length) {
        byte[] bytes = number.toByteArray();
        byte[] fixed = new byte[length];
        int copied = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copied, fixed, length - copied, copied);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** Whether the set, read plainly with Jackson, has an entry for the token's signer that may verify it. */
    private static boolean holdsSigner(String set, Token token) throws IOException {
        if (token.signer() == null) {
            return false; // a JWK Set never verifies an HMAC token
        }
        JWSHeader header = token.jwt().getHeader();
        for (JsonNode key : JSON.readTree(set).path("keys")) {
            boolean usable = (key.path("use").isMissingNode() || key.path("use").asText().equals("sig"))
                    && (key.path("alg").isMissingNode() || key.path("alg").asText().equals(header.getAlgorithm().getName()))
                    && (header.getKeyID() == null || header.getKeyID().equals(key.path("kid").asText(null)));
            if (usable && isSigner(key, token.signer())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSigner(JsonNode key, PublicKey signer) {
        if (signer instanceof RSAPublicKey rsa) {
            return key.path("kty").asText().equals("RSA") && rsa.getModulus().equals(number(key, "n"))
                    && rsa.getPublicExponent().equals(number(key, "e"));
        }
        if (signer instanceof ECPublicKey ec) {
            String curve = ec.getParams().getCurve().getField().getFieldSize() == 256 ? "P-256" : "P-384";
            return key.path("kty").asText().equals("EC") && key.path("crv").asText().equals(curve)
                    && ec.getW().getAffineX().equals(number(key, "x")) && ec.getW().getAffineY().equals(number(key, "y"));
        }
        byte[] encoded = signer.getEncoded(); // Ed25519: the last 32 bytes are the key
        return key.path("kty").asText().equals("OKP") && key.path("crv").asText().equals("Ed25519")
                && Arrays.equals(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length), bytes(key, "x"));
    }

    private static BigInteger number(JsonNode key, String name) {
        byte[] bytes = bytes(key, name);
        return bytes == null ? null : new BigInteger(1, bytes);
    }

    /**
     * A JWK member's bytes, read as Nimbus reads them: characters outside the base64url alphabet are skipped, so
     * {@code .AQAB} is 65537. That leniency changes no key's numbers into another's, which is what is checked here.
     */
    private static byte[] bytes(JsonNode key, String name) {
        String alphabet = key.path(name).asText().replaceAll("[^A-Za-z0-9_-]", "");
        try {
            return Base64.getUrlDecoder().decode(alphabet);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Tokens of every algorithm family, with and without a kid, signed by keys a set may or may not hold. */
    private static List<Token> tokens() {
        KeyPair otherRsa = TestKeys.OTHER_RSA;
        List<Token> tokens = new ArrayList<>();
        for (String kid : Arrays.asList(null, "a", "b")) {
            tokens.add(token(JWSAlgorithm.RS256, kid, TestKeys.rsaSigner(TestKeys.RSA), TestKeys.RSA.getPublic()));
            tokens.add(token(JWSAlgorithm.PS256, kid, TestKeys.rsaSigner(TestKeys.RSA), TestKeys.RSA.getPublic()));
            tokens.add(token(JWSAlgorithm.RS256, kid, TestKeys.rsaSigner(otherRsa), otherRsa.getPublic()));
            tokens.add(token(JWSAlgorithm.ES256, kid, TestKeys.ecSigner(TestKeys.EC), TestKeys.EC.getPublic()));
            tokens.add(token(JWSAlgorithm.ES384, kid, TestKeys.ecSigner(TestKeys.EC_P384), TestKeys.EC_P384.getPublic()));
            tokens.add(token(JWSAlgorithm.EdDSA, kid, TestKeys.ed25519Signer(TestKeys.ED25519),
                    TestKeys.ED25519.getPublic()));
            tokens.add(token(JWSAlgorithm.HS256, kid, TestKeys.hmacSigner(TestKeys.SECRET), null));
        }
        return tokens;
    }

    private static Token token(JWSAlgorithm algorithm, String kid, JWSSigner signer, PublicKey publicKey) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(),
                new JWTClaimsSet.Builder().issuer(ENDPOINT.issuer()).subject("s").build());
        try {
            jwt.sign(signer);
            return new Token(SignedJWT.parse(jwt.serialize()), publicKey);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
