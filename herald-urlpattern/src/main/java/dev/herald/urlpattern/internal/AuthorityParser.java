package dev.herald.urlpattern.internal;

/**
 * The URL Standard's authority, host and port states, read in one pass: everything up to the first {@code /},
 * {@code ?}, {@code #} (or {@code \} in a special URL) is the authority; up to its last {@code @} are the username
 * and password (split at the first {@code :}, encoded with the userinfo percent-encode set); then the host, and a
 * port after a {@code :} outside brackets.
 */
final class AuthorityParser {

    private AuthorityParser() {
    }

    /**
     * Reads the authority starting at {@code start} into {@code url}.
     *
     * @return where the authority ends (the index of the path's first code point), or -1 when it is invalid
     */
    static int parse(int[] input, int start, UrlBuilder url) {
        boolean special = url.special();
        int end = start;
        int lastAt = -1;
        while (end < input.length && !endsAuthority(input[end], special)) {
            if (input[end] == '@') {
                lastAt = end;
            }
            end++;
        }
        int hostStart = start;
        if (lastAt >= 0) {
            boolean passwordTokenSeen = false;
            for (int i = start; i < lastAt; i++) {
                if (input[i] == ':' && !passwordTokenSeen) {
                    passwordTokenSeen = true;
                } else {
                    PercentEncodeSet.USERINFO.append(passwordTokenSeen ? url.password : url.username, input[i]);
                }
            }
            hostStart = lastAt + 1;
            if (hostStart == end) {
                return -1;
            }
        }
        int colon = -1;
        boolean insideBrackets = false;
        for (int i = hostStart; i < end && colon < 0; i++) {
            if (input[i] == '[') {
                insideBrackets = true;
            } else if (input[i] == ']') {
                insideBrackets = false;
            } else if (input[i] == ':' && !insideBrackets) {
                colon = i;
            }
        }
        int hostEnd = colon >= 0 ? colon : end;
        if (hostEnd == hostStart && (colon >= 0 || special)) {
            return -1;
        }
        url.host = HostParser.parse(new String(input, hostStart, hostEnd - hostStart), special).orElse(null);
        if (url.host == null || colon >= 0 && !port(input, colon + 1, end, url)) {
            return -1;
        }
        return end;
    }

    /** The port state: digits only, at most 65535, omitted when it is the scheme's default. */
    private static boolean port(int[] input, int from, int to, UrlBuilder url) {
        long value = 0;
        for (int i = from; i < to; i++) {
            if (input[i] < '0' || input[i] > '9') {
                return false;
            }
            value = value * 10 + input[i] - '0';
            if (value > 65535) {
                return false;
            }
        }
        if (to > from) {
            url.port = SpecialScheme.isDefaultPort(url.scheme, (int) value) ? -1 : (int) value;
        }
        return true;
    }

    private static boolean endsAuthority(int c, boolean special) {
        return c == '/' || c == '?' || c == '#' || special && c == '\\';
    }
}
