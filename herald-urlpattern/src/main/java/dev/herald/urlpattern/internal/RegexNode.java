package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A regular expression as a tree, built by the URL pattern compiler before it is written out for RE2/J. Keeping the
 * tree (rather than a string) lets the compiler ask what the expression can match, restrict its first character and
 * take its derivative: the operations it needs to keep a topic's authority and path from being split anywhere but
 * where a URL parser would split them. Only the constructs RE2 runs in linear time exist here, and every operation
 * returns a tree no more than linearly larger than its input.
 */
sealed interface RegexNode {

    /** Matches only the empty string. */
    RegexNode EMPTY = new Sequence(List.of(), true);
    /** Matches nothing. */
    RegexNode NOTHING = new Choice(List.of(), false);
    /** Past this many characters of RE2 syntax, writing stops: the pattern is refused as too complex. */
    int MAX_RE2_LENGTH = 256 * 1024;
    /**
     * Most nullable items a concatenation may start with when its first character is restricted: each one nests
     * the result one level deeper, and deep trees would exhaust the stack here and in RE2/J.
     */
    int MAX_NULLABLE_PREFIX = 64;

    /** Whether the empty string is in the language. */
    boolean nullable();

    /**
     * About how many instructions RE2 compiles the expression to, counting each counted repetition as copies of
     * its body: what a match costs per character of input.
     */
    long programSize();

    /** The non-empty strings of this language whose first code point is in {@code first}. */
    RegexNode restrictFirst(CodePointSet first);

    /** The strings {@code w} such that {@code codePoint} followed by {@code w} is in this language. */
    RegexNode derivative(int codePoint);

    /** The same language with every character class widened to both cases of ASCII letters. */
    RegexNode caseFolded();

    /**
     * Writes the expression in RE2 syntax, safe to concatenate with other output (a repeat groups its body).
     *
     * @throws IllegalArgumentException when the output passes {@link #MAX_RE2_LENGTH}
     */
    void appendRe2(StringBuilder out);

    static RegexNode chars(CodePointSet set) {
        return set.isEmpty() ? NOTHING : new Chars(set);
    }

    static RegexNode literal(String text) {
        List<RegexNode> items = new ArrayList<>();
        text.codePoints().forEach(codePoint -> items.add(new Chars(CodePointSet.of(codePoint))));
        return sequence(items);
    }

    static RegexNode sequence(RegexNode... items) {
        return sequence(List.of(items));
    }

    /** A concatenation, flattened, with empty items dropped; nothing when any item matches nothing. */
    static RegexNode sequence(List<RegexNode> items) {
        List<RegexNode> flat = new ArrayList<>();
        boolean nullable = true;
        for (RegexNode item : items) {
            if (isNothing(item)) {
                return NOTHING;
            }
            if (item instanceof Sequence sequence) {
                flat.addAll(sequence.items());
            } else {
                flat.add(item);
            }
            nullable &= item.nullable();
        }
        return flat.size() == 1 ? flat.get(0) : new Sequence(List.copyOf(flat), nullable);
    }

    static RegexNode choice(RegexNode... options) {
        return choice(List.of(options));
    }

    /** An alternation, flattened, without options that match nothing or that are the very same node. */
    static RegexNode choice(List<RegexNode> options) {
        List<RegexNode> flat = new ArrayList<>();
        boolean nullable = false;
        for (RegexNode option : options) {
            List<RegexNode> parts = option instanceof Choice choice ? choice.options() : List.of(option);
            for (RegexNode part : parts) {
                // Identity, not equality: comparing whole trees would cost more than a duplicate option does.
                if (flat.stream().noneMatch(existing -> existing == part)) {
                    flat.add(part);
                    nullable |= part.nullable();
                }
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Choice(List.copyOf(flat), nullable);
    }

    /** {@code body} repeated at least {@code min} and at most {@code max} times; {@code max} -1 is unbounded. */
    static RegexNode repeat(RegexNode body, int min, int max) {
        if (max == 0 || body instanceof Sequence sequence && sequence.items().isEmpty()) {
            return EMPTY;
        }
        if (isNothing(body)) {
            return min == 0 ? EMPTY : NOTHING;
        }
        if (min == 1 && max == 1) {
            return body;
        }
        return new Repeat(body, min, max);
    }

    static RegexNode optional(RegexNode body) {
        return repeat(body, 0, 1);
    }

    private static boolean isNothing(RegexNode node) {
        return node instanceof Choice choice && choice.options().isEmpty();
    }

    private static void requireRoom(StringBuilder out) {
        if (out.length() > MAX_RE2_LENGTH) {
            throw new IllegalArgumentException("pattern too complex: its regular expression passes "
                    + MAX_RE2_LENGTH + " characters");
        }
    }

    /** A set of single code points. */
    record Chars(CodePointSet set) implements RegexNode {
        @Override
        public boolean nullable() {
            return false;
        }

        @Override
        public long programSize() {
            return 1;
        }

        @Override
        public RegexNode restrictFirst(CodePointSet first) {
            return chars(set.intersect(first));
        }

        @Override
        public RegexNode derivative(int codePoint) {
            return set.contains(codePoint) ? EMPTY : NOTHING;
        }

        @Override
        public RegexNode caseFolded() {
            return new Chars(set.withAsciiCaseFolded());
        }

        @Override
        public void appendRe2(StringBuilder out) {
            set.appendRe2(out);
        }
    }

    /**
     * A concatenation.
     *
     * @param nullable whether every item is nullable, computed once by {@link #sequence(List)}
     */
    record Sequence(List<RegexNode> items, boolean nullable) implements RegexNode {
        @Override
        public long programSize() {
            long size = 0;
            for (RegexNode item : items) {
                size += item.programSize();
            }
            return size;
        }

        @Override
        public RegexNode restrictFirst(CodePointSet first) {
            return startingIn(item -> item.restrictFirst(first));
        }

        @Override
        public RegexNode derivative(int codePoint) {
            return startingIn(item -> item.derivative(codePoint));
        }

        /**
         * The union, over each item that can hold the first character (every item before it being nullable), of
         * {@code step} of that item followed by the items after it. Factored from the left, so that each item
         * appears at most twice: (((S1 I2 | S2) I3 | S3) I4 ...) rather than one copy of every suffix per item.
         */
        private RegexNode startingIn(UnaryOperator<RegexNode> step) {
            RegexNode result = NOTHING;
            for (int i = 0; i < items.size(); i++) {
                if (i > MAX_NULLABLE_PREFIX) {
                    throw new IllegalArgumentException("pattern too complex: more than " + MAX_NULLABLE_PREFIX
                            + " optional parts in a row");
                }
                RegexNode item = items.get(i);
                result = choice(sequence(result, item), step.apply(item));
                if (!item.nullable()) {
                    List<RegexNode> rest = new ArrayList<>();
                    rest.add(result);
                    rest.addAll(items.subList(i + 1, items.size()));
                    return sequence(rest);
                }
            }
            return result;
        }

        @Override
        public RegexNode caseFolded() {
            return sequence(items.stream().map(RegexNode::caseFolded).toList());
        }

        @Override
        public void appendRe2(StringBuilder out) {
            if (items.isEmpty()) {
                out.append("(?:)");
                return;
            }
            for (RegexNode item : items) {
                item.appendRe2(out);
                requireRoom(out);
            }
        }
    }

    /**
     * An alternation.
     *
     * @param nullable whether some option is nullable, computed once by {@link #choice(List)}
     */
    record Choice(List<RegexNode> options, boolean nullable) implements RegexNode {
        @Override
        public long programSize() {
            long size = options.size();
            for (RegexNode option : options) {
                size += option.programSize();
            }
            return size;
        }

        @Override
        public RegexNode restrictFirst(CodePointSet first) {
            return choice(options.stream().map(option -> option.restrictFirst(first)).toList());
        }

        @Override
        public RegexNode derivative(int codePoint) {
            return choice(options.stream().map(option -> option.derivative(codePoint)).toList());
        }

        @Override
        public RegexNode caseFolded() {
            return choice(options.stream().map(RegexNode::caseFolded).toList());
        }

        @Override
        public void appendRe2(StringBuilder out) {
            if (options.isEmpty()) {
                CodePointSet.EMPTY.appendRe2(out);
                return;
            }
            out.append("(?:");
            for (int i = 0; i < options.size(); i++) {
                if (i > 0) {
                    out.append('|');
                }
                options.get(i).appendRe2(out);
                requireRoom(out);
            }
            out.append(')');
        }
    }

    /** A bounded or unbounded repetition; {@code max} is -1 when unbounded. */
    record Repeat(RegexNode body, int min, int max) implements RegexNode {
        @Override
        public boolean nullable() {
            return min == 0 || body.nullable();
        }

        @Override
        public long programSize() {
            return body.programSize() * (max < 0 ? Math.max(min, 1) : max) + 1;
        }

        @Override
        public RegexNode restrictFirst(CodePointSet first) {
            // Empty iterations can be dropped, so a non-empty match starts in some iteration that is taken first.
            return sequence(body.restrictFirst(first), remaining());
        }

        @Override
        public RegexNode derivative(int codePoint) {
            return sequence(body.derivative(codePoint), remaining());
        }

        private RegexNode remaining() {
            return repeat(body, Math.max(min - 1, 0), max < 0 ? -1 : max - 1);
        }

        @Override
        public RegexNode caseFolded() {
            return repeat(body.caseFolded(), min, max);
        }

        @Override
        public void appendRe2(StringBuilder out) {
            out.append("(?:");
            body.appendRe2(out);
            out.append(')');
            if (min == 0 && max == 1) {
                out.append('?');
            } else if (min == 0 && max < 0) {
                out.append('*');
            } else if (min == 1 && max < 0) {
                out.append('+');
            } else if (max < 0) {
                out.append('{').append(min).append(",}");
            } else if (min == max) {
                out.append('{').append(min).append('}');
            } else {
                out.append('{').append(min).append(',').append(max).append('}');
            }
        }
    }
}
