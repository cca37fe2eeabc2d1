package dev.herald.urlpattern.internal;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * The URL Pattern standard's encoding callbacks: how the fixed text of each URL component is canonicalized before
 * it is matched, so a pattern compares with a URL as a URL serializer writes it. Each follows the URL Standard's
 * state-override parsing for its component, simplified where noted.
 */
enum UrlComponentCanonicalization implements UnaryOperator<String> {

    /** A scheme: ASCII letter, then letters, digits, '+', '-', '.'; lowercased. */
    PROTOCOL {
        @Override
        String canonicalize(String value) {
            int colon = value.indexOf(':');
            String scheme = colon >= 0 ? value.substring(0, colon) : value;
            if (scheme.isEmpty() || !isAsciiAlpha(scheme.charAt(0))
                    || !scheme.chars().allMatch(c -> isAsciiAlpha(c) || isAsciiDigit(c) || "+-.".indexOf(c) >= 0)) {
                throw invalid("protocol", value);
            }
            return scheme.toLowerCase(Locale.ROOT);
        }
    },
    /** Userinfo: percent-encoded with the userinfo percent-encode set. */
    USERNAME {
        @Override
        String canonicalize(String value) {
            return percentEncode(value, UrlComponentCanonicalization::inUserinfoSet);
        }
    },
    /** Userinfo: percent-encoded with the userinfo percent-encode set. */
    PASSWORD {
        @Override
        String canonicalize(String value) {
            return percentEncode(value, UrlComponentCanonicalization::inUserinfoSet);
        }
    },
    /**
     * A domain: percent-decoded, converted to ASCII (IDNA 2003 through {@link IDN}, where the URL Standard uses
     * UTS #46), lowercased, and refused when it holds a forbidden domain code point.
     */
    HOSTNAME {
        @Override
        String canonicalize(String value) {
            String decoded = percentDecode(value);
            String ascii;
            try {
                ascii = decoded.chars().allMatch(c -> c < 0x80) ? decoded : IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw invalid("hostname", value);
            }
            ascii = ascii.toLowerCase(Locale.ROOT);
            for (int i = 0; i < ascii.length(); i++) {
                char c = ascii.charAt(i);
                if (c <= 0x20 || c == 0x7F || "#%/:<>?@[\\]^|".indexOf(c) >= 0) {
                    throw invalid("hostname", value);
                }
            }
            return ascii;
        }
    },
    /** An IPv6 address literal: hex digits, '[', ']' and ':' only; lowercased. */
    IPV6_HOSTNAME {
        @Override
        String canonicalize(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(isAsciiDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '[' || c == ']'
                        || c == ':')) {
                    throw invalid("IPv6 hostname", value);
                }
            }
            return value.toLowerCase(Locale.ROOT);
        }
    },
    /** A port: its leading digits as a number up to 65535, without leading zeros. */
    PORT {
        @Override
        String canonicalize(String value) {
            int end = 0;
            while (end < value.length() && isAsciiDigit(value.charAt(end))) {
                end++;
            }
            if (end == 0) {
                throw invalid("port", value);
            }
            String digits = value.substring(0, end).replaceFirst("^0+(?=.)", "");
            if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                throw invalid("port", value);
            }
            return digits;
        }
    },
    /** A hierarchical path: dot segments resolved, percent-encoded with the path percent-encode set. */
    PATHNAME {
        @Override
        String canonicalize(String value) {
            boolean leadingSlash = value.startsWith("/");
            // As the standard does, a fake leading segment keeps a piece without a leading slash (or starting
            // with dots) from being changed by the slash the path parser would otherwise add.
            String modified = leadingSlash ? value : "/-" + value;
            List<String> path = new ArrayList<>();
            StringBuilder buffer = new StringBuilder();
            int[] codePoints = modified.codePoints().toArray();
            for (int i = 1; i <= codePoints.length; i++) {
                boolean end = i == codePoints.length;
                if (end || codePoints[i] == '/') {
                    String segment = buffer.toString();
                    if (isDoubleDot(segment)) {
                        if (!path.isEmpty()) {
                            path.remove(path.size() - 1);
                        }
                        if (end) {
                            path.add("");
                        }
                    } else if (isSingleDot(segment)) {
                        if (end) {
                            path.add("");
                        }
                    } else {
                        path.add(segment);
                    }
                    buffer.setLength(0);
                } else {
                    buffer.append(percentEncode(Character.toString(codePoints[i]),
                            UrlComponentCanonicalization::inPathSet));
                }
            }
            StringBuilder serialized = new StringBuilder();
            for (String segment : path) {
                serialized.append('/').append(segment);
            }
            return leadingSlash ? serialized.toString() : serialized.substring(Math.min(2, serialized.length()));
        }
    },
    /** An opaque path: up to any '?' or '#', percent-encoded with the C0 control percent-encode set. */
    OPAQUE_PATHNAME {
        @Override
        String canonicalize(String value) {
            int end = value.length();
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == '?' || value.charAt(i) == '#') {
                    end = i;
                    break;
                }
            }
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < end; i++) {
                char c = value.charAt(i);
                boolean beforeQueryOrFragment = i + 1 < value.length() && (value.charAt(i + 1) == '?'
                        || value.charAt(i + 1) == '#');
                if (c == ' ' && beforeQueryOrFragment) {
                    result.append("%20");
                } else {
                    result.append(c);
                }
            }
            return percentEncode(result.toString(), UrlComponentCanonicalization::inC0ControlSet);
        }
    },
    /** A query: percent-encoded with the query percent-encode set. */
    SEARCH {
        @Override
        String canonicalize(String value) {
            return percentEncode(value, UrlComponentCanonicalization::inQuerySet);
        }
    },
    /** A fragment: percent-encoded with the fragment percent-encode set. */
    HASH {
        @Override
        String canonicalize(String value) {
            return percentEncode(value, UrlComponentCanonicalization::inFragmentSet);
        }
    };

    /** Canonicalizes one piece of fixed text; throws IllegalArgumentException for text the component cannot hold. */
    abstract String canonicalize(String value);

    @Override
    public String apply(String value) {
        return value.isEmpty() ? value : canonicalize(value);
    }

    private static IllegalArgumentException invalid(String component, String value) {
        return new IllegalArgumentException("invalid " + component + " in URL pattern: '" + value + "'");
    }

    private static boolean isAsciiAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String segment) {
        String lower = segment.toLowerCase(Locale.ROOT);
        return lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.") || lower.equals("%2e%2e");
    }

    private static boolean inC0ControlSet(int c) {
        return c < 0x20 || c > 0x7E;
    }

    private static boolean inFragmentSet(int c) {
        return inC0ControlSet(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    }

    private static boolean inQuerySet(int c) {
        return inC0ControlSet(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
    }

    private static boolean inPathSet(int c) {
        return inQuerySet(c) || c == '?' || c == '`' || c == '{' || c == '}';
    }

    private static boolean inUserinfoSet(int c) {
        return inPathSet(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || c >= '[' && c <= '^'
                || c == '|';
    }

    /** UTF-8 percent-encodes the code points of {@code value} in the set; lone surrogates become U+FFFD. */
    static String percentEncode(String value, IntPredicate inSet) {
        StringBuilder result = new StringBuilder();
        value.codePoints().forEach(codePoint -> {
            int scalar = Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF ? 0xFFFD : codePoint;
            if (!inSet.test(scalar)) {
                result.appendCodePoint(scalar);
                return;
            }
            for (byte b : Character.toString(scalar).getBytes(StandardCharsets.UTF_8)) {
                result.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        });
        return result.toString();
    }

    private static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '%' && i + 2 < input.length && Character.digit(input[i + 1], 16) >= 0
                    && Character.digit(input[i + 2], 16) >= 0) {
                bytes.write(Character.digit(input[i + 1], 16) * 16 + Character.digit(input[i + 2], 16));
                i += 2;
            } else {
                bytes.write(input[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
