package dev.herald.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * Fuzzes key reading: PEM text, either fuzzed whole or a fuzzed DER body in a block of each supported type, as an
 * operator's key file or {@code --jwt-key} gives it. Any text is a key or an {@link IllegalArgumentException} saying
 * why not, never another exception; a private key read comes with a public key that verifies what it signs; a key
 * {@link KeyMaterial} accepts builds its verifier. {@link DerElement} reads any bytes into elements that lie within
 * them, or refuses them the same way.
 */
class PemKeyFuzzTest {

    private static final List<String> TYPES = List.of("PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "PRIVATE KEY",
            "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PARAMETERS");
    private static final List<String> ALGORITHMS = List.of("RS256", "PS384", "ES256", "ES384", "ES512", "EdDSA");
    private static final byte[] MESSAGE = "header.claims".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"-----BEGIN ", "-----END ", "PUBLIC KEY-----", "PRIVATE KEY-----", "RSA PRIVATE KEY-----",
        "EC PRIVATE KEY-----", "CERTIFICATE-----"})
    void anyPemIsAKeyOrRefused(FuzzedDataProvider input) {
        String algorithm = ALGORITHMS.get(input.consumeInt(0, ALGORITHMS.size() - 1));
        int type = input.consumeInt(0, TYPES.size());
        String pem;
        byte[] der = null;
        if (type == TYPES.size()) {
            pem = input.consumeRemainingAsString();
        } else {
            der = input.consumeRemainingAsBytes();
            pem = TestKeys.pem(TYPES.get(type), der);
        }
        if (der != null) {
            readEveryElement(der, 0);
        }
        PemKey key;
        try {
            key = PemKey.parse(pem);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(key.publicKey()).isNotNull();
        key.privateKey().ifPresent(privateKey -> assertThat(verifies(key.publicKey(), privateKey))
                .as("the public key read with a %s private key verifies what it signs", privateKey.getAlgorithm())
                .isTrue());
        KeyMaterial material;
        try {
            material = KeyMaterial.of(algorithm, pem);
        } catch (IllegalArgumentException wrongKind) {
            return;
        }
        assertThat(material.verifier()).isNotNull();
    }

    /** Reads every element, nested ones too, and every value: only IllegalArgumentException may say no. */
    private static void readEveryElement(byte[] der, int depth) {
        List<DerElement> elements;
        try {
            elements = DerElement.readAll(der);
        } catch (IllegalArgumentException refused) {
            return;
        }
        long contents = 0;
        for (DerElement element : elements) {
            contents += element.content().length + 2;
            readValues(element);
            if (depth < 8 && element.content().length > 0) {
                readEveryElement(element.content(), depth + 1);
            }
        }
        assertThat(contents).as("elements and their headers within the bytes read").isLessThanOrEqualTo(der.length);
    }

    private static void readValues(DerElement element) {
        try {
            switch (element.tag()) {
                case DerElement.INTEGER -> element.asInteger();
                case DerElement.OBJECT_IDENTIFIER -> assertThat(encodedIdentifier(element.asObjectIdentifier()))
                        .as("the OID read, encoded again").isEqualTo(element.content());
                case DerElement.BIT_STRING -> element.asBitString();
                default -> {
                }
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** The DER content of a dotted OID: the first two arcs as one subidentifier, each in base 128, shortest. */
    private static byte[] encodedIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 1; i < arcs.length; i++) {
            long value = i == 1 ? Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]) : Long.parseLong(arcs[i]);
            int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
            for (int digit = digits - 1; digit >= 0; digit--) {
                out.write((int) (value >>> 7 * digit & 0x7F) | (digit > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }

    private static boolean verifies(PublicKey publicKey, PrivateKey privateKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> privateKey.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(MESSAGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(MESSAGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
