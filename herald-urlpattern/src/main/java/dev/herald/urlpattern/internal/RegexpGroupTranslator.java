package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the body of a URL pattern regexp group, written in ECMAScript syntax and compiled by the standard with
 * the {@code v} flag, into a {@link RegexNode}.
 *
 * <p>The supported syntax is everything RE2 can run in linear time: alternation, concatenation, non-capturing and
 * named groups, greedy and lazy quantifiers, {@code .}, character escapes, {@code \d \D \w \W \s \S}, and
 * {@code v}-mode classes with ranges, nested classes, intersection ({@code &&}) and subtraction ({@code --}).
 * Rejected, with an {@link IllegalArgumentException}: backreferences and lookaround (RE2 cannot run them), and
 * constructs whose meaning depends on the component being matched alone: {@code ^}, {@code $}, {@code \b},
 * {@code \B}; plus Unicode property escapes, {@code \q{...}} and inline modifiers, which this translator does not
 * implement. Group names and laziness are accepted and ignored: only whether the whole component matches is decided.
 */
final class RegexpGroupTranslator {

    private static final String SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|";
    private static final String CLASS_SET_SYNTAX_CHARACTERS = "()[]{}/-\\|";
    private static final String CLASS_SET_RESERVED_PUNCTUATORS = "&-!#%,:;<=>@`~";
    private static final String CLASS_SET_RESERVED_DOUBLE_PUNCTUATORS = "&!#$%*+,.:;<=>?@^`~";
    private static final int MAX_REPEAT = 1000;
    /** Deeper nesting of groups and classes is refused: recursion here and in RE2/J must stay shallow. */
    private static final int MAX_NESTING = 32;

    private final String source;
    private int position;
    private int nesting;

    private RegexpGroupTranslator(String source) {
        this.source = source;
    }

    /** Translates {@code source}. */
    static RegexNode translate(String source) {
        RegexpGroupTranslator translator = new RegexpGroupTranslator(source);
        RegexNode node = translator.disjunction();
        if (translator.position < source.length()) {
            throw translator.error("unbalanced ')'");
        }
        return node;
    }

    private RegexNode disjunction() {
        List<RegexNode> options = new ArrayList<>();
        options.add(alternative());
        while (peek() == '|') {
            position++;
            options.add(alternative());
        }
        return RegexNode.choice(options);
    }

    private RegexNode alternative() {
        List<RegexNode> terms = new ArrayList<>();
        while (position < source.length() && peek() != '|' && peek() != ')') {
            terms.add(term());
        }
        return RegexNode.sequence(terms);
    }

    private RegexNode term() {
        RegexNode atom = atom();
        int c = peek();
        int min;
        int max;
        if (c == '*') {
            min = 0;
            max = -1;
            position++;
        } else if (c == '+') {
            min = 1;
            max = -1;
            position++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            position++;
        } else if (c == '{') {
            int[] bounds = braceQuantifier();
            min = bounds[0];
            max = bounds[1];
        } else {
            return atom;
        }
        if (peek() == '?') {
            position++; // lazy: the same set of matches
        }
        return RegexNode.repeat(atom, min, max);
    }

    private int[] braceQuantifier() {
        position++; // {
        int min = decimal();
        int max = min;
        if (peek() == ',') {
            position++;
            max = peek() == '}' ? -1 : decimal();
        }
        if (peek() != '}') {
            throw error("incomplete quantifier");
        }
        position++;
        if (max >= 0 && max < min) {
            throw error("numbers out of order in quantifier");
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT) {
            throw error("repetition count above " + MAX_REPEAT);
        }
        return new int[] {min, max};
    }

    private int decimal() {
        int start = position;
        long value = 0;
        while (isDigit(peek())) {
            value = Math.min(value * 10 + (source.charAt(position) - '0'), Integer.MAX_VALUE);
            position++;
        }
        if (position == start) {
            throw error("incomplete quantifier");
        }
        return (int) value;
    }

    private RegexNode atom() {
        int c = peek();
        switch (c) {
            case '(':
                return group();
            case '[':
                enter();
                return RegexNode.chars(characterClass());
            case '.':
                position++;
                return RegexNode.chars(CodePointSet.LINE_TERMINATORS.complement());
            case '\\':
                position++;
                return RegexNode.chars(atomEscape());
            case '^':
            case '$':
                throw error("anchors are not supported inside a URL pattern regexp group");
            case '*':
            case '+':
            case '?':
            case '{':
                throw error("nothing to repeat");
            case ')':
            case ']':
            case '}':
                throw error("lone '" + (char) c + "'");
            default:
                position++;
                return RegexNode.chars(CodePointSet.of(c));
        }
    }

    private RegexNode group() {
        enter();
        if (peek() == '?') {
            position++;
            int kind = peek();
            if (kind == ':') {
                position++;
            } else if (kind == '<' && position + 1 < source.length() && source.charAt(position + 1) != '='
                    && source.charAt(position + 1) != '!') {
                int close = source.indexOf('>', position);
                if (close < 0 || close == position + 1) {
                    throw error("invalid group name");
                }
                position = close + 1;
            } else if (kind == '=' || kind == '!' || kind == '<') {
                throw error("lookaround assertions are not supported (RE2 cannot run them in linear time)");
            } else {
                throw error("unsupported group syntax '(?" + (kind < 0 ? "" : Character.toString(kind)) + "'");
            }
        }
        RegexNode inner = disjunction();
        if (peek() != ')') {
            throw error("missing ')'");
        }
        position++;
        nesting--;
        return inner;
    }

    /** Steps over the opening '(' or '[' of a nested construct. */
    private void enter() {
        position++;
        if (++nesting > MAX_NESTING) {
            throw error("groups or classes nested more than " + MAX_NESTING + " deep");
        }
    }

    private CodePointSet atomEscape() {
        int c = next("\\ at end of pattern");
        switch (c) {
            case 'b':
            case 'B':
                throw error("word boundaries are not supported inside a URL pattern regexp group");
            case 'k':
                throw error("backreferences are not supported (RE2 cannot run them in linear time)");
            default:
                if (c >= '1' && c <= '9') {
                    throw error("backreferences are not supported (RE2 cannot run them in linear time)");
                }
                CodePointSet classEscape = classEscape(c);
                if (classEscape != null) {
                    return classEscape;
                }
                return CodePointSet.of(characterEscape(c, false));
        }
    }

    /** The set of {@code \d}-style escapes, or null when {@code c} is not one. */
    private CodePointSet classEscape(int c) {
        switch (c) {
            case 'd':
                return CodePointSet.DIGITS;
            case 'D':
                return CodePointSet.DIGITS.complement();
            case 'w':
                return CodePointSet.WORD;
            case 'W':
                return CodePointSet.WORD.complement();
            case 's':
                return CodePointSet.JS_SPACE;
            case 'S':
                return CodePointSet.JS_SPACE.complement();
            case 'p':
            case 'P':
                throw error("Unicode property escapes are not supported");
            default:
                return null;
        }
    }

    /** The code point of a CharacterEscape whose letter {@code c} was just read. */
    private int characterEscape(int c, boolean inClass) {
        switch (c) {
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0B;
            case 'c': {
                int letter = next("\\c at end of pattern");
                if (!(letter >= 'a' && letter <= 'z' || letter >= 'A' && letter <= 'Z')) {
                    throw error("invalid \\c escape");
                }
                return letter % 32;
            }
            case '0':
                if (isDigit(peek())) {
                    throw error("invalid decimal escape");
                }
                return 0;
            case 'x':
                return hex(2);
            case 'u':
                return unicodeEscape();
            default:
                if (SYNTAX_CHARACTERS.indexOf(c) >= 0 || c == '/'
                        || inClass && (CLASS_SET_RESERVED_PUNCTUATORS.indexOf(c) >= 0)) {
                    return c;
                }
                throw error("invalid escape '\\" + Character.toString(c) + "'");
        }
    }

    private int unicodeEscape() {
        if (peek() == '{') {
            position++;
            int start = position;
            long value = 0;
            while (isHex(peek())) {
                value = Math.min(value * 16 + Character.digit(source.charAt(position), 16), Integer.MAX_VALUE);
                position++;
            }
            if (position == start || peek() != '}' || value > CodePointSet.MAX_CODE_POINT) {
                throw error("invalid Unicode escape");
            }
            position++;
            return (int) value;
        }
        int unit = hex(4);
        if (Character.isHighSurrogate((char) unit) && source.startsWith("\\u", position)
                && position + 6 <= source.length()) {
            int saved = position;
            position += 2;
            int low = hex(4);
            if (Character.isLowSurrogate((char) low)) {
                return Character.toCodePoint((char) unit, (char) low);
            }
            position = saved;
        }
        return unit;
    }

    private int hex(int digits) {
        if (position + digits > source.length()) {
            throw error("invalid escape");
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int c = source.charAt(position++);
            if (!isHex(c)) {
                throw error("invalid escape");
            }
            value = value * 16 + Character.digit(c, 16);
        }
        return value;
    }

    /** Parses a {@code v}-mode class after its '[' up to and including its ']'. */
    private CodePointSet characterClass() {
        boolean negated = false;
        if (peek() == '^') {
            negated = true;
            position++;
        }
        CodePointSet result;
        if (peek() == ']') {
            result = CodePointSet.EMPTY;
        } else {
            ClassOperand first = classOperand(true);
            if (source.startsWith("&&", position)) {
                result = first.set;
                while (source.startsWith("&&", position)) {
                    position += 2;
                    if (peek() == '&') {
                        throw error("invalid set operation in character class");
                    }
                    result = result.intersect(classOperand(false).set);
                }
            } else if (source.startsWith("--", position)) {
                result = first.set;
                while (source.startsWith("--", position)) {
                    position += 2;
                    result = result.minus(classOperand(false).set);
                }
            } else {
                result = first.set;
                while (peek() != ']') {
                    if (peek() < 0) {
                        throw error("missing ']'");
                    }
                    if (source.startsWith("&&", position) || source.startsWith("--", position)) {
                        throw error("invalid set operation in character class");
                    }
                    result = result.union(classOperand(true).set);
                }
            }
        }
        if (peek() != ']') {
            throw error("missing ']'");
        }
        position++;
        nesting--;
        return negated ? result.complement() : result;
    }

    /** One class operand: a nested class, a class escape, a character or (where allowed) a range. */
    private ClassOperand classOperand(boolean rangeAllowed) {
        int c = peek();
        if (c < 0) {
            throw error("missing ']'");
        }
        if (c == '[') {
            enter();
            return new ClassOperand(characterClass(), -1);
        }
        int character;
        if (c == '\\') {
            position++;
            int escaped = next("\\ at end of pattern");
            if (escaped == 'q') {
                throw error("\\q{...} string alternatives are not supported");
            }
            CodePointSet classEscape = classEscape(escaped);
            if (classEscape != null) {
                return new ClassOperand(classEscape, -1);
            }
            character = escaped == 'b' ? '\b' : characterEscape(escaped, true);
        } else {
            if (CLASS_SET_SYNTAX_CHARACTERS.indexOf(c) >= 0) {
                throw error("'" + (char) c + "' must be escaped in a character class");
            }
            if (CLASS_SET_RESERVED_DOUBLE_PUNCTUATORS.indexOf(c) >= 0 && position + 1 < source.length()
                    && source.charAt(position + 1) == c) {
                throw error("reserved double punctuator in character class");
            }
            position++;
            character = c;
        }
        if (rangeAllowed && peek() == '-' && !source.startsWith("--", position)) {
            position++;
            ClassOperand last = classOperand(false);
            if (last.character < 0 || last.character < character) {
                throw error("invalid character class range");
            }
            return new ClassOperand(CodePointSet.range(character, last.character), -1);
        }
        return new ClassOperand(CodePointSet.of(character), character);
    }

    /** A class operand's set and, when it is a single character (a possible range end), that character. */
    private record ClassOperand(CodePointSet set, int character) {
    }

    private int peek() {
        return position < source.length() ? source.charAt(position) : -1;
    }

    private int next(String endMessage) {
        if (position >= source.length()) {
            throw error(endMessage);
        }
        return source.charAt(position++);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(
                "invalid regexp group (" + source + ") at offset " + position + ": " + message);
    }
}
