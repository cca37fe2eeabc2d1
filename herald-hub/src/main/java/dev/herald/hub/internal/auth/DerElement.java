package dev.herald.hub.internal.auth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One DER-encoded ASN.1 element: just enough of DER to read the PKCS#1 and SEC1 key structures that the JDK's key
 * factories do not accept directly.
 *
 * @param tag the identifier octet (0x30 SEQUENCE, 0x02 INTEGER, 0xA0 context tag [0], ...)
 * @param content the content octets
 */
record DerElement(int tag, byte[] content) {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;

    /** Copies the content so the record cannot be changed through it. */
    DerElement {
        content = content.clone();
    }

    /** Reads the consecutive elements that fill {@code encoded}. */
    static List<DerElement> readAll(byte[] encoded) {
        List<DerElement> elements = new ArrayList<>();
        int position = 0;
        while (position < encoded.length) {
            if (position + 2 > encoded.length) {
                throw malformed();
            }
            int tag = encoded[position++] & 0xFF;
            int length = encoded[position++] & 0xFF;
            if (length >= 0x80) {
                int octets = length & 0x7F;
                if (octets == 0 || octets > 4 || position + octets > encoded.length) {
                    throw malformed();
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (encoded[position++] & 0xFF);
                }
            }
            if (length < 0 || position + length > encoded.length) {
                throw malformed();
            }
            elements.add(new DerElement(tag, Arrays.copyOfRange(encoded, position, position + length)));
            position += length;
        }
        return elements;
    }

    /** The single element that is all of {@code encoded}, which must have the tag {@code expectedTag}. */
    static DerElement read(byte[] encoded, int expectedTag) {
        List<DerElement> elements = readAll(encoded);
        if (elements.size() != 1 || elements.get(0).tag() != expectedTag) {
            throw malformed();
        }
        return elements.get(0);
    }

    /** The elements inside a constructed element. */
    List<DerElement> children() {
        return readAll(content);
    }

    BigInteger asInteger() {
        require(INTEGER);
        return new BigInteger(content);
    }

    /**
     * The dotted form of an OBJECT IDENTIFIER, such as {@code 1.2.840.10045.3.1.7}: base-128 subidentifiers, each in
     * as few bytes as it takes (DER), the first holding the first two arcs. Anything else is malformed, so that no
     * other bytes read as the OID of a known curve.
     */
    String asObjectIdentifier() {
        require(OBJECT_IDENTIFIER);
        StringBuilder dotted = new StringBuilder();
        int at = 0;
        while (at < content.length) {
            if ((content[at] & 0xFF) == 0x80) {
                throw malformed(); // a leading zero digit: not the shortest form
            }
            long value = 0;
            int b;
            do {
                if (at == content.length || value > Long.MAX_VALUE >> 7) {
                    throw malformed(); // cut short, or an arc beyond what any key names
                }
                b = content[at++] & 0xFF;
                value = value << 7 | b & 0x7F;
            } while ((b & 0x80) != 0);
            if (dotted.isEmpty()) {
                long first = Math.min(value / 40, 2);
                dotted.append(first).append('.').append(value - 40 * first);
            } else {
                dotted.append('.').append(value);
            }
        }
        if (dotted.isEmpty()) {
            throw malformed();
        }
        return dotted.toString();
    }

    /** The bits of a BIT STRING without unused bits. */
    byte[] asBitString() {
        require(BIT_STRING);
        if (content.length == 0 || content[0] != 0) {
            throw malformed();
        }
        return Arrays.copyOfRange(content, 1, content.length);
    }

    private void require(int expectedTag) {
        if (tag != expectedTag) {
            throw malformed();
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("malformed DER in PEM key");
    }
}
