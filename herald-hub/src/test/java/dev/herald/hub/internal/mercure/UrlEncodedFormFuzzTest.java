package dev.herald.hub.internal.mercure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Fuzzes the form decoder against the URL Standard's {@code application/x-www-form-urlencoded} parser, written here
 * the plain way (split, replace, percent-decode, strict UTF-8): any bytes give the same fields, or the same refusal,
 * whether they arrive in one buffer or in several; the buffer is not consumed; and the fields it gives, encoded again
 * as a browser or {@code URLEncoder} would, decode to themselves.
 */
class UrlEncodedFormFuzzTest {

    /** A refusal, as the decoder's {@link UrlEncodedForm.Invalid} says it. */
    private record Refused(boolean tooLarge) {
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"%C3%A9", "%E2%82%AC", "%F0%9F%98%80", "%FF", "%C3", "%ED%A0%80", "%EF%BB%BF", "%00", "%2B", "%25", "%", "+", "&", "="})
    void decodesAsTheUrlStandardSays(FuzzedDataProvider input) {
        int maxFields = input.consumeInt(1, 64);
        int firstCut = input.consumeInt(0, 1 << 16);
        input.consumeInt(0, 1 << 16); // a second cut, which an earlier form of the target took: the corpus reads on
        byte[] body = input.consumeRemainingAsBytes();
        Object expected = reference(body, maxFields);

        assertThat(decode(ByteBuffer.wrap(body), maxFields)).isEqualTo(expected);
        assertThat(decode(afterReadBytes(body, firstCut), maxFields)).isEqualTo(expected);
        if (expected instanceof Map<?, ?> fields) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> decoded = (Map<String, List<String>>) fields;
            assertThat(decodeQuery(encode(decoded), maxFields)).isEqualTo(decoded);
        }
    }

    /** The fields, or the refusal; the buffer's remaining bytes must be left as they were. */
    private static Object decode(ByteBuffer body, int maxFields) {
        int position = body.position();
        int remaining = body.remaining();
        try {
            return UrlEncodedForm.parse(body, maxFields);
        } catch (UrlEncodedForm.Invalid e) {
            return new Refused(e.tooLarge());
        } finally {
            assertThat(body.position()).isEqualTo(position);
            assertThat(body.remaining()).isEqualTo(remaining);
        }
    }

    private static Object decodeQuery(String query, int maxFields) {
        try {
            return UrlEncodedForm.parse(query, maxFields);
        } catch (UrlEncodedForm.Invalid e) {
            return new Refused(e.tooLarge());
        }
    }

    /** The body after {@code skipped} bytes already read (up to 64): a buffer whose position is not zero. */
    private static ByteBuffer afterReadBytes(byte[] body, int skipped) {
        int offset = Math.floorMod(skipped, 65);
        byte[] withHead = new byte[offset + body.length];
        System.arraycopy(body, 0, withHead, offset, body.length);
        return ByteBuffer.wrap(withHead).position(offset);
    }

    private static String encode(Map<String, List<String>> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, values) -> values.forEach(value -> form.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return form.toString();
    }

    /** The URL Standard's parser, refusing what is not UTF-8, counting fields as it goes. */
    private static Object reference(byte[] body, int maxFields) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        for (byte[] sequence : split(body, (byte) '&')) {
            if (sequence.length == 0) {
                continue;
            }
            if (++count > maxFields) {
                return new Refused(true);
            }
            int equals = indexOf(sequence, (byte) '=');
            byte[] name = equals < 0 ? sequence : Arrays.copyOfRange(sequence, 0, equals);
            byte[] value = equals < 0 ? new byte[0] : Arrays.copyOfRange(sequence, equals + 1, sequence.length);
            try {
                String decodedName = utf8(percentDecode(plusAsSpace(name)));
                String decodedValue = utf8(percentDecode(plusAsSpace(value)));
                fields.computeIfAbsent(decodedName, key -> new ArrayList<>()).add(decodedValue);
            } catch (CharacterCodingException e) {
                return new Refused(false);
            }
        }
        return fields;
    }

    private static List<byte[]> split(byte[] bytes, byte separator) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == separator) {
                parts.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] plusAsSpace(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '+') {
                out[i] = ' ';
            }
        }
        return out;
    }

    private static byte[] percentDecode(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
