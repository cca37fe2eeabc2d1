package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The URL Standard's IPv4 parser and serializer. A host that ends in a number is an IPv4 address, written in any of
 * the notations browsers accept ({@code 127.0.0.1}, {@code 0x7f.1}, {@code 2130706433}, {@code 0177.0.0.1}), and
 * is serialized in dotted decimal.
 */
final class Ipv4Address {

    /** Larger than any value a valid address part can have: parsing stops growing a number past it. */
    private static final long TOO_LARGE = 1L << 33;

    private Ipv4Address() {
    }

    /** The standard's "ends in a number": whether a domain must be parsed as an IPv4 address. */
    static boolean endsInANumber(String domain) {
        List<String> parts = new ArrayList<>(Arrays.asList(domain.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseNumber(last).isPresent();
    }

    /** The address, serialized in dotted decimal, or empty when {@code domain} is no valid IPv4 address. */
    static Optional<String> parse(String domain) {
        List<String> parts = new ArrayList<>(Arrays.asList(domain.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < numbers.length; i++) {
            OptionalLong number = parseNumber(parts.get(i));
            if (number.isEmpty()) {
                return Optional.empty();
            }
            numbers[i] = number.getAsLong();
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
        }
        if (numbers[numbers.length - 1] >= 1L << (8 * (5 - numbers.length))) {
            return Optional.empty();
        }
        long address = numbers[numbers.length - 1];
        for (int i = 0; i < numbers.length - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return Optional.of(serialize(address));
    }

    /** Dotted decimal: four numbers, most significant first. */
    static String serialize(long address) {
        return (address >> 24 & 0xFF) + "." + (address >> 16 & 0xFF) + "." + (address >> 8 & 0xFF) + "."
                + (address & 0xFF);
    }

    /**
     * The standard's "IPv4 number parser": decimal, hexadecimal after {@code 0x}, octal after a leading {@code 0};
     * empty when the text is not such a number. Values past {@link #TOO_LARGE} are capped there, which keeps every
     * comparison the parser makes.
     */
    private static OptionalLong parseNumber(String text) {
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        int radix = 10;
        String digits = text;
        if (text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            radix = 16;
            digits = text.substring(2);
        } else if (text.length() >= 2 && text.charAt(0) == '0') {
            radix = 8;
            digits = text.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 'z') {
                return OptionalLong.empty();
            }
            value = Math.min(value * radix + digit, TOO_LARGE);
        }
        return OptionalLong.of(value);
    }
}
