package dev.herald.urlpattern.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an RFC 6570 URI template, as Mercure 0.x subscribers send in {@code topic} and put in their tokens'
 * {@code mercure} claims, into an RE2/J pattern whose full match of a topic decides whether the topic matches.
 *
 * <p>The semantics are the Mercure reference hub's: a topic matches a template when it is the template string
 * itself, or when it matches the expression the hub derives from the template (with the Go library
 * {@code yosida95/uritemplate}), which this class derives the same way:
 * <ul>
 *   <li>literal text matches itself;</li>
 *   <li>every expression is optional as a whole (an undefined variable expands to nothing), and starts with its
 *       operator's first string ({@code . / ; ? & #}) when present;</li>
 *   <li>a variable's value is any run of unreserved characters (plus reserved ones for {@code +} and {@code #}),
 *       percent-encoded triplets, {@code ,} (list items) and, for the named operators {@code ;}, {@code ?},
 *       {@code &} and for exploded variables, {@code =};</li>
 *   <li>an expression with n variables allows up to n - 1 further values after the operator's separator, and any
 *       number when a variable is exploded ({@code *}); prefix lengths ({@code :3}) do not constrain matching.</li>
 * </ul>
 * All four levels of RFC 6570 are accepted; {@link IllegalArgumentException} is thrown for anything that is not a
 * template (unbalanced braces, characters not allowed in literals, invalid variable names or prefix lengths, and the
 * reserved operators {@code = , ! @ |}), and, as implementation limits that keep matching cheap, for templates
 * longer than {@value #MAX_TEMPLATE_LENGTH} characters or with more than {@value #MAX_VARIABLES} variables in one
 * expression (each variable adds a copy of the value expression that every match runs through).
 */
public final class UriTemplatePattern {

    /** Longest template accepted. */
    public static final int MAX_TEMPLATE_LENGTH = 4096;
    /** Most variables accepted in one expression. */
    public static final int MAX_VARIABLES = 100;

    private static final String UNRESERVED = "\\x2d\\x2e\\x30-\\x39\\x41-\\x5a\\x5f\\x61-\\x7a\\x7e";
    private static final String RESERVED = "\\x21\\x23\\x24\\x26-\\x2c\\x2f\\x3a\\x3b\\x3d\\x3f\\x40\\x5b\\x5d";

    private UriTemplatePattern() {
    }

    /**
     * Compiles {@code template}.
     *
     * @throws IllegalArgumentException if {@code template} is not a valid RFC 6570 URI template
     */
    public static Pattern compile(String template) {
        if (template.length() > MAX_TEMPLATE_LENGTH) {
            throw new IllegalArgumentException("URI template longer than " + MAX_TEMPLATE_LENGTH + " characters");
        }
        int[] input = template.codePoints().toArray();
        StringBuilder expression = new StringBuilder("^(?:");
        int position = 0;
        while (position < input.length) {
            if (input[position] == '{') {
                position = expression(template, input, position, expression);
            } else {
                position = literal(template, input, position, expression);
            }
        }
        expression.append('|');
        for (int codePoint : input) {
            CodePointSet.appendLiteral(expression, codePoint);
        }
        expression.append(")$");
        try {
            return Pattern.compile(expression.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("URI template '" + template + "' cannot be compiled: "
                    + e.getDescription(), e);
        }
    }

    private static int literal(String template, int[] input, int position, StringBuilder out) {
        int codePoint = input[position];
        if (codePoint == '%') {
            requirePercentTriplet(template, input, position);
            for (int i = 0; i < 3; i++) {
                CodePointSet.appendLiteral(out, input[position + i]);
            }
            return position + 3;
        }
        if (!isLiteral(codePoint)) {
            throw invalid(template, position, codePoint == '}' ? "'}' without '{'" : "character not allowed");
        }
        CodePointSet.appendLiteral(out, codePoint);
        return position + 1;
    }

    private static int expression(String template, int[] input, int open, StringBuilder out) {
        int position = open + 1;
        if (position >= input.length) {
            throw invalid(template, open, "unclosed expression");
        }
        Operator operator = Operator.of(input[position]);
        if (operator == null) {
            throw invalid(template, position, "reserved operator '" + Character.toString(input[position]) + "'");
        }
        if (operator != Operator.SIMPLE) {
            position++;
        }
        List<Boolean> exploded = new ArrayList<>();
        while (true) {
            position = variableName(template, input, position);
            boolean explode = false;
            if (position < input.length && input[position] == '*') {
                explode = true;
                position++;
            } else if (position < input.length && input[position] == ':') {
                position = prefixLength(template, input, position + 1);
            }
            exploded.add(explode);
            if (exploded.size() > MAX_VARIABLES) {
                throw invalid(template, open, "more than " + MAX_VARIABLES + " variables in one expression");
            }
            if (position >= input.length) {
                throw invalid(template, open, "unclosed expression");
            }
            if (input[position] == '}') {
                position++;
                break;
            }
            if (input[position] != ',') {
                throw invalid(template, position, "invalid variable list");
            }
            position++;
        }
        operator.appendExpression(out, exploded);
        return position;
    }

    private static int variableName(String template, int[] input, int start) {
        int position = start;
        while (position < input.length) {
            int codePoint = input[position];
            if (codePoint == '%') {
                requirePercentTriplet(template, input, position);
                position += 3;
            } else if (codePoint == '.') {
                if (position == start || input[position - 1] == '.') {
                    throw invalid(template, position, "invalid variable name");
                }
                position++;
            } else if (isVarchar(codePoint)) {
                position++;
            } else {
                break;
            }
        }
        if (position == start || input[position - 1] == '.') {
            throw invalid(template, position, "invalid variable name");
        }
        return position;
    }

    private static int prefixLength(String template, int[] input, int start) {
        int position = start;
        int length = 0;
        while (position < input.length && input[position] >= '0' && input[position] <= '9') {
            length = length * 10 + input[position] - '0';
            if (length == 0 || length > 9999) {
                throw invalid(template, position, "prefix length must be from 1 to 9999");
            }
            position++;
        }
        if (position == start) {
            throw invalid(template, position, "prefix length must be from 1 to 9999");
        }
        return position;
    }

    private static void requirePercentTriplet(String template, int[] input, int position) {
        if (position + 2 >= input.length || !isHex(input[position + 1]) || !isHex(input[position + 2])) {
            throw invalid(template, position, "'%' not followed by two hexadecimal digits");
        }
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isVarchar(int c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    /** RFC 6570's literals: printable ASCII except space " ' % &lt; &gt; \ ^ ` { | }, plus ucschar and iprivate. */
    private static boolean isLiteral(int c) {
        if (c < 0x80) {
            return c > 0x20 && c < 0x7F && "\"'%<>\\^`{|}".indexOf(c) < 0;
        }
        return c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFDCF || c >= 0xFDF0 && c <= 0xFFEF
                || c >= 0x10000 && c <= 0x10FFFD && (c & 0xFFFF) <= 0xFFFD && !(c >= 0xE0000 && c < 0xE1000);
    }

    private static IllegalArgumentException invalid(String template, int position, String reason) {
        return new IllegalArgumentException(
                "invalid URI template '" + template + "' at offset " + position + ": " + reason);
    }

    /** RFC 6570's expression operators, with what the matching expression needs of each. */
    private enum Operator {
        SIMPLE("", ",", false, false),
        RESERVED_EXPANSION("", ",", false, true),
        FRAGMENT("#", ",", false, true),
        LABEL(".", ".", false, false),
        PATH_SEGMENT("/", "/", false, false),
        PATH_PARAMETER(";", ";", true, false),
        QUERY("?", "&", true, false),
        QUERY_CONTINUATION("&", "&", true, false);

        private final String first;
        private final String separator;
        private final boolean named;
        private final boolean allowReserved;

        Operator(String first, String separator, boolean named, boolean allowReserved) {
            this.first = first;
            this.separator = separator;
            this.named = named;
            this.allowReserved = allowReserved;
        }

        /** The operator starting an expression, SIMPLE when none does, null for a reserved one. */
        static Operator of(int codePoint) {
            return switch (codePoint) {
                case '+' -> RESERVED_EXPANSION;
                case '#' -> FRAGMENT;
                case '.' -> LABEL;
                case '/' -> PATH_SEGMENT;
                case ';' -> PATH_PARAMETER;
                case '?' -> QUERY;
                case '&' -> QUERY_CONTINUATION;
                case '=', ',', '!', '@', '|' -> null;
                default -> SIMPLE;
            };
        }

        void appendExpression(StringBuilder out, List<Boolean> exploded) {
            boolean anyExploded = exploded.contains(Boolean.TRUE);
            if (!first.isEmpty()) {
                out.append("(?:");
                appendQuoted(out, first);
            }
            out.append("(?:");
            appendValue(out, named || exploded.get(0));
            if (exploded.size() > 1 || exploded.get(0)) {
                out.append("(?:");
                appendQuoted(out, separator);
                appendValue(out, named || anyExploded);
                out.append(')');
                if (anyExploded) {
                    out.append('*');
                } else {
                    out.append("{0,").append(exploded.size() - 1).append('}');
                }
            }
            out.append(')');
            if (!first.isEmpty()) {
                out.append(')');
            }
            out.append('?');
        }

        private void appendValue(StringBuilder out, boolean withEquals) {
            out.append("(?:(?:[");
            if (!allowReserved) {
                out.append("\\x2c");
                if (withEquals) {
                    out.append("\\x3d");
                }
            }
            out.append(UNRESERVED);
            if (allowReserved) {
                out.append(RESERVED);
            }
            out.append("]|%[0-9A-Fa-f][0-9A-Fa-f])*)");
        }

        private static void appendQuoted(StringBuilder out, String text) {
            text.codePoints().forEach(codePoint -> CodePointSet.appendLiteral(out, codePoint));
        }
    }
}
