package dev.herald.urlpattern.internal;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The URL Standard's host parser, returning the host already serialized: an IPv6 address in brackets, an IPv4
 * address in dotted decimal, a domain in lowercase ASCII, or (for non-special URLs) an opaque host.
 *
 * <p>One deliberate difference: a domain with non-ASCII characters is converted with {@link IDN} (IDNA 2003), where
 * the standard uses UTS #46 processing; the two agree on ordinary internationalized names. An ASCII domain is only
 * lowercased, as UTS #46 maps it.
 */
final class HostParser {

    /** The dots IDNA maps to a label separator. */
    private static final String LABEL_SEPARATORS = ".\u3002\uFF0E\uFF61";
    /** The standard's forbidden host code points, which no host may contain. */
    private static final String FORBIDDEN_HOST = "\u0000\t\n\r #/:<>?@[\\]^|";

    private HostParser() {
    }

    /**
     * Parses {@code input} as the host of a URL; empty on failure.
     *
     * @param special whether the URL's scheme is special (its host is a domain or an address, never opaque)
     */
    static Optional<String> parse(String input, boolean special) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]") || input.length() < 2) {
                return Optional.empty();
            }
            return Ipv6Address.parse(input.substring(1, input.length() - 1)).map(address -> "[" + address + "]");
        }
        if (!special) {
            return opaqueHost(input);
        }
        Optional<String> ascii = domainToAscii(utf8(percentDecode(input)));
        if (ascii.isEmpty()) {
            return ascii;
        }
        return Ipv4Address.endsInANumber(ascii.get()) ? Ipv4Address.parse(ascii.get()) : ascii;
    }

    private static Optional<String> opaqueHost(String input) {
        for (int i = 0; i < input.length(); i++) {
            if (FORBIDDEN_HOST.indexOf(input.charAt(i)) >= 0) {
                return Optional.empty();
            }
        }
        return Optional.of(PercentEncodeSet.C0_CONTROL.encode(input));
    }

    /** The standard's "domain to ASCII", with the difference documented above, then its forbidden-code-point test. */
    private static Optional<String> domainToAscii(String domain) {
        StringBuilder ascii = new StringBuilder(domain.length());
        int start = 0;
        // Label by label, as IDN refuses empty labels that URLs allow ("a..b").
        for (int i = 0; i <= domain.length(); i++) {
            if (i < domain.length() && LABEL_SEPARATORS.indexOf(domain.charAt(i)) < 0) {
                continue;
            }
            String label = domain.substring(start, i);
            if (label.chars().allMatch(c -> c < 0x80)) {
                ascii.append(label.toLowerCase(Locale.ROOT));
            } else {
                try {
                    ascii.append(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    return Optional.empty();
                }
            }
            if (i < domain.length()) {
                ascii.append('.');
            }
            start = i + 1;
        }
        if (ascii.length() == 0) {
            return Optional.empty();
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '%' || FORBIDDEN_HOST.indexOf(c) >= 0) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii.toString());
    }

    /** The bytes of {@code input} with each valid {@code %XX} triplet decoded. */
    static byte[] percentDecode(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        if (input.indexOf('%') < 0) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    /** UTF-8 decoding that keeps a byte order mark, malformed sequences becoming U+FFFD. */
    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
