package dev.herald.hub.internal.mercure;

/**
 * The characters Mercure forbids in topics, topic matchers, update ids and event types: C0 controls
 * (U+0000-U+001F), DEL, C1 controls (U+0080-U+009F), and Unicode format characters (general category Cf, such as
 * U+200B ZERO WIDTH SPACE or U+202E RIGHT-TO-LEFT OVERRIDE). Controls could inject SSE fields or headers; format
 * characters are invisible and let one identifier pass for another. One rule, for every place a hub reads these.
 */
final class ForbiddenCharacters {

    private ForbiddenCharacters() {
    }

    /** Whether {@code text} contains a forbidden character. */
    static boolean in(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F || c > 0x9F && Character.getType(c) == Character.FORMAT) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }
}
