package dev.herald.urlpattern.internal;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The URL Pattern standard's encoding callbacks: how the fixed text of each URL component is canonicalized before
 * it is matched, so that a pattern compares with a URL as the URL parser ({@link UrlParser}) makes it. Each runs the
 * URL parser's rules for its component on a special URL, as the standard's dummy URL ({@code https://dummy.invalid/})
 * does.
 */
enum UrlComponentCanonicalization implements UnaryOperator<String> {

    /** A scheme: ASCII letter, then letters, digits, '+', '-', '.'; lowercased. */
    PROTOCOL {
        @Override
        String canonicalize(String value) {
            int colon = value.indexOf(':');
            String scheme = colon >= 0 ? value.substring(0, colon) : value;
            if (scheme.isEmpty() || !PathSegments.isAsciiAlpha(scheme.charAt(0)) || !scheme.chars().allMatch(c ->
                    PathSegments.isAsciiAlpha(c) || c >= '0' && c <= '9' || "+-.".indexOf(c) >= 0)) {
                throw invalid("protocol", value);
            }
            return scheme.toLowerCase(Locale.ROOT);
        }
    },
    /** Userinfo: percent-encoded with the userinfo percent-encode set (the standard's username setter). */
    USERNAME {
        @Override
        String canonicalize(String value) {
            return PercentEncodeSet.USERINFO.encode(value);
        }
    },
    /** Userinfo: percent-encoded with the userinfo percent-encode set (the standard's password setter). */
    PASSWORD {
        @Override
        String canonicalize(String value) {
            return PercentEncodeSet.USERINFO.encode(value);
        }
    },
    /**
     * The hostname state with a state override: the host ends at the first {@code /}, {@code \}, {@code ?} or
     * {@code #}; a {@code :} (outside brackets) or an empty host is refused; the rest is parsed by {@link HostParser}.
     */
    HOSTNAME {
        @Override
        String canonicalize(String value) {
            int[] codePoints = UrlParser.codePoints(value);
            StringBuilder host = new StringBuilder();
            boolean insideBrackets = false;
            for (int c : codePoints) {
                if (c == '/' || c == '\\' || c == '?' || c == '#') {
                    break;
                }
                if (c == ':' && !insideBrackets) {
                    throw invalid("hostname", value);
                }
                insideBrackets = c == '[' || insideBrackets && c != ']';
                host.appendCodePoint(c);
            }
            if (host.length() == 0) {
                throw invalid("hostname", value);
            }
            return HostParser.parse(host.toString(), true).orElseThrow(() -> invalid("hostname", value));
        }
    },
    /** An IPv6 address literal: hex digits, '[', ']' and ':' only; lowercased. */
    IPV6_HOSTNAME {
        @Override
        String canonicalize(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(Character.digit(c, 16) >= 0 && c < 0x80 || c == '[' || c == ']' || c == ':')) {
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
            int[] codePoints = UrlParser.codePoints(value);
            int end = 0;
            while (end < codePoints.length && codePoints[end] >= '0' && codePoints[end] <= '9') {
                end++;
            }
            if (end == 0) {
                throw invalid("port", value);
            }
            String digits = new String(codePoints, 0, end).replaceFirst("^0+(?=.)", "");
            if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                throw invalid("port", value);
            }
            return digits;
        }
    },
    /** A hierarchical path: dot segments resolved, a backslash as a slash, the path percent-encode set applied. */
    PATHNAME {
        @Override
        String canonicalize(String value) {
            boolean leadingSlash = value.startsWith("/");
            // As the standard does, a fake leading segment keeps a piece without a leading slash (or starting
            // with dots) from being changed by the slash the path parser would otherwise add.
            String path = UrlParser.specialPath(leadingSlash ? value : "/-" + value);
            return leadingSlash ? path : path.substring(Math.min(2, path.length()));
        }
    },
    /** An opaque path: up to any '?' or '#', percent-encoded with the C0 control percent-encode set. */
    OPAQUE_PATHNAME {
        @Override
        String canonicalize(String value) {
            int[] codePoints = UrlParser.codePoints(value);
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < codePoints.length && codePoints[i] != '?' && codePoints[i] != '#'; i++) {
                boolean beforeQueryOrFragment = i + 1 < codePoints.length
                        && (codePoints[i + 1] == '?' || codePoints[i + 1] == '#');
                if (codePoints[i] == ' ' && beforeQueryOrFragment) {
                    result.append("%20");
                } else {
                    PercentEncodeSet.C0_CONTROL.append(result, codePoints[i]);
                }
            }
            return result.toString();
        }
    },
    /** A query: percent-encoded with the special-query percent-encode set. */
    SEARCH {
        @Override
        String canonicalize(String value) {
            int[] codePoints = UrlParser.codePoints(value);
            return PercentEncodeSet.SPECIAL_QUERY.encode(new String(codePoints, 0, codePoints.length));
        }
    },
    /** A fragment: percent-encoded with the fragment percent-encode set. */
    HASH {
        @Override
        String canonicalize(String value) {
            int[] codePoints = UrlParser.codePoints(value);
            return PercentEncodeSet.FRAGMENT.encode(new String(codePoints, 0, codePoints.length));
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
}
