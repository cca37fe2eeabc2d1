package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A regular expression as a tree, built by the URL pattern compiler before it is written out for RE2/J. Keeping the
 * tree (rather than a string) lets the compiler measure what the expression will cost before compiling it. Only the
 * constructs RE2 runs in linear time exist here.
 */
sealed interface RegexNode {

    /** Matches only the empty string. */
    RegexNode EMPTY = new Sequence(List.of());
    /** Matches nothing. */
    RegexNode NOTHING = new Choice(List.of());
    /** Past this many characters of RE2 syntax, writing stops: the pattern is refused as too complex. */
    int MAX_RE2_LENGTH = 256 * 1024;
    /**
     * About how many instructions RE2 compiles the expression to, counting each counted repetition as copies of
     * its body: what a match costs per character of input.
     */
    long programSize();

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
        for (RegexNode item : items) {
            if (isNothing(item)) {
                return NOTHING;
            }
            if (item instanceof Sequence sequence) {
                flat.addAll(sequence.items());
            } else {
                flat.add(item);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Sequence(List.copyOf(flat));
    }

    static RegexNode choice(RegexNode... options) {
        return choice(List.of(options));
    }

    /** An alternation, flattened, without options that match nothing or that are the very same node. */
    static RegexNode choice(List<RegexNode> options) {
        List<RegexNode> flat = new ArrayList<>();
        for (RegexNode option : options) {
            List<RegexNode> parts = option instanceof Choice choice ? choice.options() : List.of(option);
            for (RegexNode part : parts) {
                // Identity, not equality: comparing whole trees would cost more than a duplicate option does.
                if (flat.stream().noneMatch(existing -> existing == part)) {
                    flat.add(part);
                }
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Choice(List.copyOf(flat));
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
        public long programSize() {
            return 1;
        }

        @Override
        public void appendRe2(StringBuilder out) {
            set.appendRe2(out);
        }
    }

    /** A concatenation. */
    record Sequence(List<RegexNode> items) implements RegexNode {
        @Override
        public long programSize() {
            long size = 0;
            for (RegexNode item : items) {
                size += item.programSize();
            }
            return size;
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

    /** An alternation. */
    record Choice(List<RegexNode> options) implements RegexNode {
        @Override
        public long programSize() {
            long size = options.size();
            for (RegexNode option : options) {
                size += option.programSize();
            }
            return size;
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
        public long programSize() {
            return body.programSize() * (max < 0 ? Math.max(min, 1) : max) + 1;
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
