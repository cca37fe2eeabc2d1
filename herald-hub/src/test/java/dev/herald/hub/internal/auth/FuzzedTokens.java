package dev.herald.hub.internal.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS tokens of fuzzed header and claims, signed in the ways a forger would try, and the independent check
 * (the JDK's HMAC and ECDSA, not Nimbus) of whether a trusted key of {@link AuthorizerFuzzTest} really signed one.
 */
final class FuzzedTokens {

    /**
     * A token a trusted key signed.
     *
     * @param claims the claims, as JSON
     * @param byIssuerKey whether the trusted EC key (an issuer's) signed it, rather than the HS256 role key
     * @param accessToken whether its header types it {@code at+jwt}
     */
    record Signed(JsonNode claims, boolean byIssuerKey, boolean accessToken) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair OTHER_EC = otherEcKey();

    private FuzzedTokens() {
    }

    /** A token of fuzzed parts, signed one of eight ways, two of them by a trusted key. */
    static String token(FuzzedDataProvider input) {
        int signing = input.consumeInt(0, 7);
        String signingInput = base64(input.consumeString(200).getBytes(StandardCharsets.UTF_8)) + "."
                + base64(input.consumeString(600).getBytes(StandardCharsets.UTF_8));
        byte[] signature = switch (signing) {
            case 0 -> hmac("HmacSHA256", TestKeys.SECRET, signingInput);
            case 1 -> hmac("HmacSHA256", TestKeys.OTHER_SECRET, signingInput);
            case 2 -> hmac("HmacSHA256", TestKeys.publicPem(TestKeys.EC), signingInput); // the public key as a secret
            case 3 -> hmac("HmacSHA384", TestKeys.SECRET, signingInput); // the right secret, not its algorithm
            case 4 -> ecdsa(TestKeys.EC.getPrivate(), signingInput);
            case 5 -> ecdsa(OTHER_EC.getPrivate(), signingInput);
            case 6 -> new byte[0];
            default -> input.consumeRemainingAsBytes();
        };
        return signingInput + "." + base64(signature);
    }

    /** The token's claims if the role secret signed it with HS256 or the trusted EC key with ES256, as {@code alg} says. */
    static Optional<Signed> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
        if (header == null || claims == null) {
            return Optional.empty();
        }
        String signingInput = parts[0] + "." + parts[1];
        String algorithm = header.path("alg").asText();
        String type = header.path("typ").asText().toLowerCase(Locale.ROOT);
        boolean accessToken = type.equals("at+jwt") || type.equals("application/at+jwt");
        if (algorithm.equals("HS256")
                && MessageDigest.isEqual(hmac("HmacSHA256", TestKeys.SECRET, signingInput), signature)) {
            return Optional.of(new Signed(claims, false, accessToken));
        }
        if (algorithm.equals("ES256") && ecdsaVerifies(signingInput, signature)) {
            return Optional.of(new Signed(claims, true, accessToken));
        }
        return Optional.empty();
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hmac(String algorithm, String secret, String signingInput) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ES256 as JWS has it: R and S, 32 bytes each (IEEE P1363), not DER. */
    private static byte[] ecdsa(PrivateKey key, String signingInput) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ecdsaVerifies(String signingInput, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(TestKeys.EC.getPublic());
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair otherEcKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
