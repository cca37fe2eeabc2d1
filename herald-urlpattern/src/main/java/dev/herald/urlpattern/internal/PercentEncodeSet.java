package dev.herald.urlpattern.internal;

import java.nio.charset.StandardCharsets;

/**
 * The URL Standard's percent-encode sets: which code points each part of a URL writes as UTF-8 {@code %XX}
 * triplets. Each set contains the one before it in this list, plus a few characters; a lone surrogate (which a
 * Java string can hold but a URL cannot) is encoded as U+FFFD.
 */
enum PercentEncodeSet {
    /** C0 controls and everything above U+007E: opaque paths and opaque hosts. */
    C0_CONTROL(""),
    /** Fragments. */
    FRAGMENT(" \"<>`"),
    /** Queries of non-special URLs. */
    QUERY(" \"#<>"),
    /** Queries of special URLs: the query set and the apostrophe. */
    SPECIAL_QUERY(" \"#<>'"),
    /** Path segments: the query set and {@code ? ` { }}. */
    PATH(" \"#<>?`{}"),
    /** Usernames and passwords: the path set and {@code / : ; = @ [ \ ] ^ |}. */
    USERINFO(" \"#<>?`{}/:;=@[\\]^|");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The set's printable ASCII members; every set also holds the C0 controls and all above U+007E. */
    private final String ascii;

    PercentEncodeSet(String ascii) {
        this.ascii = ascii;
    }

    boolean contains(int codePoint) {
        return codePoint < 0x20 || codePoint > 0x7E || ascii.indexOf(codePoint) >= 0;
    }

    /** Appends {@code codePoint}, percent-encoded as UTF-8 when it is in this set. */
    void append(StringBuilder out, int codePoint) {
        if (!contains(codePoint)) {
            out.append((char) codePoint);
            return;
        }
        int scalar = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE ? 0xFFFD : codePoint;
        if (scalar < 0x80) {
            appendByte(out, scalar);
            return;
        }
        for (byte b : Character.toString(scalar).getBytes(StandardCharsets.UTF_8)) {
            appendByte(out, b & 0xFF);
        }
    }

    /** {@code value} with every code point of this set percent-encoded. */
    String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(codePoint -> append(out, codePoint));
        return out.toString();
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
}
