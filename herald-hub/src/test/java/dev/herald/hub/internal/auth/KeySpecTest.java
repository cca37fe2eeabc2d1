package dev.herald.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.KeySpec;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/** Key configuration is checked up front, with messages that say what is wrong. */
class KeySpecTest {

    @Test
    void blankAlgorithmMeansHs256AndNamesAreCaseInsensitive() {
        assertThat(KeySpec.parse("", TestKeys.SECRET).algorithm()).isEqualTo("HS256");
        assertThat(KeySpec.parse(null, TestKeys.SECRET).algorithm()).isEqualTo("HS256");
        assertThat(KeySpec.parse(" rs256 ", TestKeys.publicPem(TestKeys.RSA)).algorithm()).isEqualTo("RS256");
    }

    @Test
    void acceptsEveryPemForm() {
        assertThat(KeySpec.parse("RS256", TestKeys.publicPem(TestKeys.RSA))).isNotNull();
        assertThat(KeySpec.parse("PS256", TestKeys.privatePem(TestKeys.RSA))).isNotNull();
        assertThat(KeySpec.parse("RS512", TestKeys.rsaPkcs1PrivatePem(TestKeys.RSA))).isNotNull();
        assertThat(KeySpec.parse("ES256", TestKeys.publicPem(TestKeys.EC))).isNotNull();
        assertThat(KeySpec.parse("ES256", TestKeys.ecSec1PrivatePem(TestKeys.EC))).isNotNull();
        assertThat(KeySpec.parse("ES384", TestKeys.privatePem(TestKeys.EC_P384))).isNotNull();
    }

    @Test
    void derivedPublicKeysEqualTheRealOnes() {
        assertThat(KeyMaterial.of("ES256", TestKeys.ecSec1PrivatePem(TestKeys.EC)).publicKey())
                .hasValueSatisfying(key -> assertThat(key.getEncoded())
                        .isEqualTo(TestKeys.EC.getPublic().getEncoded()));
        assertThat(KeyMaterial.of("ES384", TestKeys.privatePem(TestKeys.EC_P384)).publicKey())
                .hasValueSatisfying(key -> assertThat(key.getEncoded())
                        .isEqualTo(TestKeys.EC_P384.getPublic().getEncoded()));
        assertThat(KeyMaterial.of("RS256", TestKeys.rsaPkcs1PrivatePem(TestKeys.RSA)).publicKey())
                .hasValueSatisfying(key -> assertThat(key.getEncoded())
                        .isEqualTo(TestKeys.RSA.getPublic().getEncoded()));
    }

    @Test
    void refusesWhatCannotWork() throws NoSuchAlgorithmException {
        assertRefused("HS257", TestKeys.SECRET, "unsupported JWT algorithm");
        assertRefused("none", TestKeys.SECRET, "unsupported JWT algorithm");
        assertRefused("HS256", "short", "at least 32 bytes");
        assertRefused("HS512", TestKeys.SECRET, "at least 64 bytes");
        assertRefused("HS256", "", "no key");
        assertRefused("RS256", TestKeys.SECRET, "expected a PEM key");
        assertRefused("RS256", TestKeys.publicPem(TestKeys.EC), "needs an RSA key");
        assertRefused("ES256", TestKeys.publicPem(TestKeys.RSA), "needs an EC key");
        assertRefused("ES256", TestKeys.publicPem(TestKeys.EC_P384), "curve");
        assertRefused("RS256", TestKeys.pem("PUBLIC KEY", new byte[] {1, 2, 3}), "invalid PUBLIC KEY");
        assertRefused("RS256", TestKeys.pem("ENCRYPTED PRIVATE KEY", new byte[] {1}), "encrypted");
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        assertRefused("RS256", TestKeys.publicPem(small.generateKeyPair()), "2048 bits");
    }

    @Test
    void eddsaTakesAnEd25519PublicKeyThatOnlyVerifies() {
        assertThat(KeySpec.parse("eddsa", TestKeys.publicPem(TestKeys.ED25519)).algorithm()).isEqualTo("EdDSA");
        assertRefused("EdDSA", TestKeys.privatePem(TestKeys.ED25519), "give the public key");
        assertRefused("EdDSA", TestKeys.publicPem(TestKeys.RSA), "needs an Ed25519 key");
        assertRefused("EdDSA", TestKeys.publicPem(TestKeys.EC), "needs an Ed25519 key");
        assertRefused("RS256", TestKeys.publicPem(TestKeys.ED25519), "needs an RSA key");
        assertRefused("ES256", TestKeys.publicPem(TestKeys.ED25519), "needs an EC key");
        assertThatThrownBy(() -> KeyMaterial.of("EdDSA", TestKeys.publicPem(TestKeys.ED25519)).signer())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not sign");
    }

    @Test
    void publicKeysCannotSign() {
        assertThatThrownBy(() -> KeyMaterial.of("RS256", TestKeys.publicPem(TestKeys.RSA)).signer())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(KeySpec.hmac(TestKeys.SECRET).toString()).doesNotContain(TestKeys.SECRET).contains("HS256");
        assertThat(KeyMaterial.of("HS256", TestKeys.SECRET).toString()).doesNotContain(TestKeys.SECRET);
    }

    @Test
    void unsupportedPemBlocksAreNamed() {
        assertRefused("RS256", TestKeys.pem("X509 CRL", new byte[] {1}), "unsupported PEM block");
    }

    private static void assertRefused(String algorithm, String material, String message) {
        assertThatThrownBy(() -> KeySpec.parse(algorithm, material))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
