package dev.herald.urlpattern.internal;

/** The URL Standard's tests on path segments: dot segments (also percent-encoded) and Windows drive letters. */
final class PathSegments {

    private PathSegments() {
    }

    /** {@code .} or {@code %2e}, in any case. */
    static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    /** {@code ..} written with dots, {@code %2e}, or both. */
    static boolean isDoubleDot(String segment) {
        return switch (segment.length()) {
            case 2 -> segment.equals("..");
            case 4 -> segment.equalsIgnoreCase(".%2e") || segment.equalsIgnoreCase("%2e.");
            case 6 -> segment.equalsIgnoreCase("%2e%2e");
            default -> false;
        };
    }

    /**
     * An ASCII letter then {@code :} or (unless {@code normalized}) {@code |}, and nothing else.
     */
    static boolean isWindowsDriveLetter(CharSequence text, boolean normalized) {
        return text.length() == 2 && isAsciiAlpha(text.charAt(0))
                && (text.charAt(1) == ':' || !normalized && text.charAt(1) == '|');
    }

    /** Whether the code points from {@code start} start with a Windows drive letter followed by an end or a slash. */
    static boolean startsWithWindowsDriveLetter(int[] input, int start) {
        if (input.length - start < 2 || !isAsciiAlpha(input[start])
                || input[start + 1] != ':' && input[start + 1] != '|') {
            return false;
        }
        if (input.length - start == 2) {
            return true;
        }
        int third = input[start + 2];
        return third == '/' || third == '\\' || third == '?' || third == '#';
    }

    static boolean isAsciiAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
