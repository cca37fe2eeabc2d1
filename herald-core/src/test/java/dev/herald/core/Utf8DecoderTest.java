package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path (the JDK's decoder) must agree with the WHATWG algorithm on every input. */
class Utf8DecoderTest {

    /** Bytes that make every kind of sequence: ASCII, continuations, every lead byte class and the boundaries. */
    private static final int[] INTERESTING = {
        0x00, 0x0A, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
        0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF,
    };

    @Test
    void agreesWithTheStandardOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(20261124);
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)]);
            }
            assertThat(Utf8Decoder.decode(bytes, 0, bytes.length))
                    .as("bytes %s", java.util.HexFormat.ofDelimiter(" ").formatHex(bytes))
                    .isEqualTo(Utf8Decoder.decodeByTheStandard(bytes, 0, bytes.length));
        }
    }

    @Test
    void encodedSurrogatesAreReplacedBytePerByteAnywhereInALongValue() {
        for (int at = 0; at < 20; at++) {
            byte[] bytes = ("a".repeat(at) + "xyz" + "b".repeat(20)).getBytes(StandardCharsets.US_ASCII);
            bytes[at] = (byte) 0xED;
            bytes[at + 1] = (byte) 0xB0;
            bytes[at + 2] = (byte) 0x80;
            assertThat(Utf8Decoder.decode(bytes, 0, bytes.length))
                    .isEqualTo("a".repeat(at) + "\uFFFD\uFFFD\uFFFD" + "b".repeat(20));
        }
    }

    @Test
    void validTextDecodesUnchanged() {
        String text = "plain \u00e9\u20ac\uD83D\uDE00 \uD55C\uAD6D\uC5B4 \u0000 end";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Decoder.decode(bytes, 0, bytes.length)).isEqualTo(text);
        assertThat(Utf8Decoder.decodeByTheStandard(bytes, 0, bytes.length)).isEqualTo(text);
    }
}
