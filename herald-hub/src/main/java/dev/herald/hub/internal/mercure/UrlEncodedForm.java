package dev.herald.hub.internal.mercure;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a query string or a publish body) the way the URL Standard's
 * parser splits it ({@code &} between fields, the first {@code =} between name and value, {@code +} for a space,
 * {@code %XX} for a byte), except that bytes which are not valid UTF-8 are refused instead of replaced: Mercure
 * requires names and values to be UTF-8, and a replaced character would silently change a topic.
 *
 * <p>A body is read straight from its buffer, so a large publish is copied once, into its strings.
 */
public final class UrlEncodedForm {

    /** Why a form was refused: not UTF-8 (a malformed request) or over a limit (too large). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean tooLarge;

        private Invalid(String reason, boolean tooLarge) {
            super(reason, null, false, false);
            this.tooLarge = tooLarge;
        }

        /** Whether the form was refused for its size (413) rather than its encoding (400). */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private UrlEncodedForm() {
    }

    /** The fields of a query string (without the {@code ?}), in order, each name with its values in order. */
    public static Map<String, List<String>> parse(CharSequence query, int maxFields) throws Invalid {
        return parse(ByteBuffer.wrap(query.toString().getBytes(StandardCharsets.UTF_8)), maxFields);
    }

    /**
     * The fields of a body, read from its remaining bytes without consuming them, where they are.
     */
    public static Map<String, List<String>> parse(ByteBuffer input, int maxFields) throws Invalid {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] scratch = new byte[Math.min(input.remaining(), 8192)];
        int count = 0;
        int start = input.position();
        int end = input.limit();
        while (start < end) {
            int stop = indexOf(input, (byte) '&', start, end);
            if (stop > start) {
                if (++count > maxFields) {
                    throw new Invalid("more than " + maxFields + " fields", true);
                }
                int equals = indexOf(input, (byte) '=', start, stop);
                scratch = ensure(scratch, stop - start);
                String name = decode(input, start, equals, scratch, utf8);
                String value = equals < stop ? decode(input, equals + 1, stop, scratch, utf8) : "";
                fields.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
            start = stop + 1;
        }
        return fields;
    }

    private static int indexOf(ByteBuffer input, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input.get(i) == wanted) {
                return i;
            }
        }
        return to;
    }

    private static byte[] ensure(byte[] scratch, int length) {
        return scratch.length >= length ? scratch : new byte[length];
    }

    /** Percent-decodes {@code [from, to)} into {@code scratch}, then decodes it as strict UTF-8. */
    private static String decode(ByteBuffer input, int from, int to, byte[] scratch, CharsetDecoder utf8)
            throws Invalid {
        int length = 0;
        boolean plain = true;
        for (int i = from; i < to; i++) {
            byte b = input.get(i);
            if (b == '+') {
                b = ' ';
                plain = false;
            } else if (b == '%' && i + 2 < to && hex(input.get(i + 1)) >= 0 && hex(input.get(i + 2)) >= 0) {
                // The URL Standard leaves a '%' not followed by two hex digits as it is.
                b = (byte) (hex(input.get(i + 1)) << 4 | hex(input.get(i + 2)));
                i += 2;
                plain = false;
            } else if (b < 0) {
                plain = false;
            }
            scratch[length++] = b;
        }
        if (plain) {
            return new String(scratch, 0, length, StandardCharsets.ISO_8859_1); // ASCII: no decoder needed
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(scratch, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("a field is not valid UTF-8", false);
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
