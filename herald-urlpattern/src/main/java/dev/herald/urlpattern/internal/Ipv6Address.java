package dev.herald.urlpattern.internal;

import java.util.Optional;

/**
 * The URL Standard's IPv6 parser and serializer: eight 16-bit pieces, at most one {@code ::}, an optional dotted
 * IPv4 tail; serialized in lowercase hexadecimal with the first longest run of zero pieces compressed.
 */
final class Ipv6Address {

    private static final int EOF = -1;

    private final String input;
    private int pointer;

    private Ipv6Address(String input) {
        this.input = input;
    }

    /** The address inside the brackets, serialized (without brackets), or empty when it is not a valid address. */
    static Optional<String> parse(String input) {
        int[] pieces = new Ipv6Address(input).pieces();
        return pieces == null ? Optional.empty() : Optional.of(serialize(pieces));
    }

    private int c() {
        return pointer < input.length() ? input.charAt(pointer) : EOF;
    }

    /** The eight pieces, or null on failure. */
    private int[] pieces() {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        if (c() == ':') {
            if (!input.startsWith(":", pointer + 1)) {
                return null;
            }
            pointer += 2;
            compress = ++pieceIndex;
        }
        while (c() != EOF) {
            if (pieceIndex == 8) {
                return null;
            }
            if (c() == ':') {
                if (compress >= 0) {
                    return null;
                }
                pointer++;
                compress = ++pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && c() != EOF && Character.digit(c(), 16) >= 0 && c() < 0x80) {
                value = value * 16 + Character.digit(c(), 16);
                pointer++;
                length++;
            }
            if (c() == '.') {
                if (length == 0) {
                    return null;
                }
                pointer -= length;
                if (pieceIndex > 6 || !ipv4Tail(address, pieceIndex)) {
                    return null;
                }
                pieceIndex += 2;
                break;
            } else if (c() == ':') {
                pointer++;
                if (c() == EOF) {
                    return null;
                }
            } else if (c() != EOF) {
                return null;
            }
            address[pieceIndex++] = value;
        }
        if (compress >= 0) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int swapped = address[compress + swaps - 1];
                address[compress + swaps - 1] = address[pieceIndex];
                address[pieceIndex] = swapped;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    /** Parses the dotted IPv4 tail into pieces {@code at} and {@code at + 1}; false when it is not one. */
    private boolean ipv4Tail(int[] address, int at) {
        int numbersSeen = 0;
        while (c() != EOF) {
            if (numbersSeen > 0) {
                if (c() != '.' || numbersSeen >= 4) {
                    return false;
                }
                pointer++;
            }
            if (c() < '0' || c() > '9') {
                return false;
            }
            int piece = -1;
            while (c() >= '0' && c() <= '9') {
                int digit = c() - '0';
                if (piece == 0) {
                    return false;
                }
                piece = piece < 0 ? digit : piece * 10 + digit;
                if (piece > 255) {
                    return false;
                }
                pointer++;
            }
            int index = at + numbersSeen / 2;
            address[index] = address[index] * 0x100 + piece;
            numbersSeen++;
        }
        return numbersSeen == 4;
    }

    private static String serialize(int[] address) {
        int compress = -1;
        int longest = 1;
        for (int i = 0; i < 8; i++) {
            int run = 0;
            while (i + run < 8 && address[i + run] == 0) {
                run++;
            }
            if (run > longest) {
                longest = run;
                compress = i;
            }
        }
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == compress) {
                output.append(i == 0 ? "::" : ":");
                i += longest - 1;
                continue;
            }
            output.append(Integer.toHexString(address[i]));
            if (i != 7) {
                output.append(':');
            }
        }
        return output.toString();
    }
}
