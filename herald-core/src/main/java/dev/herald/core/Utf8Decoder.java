package dev.herald.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 exactly as the WHATWG Encoding standard's UTF-8 decoder does, replacing each maximal invalid
 * subpart with U+FFFD.
 *
 * <p>The JDK's decoder is far faster (it is intrinsified) and agrees with the standard on every input but one: it
 * replaces an encoded surrogate ({@code ED A0..BF xx}) with one U+FFFD where the standard gives one per byte. So
 * the JDK decodes every value that holds no such sequence, and the standard's algorithm the rest.
 */
final class Utf8Decoder {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long EDS = ONES * 0xED;
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8Decoder() {
    }

    static String decode(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (hasEncodedSurrogate(bytes, offset, offset + length)) {
            return decodeByTheStandard(bytes, offset, length);
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** Whether {@code bytes[from, to)} holds ED followed by A0..BF, looking for ED eight bytes at a time. */
    private static boolean hasEncodedSurrogate(byte[] bytes, int from, int to) {
        int at = from;
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            long word = ((long) LONGS.get(bytes, at)) ^ EDS;
            if (((word - ONES) & ~word & HIGHS) != 0 && hasEncodedSurrogateAt(bytes, at, at + Long.BYTES, to)) {
                return true;
            }
        }
        return hasEncodedSurrogateAt(bytes, at, to, to);
    }

    private static boolean hasEncodedSurrogateAt(byte[] bytes, int from, int until, int to) {
        for (int i = from; i < until && i + 1 < to; i++) {
            if (bytes[i] == (byte) 0xED && (bytes[i + 1] & 0xE0) == 0xA0) {
                return true;
            }
        }
        return false;
    }

    /** The WHATWG Encoding standard's UTF-8 decoder, with replacement. */
    static String decodeByTheStandard(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        int needed = 0;
        int seen = 0;
        int codePoint = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) {
                        lower = 0xA0;
                    } else if (b == 0xED) {
                        upper = 0x9F;
                    }
                    needed = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) {
                        lower = 0x90;
                    } else if (b == 0xF4) {
                        upper = 0x8F;
                    }
                    needed = 3;
                    codePoint = b & 0x07;
                } else {
                    out.append(REPLACEMENT);
                }
                continue;
            }
            if (b < lower || b > upper) {
                needed = 0;
                seen = 0;
                codePoint = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append(REPLACEMENT);
                i--; // the standard processes this byte again as the start of a sequence
                continue;
            }
            lower = 0x80;
            upper = 0xBF;
            codePoint = codePoint << 6 | b & 0x3F;
            if (++seen == needed) {
                out.appendCodePoint(codePoint);
                needed = 0;
                seen = 0;
                codePoint = 0;
            }
        }
        if (needed != 0) {
            out.append(REPLACEMENT);
        }
        return out.toString();
    }
}
