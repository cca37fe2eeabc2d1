package dev.herald.urlpattern.internal;

import dev.herald.urlpattern.internal.UrlPatternToken.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL Pattern standard's tokenizer. Positions are code point offsets, as in the standard. The strict policy
 * rejects what the lenient policy turns into {@link Type#INVALID_CHAR} tokens; the constructor string parser uses
 * the lenient one, each component's pattern parser the strict one.
 */
final class UrlPatternTokenizer {

    private final int[] input;
    private final boolean lenient;
    private final List<UrlPatternToken> tokens = new ArrayList<>();
    private int index;
    private int nextIndex;
    private int codePoint;

    private UrlPatternTokenizer(String input, boolean lenient) {
        this.input = input.codePoints().toArray();
        this.lenient = lenient;
    }

    static List<UrlPatternToken> tokenize(String input, boolean lenient) {
        UrlPatternTokenizer tokenizer = new UrlPatternTokenizer(input, lenient);
        tokenizer.run();
        return List.copyOf(tokenizer.tokens);
    }

    /** The code points of {@code input} from {@code start} to {@code end} (exclusive), both code point offsets. */
    static String codePointSubstring(String input, int start, int end) {
        int from = input.offsetByCodePoints(0, start);
        int to = input.offsetByCodePoints(from, end - start);
        return input.substring(from, to);
    }

    private void run() {
        while (index < input.length) {
            seekAndGetNextCodePoint(index);
            if (codePoint == '*') {
                addToken(Type.ASTERISK);
            } else if (codePoint == '+' || codePoint == '?') {
                addToken(Type.OTHER_MODIFIER);
            } else if (codePoint == '\\') {
                escapedChar();
            } else if (codePoint == '{') {
                addToken(Type.OPEN);
            } else if (codePoint == '}') {
                addToken(Type.CLOSE);
            } else if (codePoint == ':') {
                name();
            } else if (codePoint == '(') {
                regexp();
            } else {
                addToken(Type.CHAR);
            }
        }
        addToken(Type.END, index, index, 0);
    }

    private void escapedChar() {
        if (index == input.length - 1) {
            tokenizingError(nextIndex, index);
            return;
        }
        int escapedIndex = nextIndex;
        getNextCodePoint();
        addToken(Type.ESCAPED_CHAR, nextIndex, escapedIndex, nextIndex - escapedIndex);
    }

    private void name() {
        int namePosition = nextIndex;
        int nameStart = namePosition;
        while (namePosition < input.length) {
            seekAndGetNextCodePoint(namePosition);
            if (!isValidNameCodePoint(codePoint, namePosition == nameStart)) {
                break;
            }
            namePosition = nextIndex;
        }
        if (namePosition <= nameStart) {
            tokenizingError(nameStart, index);
            return;
        }
        addToken(Type.NAME, namePosition, nameStart, namePosition - nameStart);
    }

    private void regexp() {
        int depth = 1;
        int regexpPosition = nextIndex;
        int regexpStart = regexpPosition;
        boolean error = false;
        while (regexpPosition < input.length) {
            seekAndGetNextCodePoint(regexpPosition);
            if (codePoint > 0x7F || regexpPosition == regexpStart && codePoint == '?') {
                error = true;
                break;
            }
            if (codePoint == '\\') {
                if (regexpPosition == input.length - 1) {
                    error = true;
                    break;
                }
                getNextCodePoint();
                if (codePoint > 0x7F) {
                    error = true;
                    break;
                }
                regexpPosition = nextIndex;
                continue;
            }
            if (codePoint == ')') {
                depth--;
                if (depth == 0) {
                    regexpPosition = nextIndex;
                    break;
                }
            } else if (codePoint == '(') {
                depth++;
                if (regexpPosition == input.length - 1) {
                    error = true;
                    break;
                }
                int temporaryPosition = nextIndex;
                getNextCodePoint();
                if (codePoint != '?') {
                    error = true;
                    break;
                }
                nextIndex = temporaryPosition;
            }
            regexpPosition = nextIndex;
        }
        if (error || depth != 0) {
            tokenizingError(regexpStart, index);
            return;
        }
        int regexpLength = regexpPosition - regexpStart - 1;
        if (regexpLength == 0) {
            tokenizingError(regexpStart, index);
            return;
        }
        addToken(Type.REGEXP, regexpPosition, regexpStart, regexpLength);
    }

    private void tokenizingError(int nextPosition, int valuePosition) {
        if (!lenient) {
            throw new IllegalArgumentException("invalid URL pattern syntax at offset " + valuePosition);
        }
        addToken(Type.INVALID_CHAR, nextPosition, valuePosition, nextPosition - valuePosition);
    }

    private void getNextCodePoint() {
        codePoint = input[nextIndex];
        nextIndex++;
    }

    private void seekAndGetNextCodePoint(int position) {
        nextIndex = position;
        getNextCodePoint();
    }

    private void addToken(Type type) {
        addToken(type, nextIndex, index, nextIndex - index);
    }

    private void addToken(Type type, int nextPosition, int valuePosition, int valueLength) {
        String value = new String(input, valuePosition, valueLength);
        tokens.add(new UrlPatternToken(type, index, value));
        index = nextPosition;
    }

    /** ECMAScript's IdentifierStart (first) or IdentifierPart (otherwise). */
    static boolean isValidNameCodePoint(int codePoint, boolean first) {
        if (codePoint == '$' || codePoint == '_') {
            return true;
        }
        if (first) {
            return Character.isUnicodeIdentifierStart(codePoint);
        }
        if (codePoint == 0x200C || codePoint == 0x200D) {
            return true;
        }
        // Java counts format and control characters as identifier parts; ECMAScript does not.
        return Character.isUnicodeIdentifierPart(codePoint) && !Character.isIdentifierIgnorable(codePoint);
    }
}
