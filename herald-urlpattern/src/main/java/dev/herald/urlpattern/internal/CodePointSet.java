package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of Unicode code points, kept as sorted, disjoint, non-adjacent closed ranges: a character class
 * of a URL pattern's regular expressions, with the set algebra that ECMAScript's {@code v}-mode classes need.
 */
final class CodePointSet {

    static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    static final CodePointSet ALL = new CodePointSet(new int[] {0, MAX_CODE_POINT});
    static final CodePointSet DIGITS = range('0', '9');
    static final CodePointSet WORD = of('_').union(range('0', '9')).union(range('A', 'Z')).union(range('a', 'z'));
    /** ECMAScript's WhiteSpace and LineTerminator, which {@code \s} matches (wider than RE2's {@code \s}). */
    static final CodePointSet JS_SPACE = of('\t', '\n', 0x0B, '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029,
            0x202F, 0x205F, 0x3000, 0xFEFF).union(range(0x2000, 0x200A));
    /** ECMAScript's LineTerminator, which {@code .} does not match without the {@code s} flag. */
    static final CodePointSet LINE_TERMINATORS = of('\n', '\r', 0x2028, 0x2029);

    /** Pairs: ranges[2i] is the first code point of range i, ranges[2i + 1] the last. */
    private final int[] ranges;

    private CodePointSet(int[] ranges) {
        this.ranges = ranges;
    }

    static CodePointSet of(int... codePoints) {
        CodePointSet result = EMPTY;
        for (int codePoint : codePoints) {
            result = result.union(range(codePoint, codePoint));
        }
        return result;
    }

    static CodePointSet of(String codePoints) {
        return of(codePoints.codePoints().toArray());
    }

    static CodePointSet range(int first, int last) {
        if (first > last) {
            throw new IllegalArgumentException("range out of order");
        }
        return new CodePointSet(new int[] {first, last});
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    boolean contains(int codePoint) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (codePoint < ranges[i]) {
                return false;
            }
            if (codePoint <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The only code point of a one-element set, or -1. */
    int single() {
        return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
    }

    CodePointSet union(CodePointSet other) {
        int[] merged = new int[ranges.length + other.ranges.length];
        System.arraycopy(ranges, 0, merged, 0, ranges.length);
        System.arraycopy(other.ranges, 0, merged, ranges.length, other.ranges.length);
        return normalized(merged);
    }

    CodePointSet complement() {
        List<Integer> result = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                result.add(next);
                result.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            result.add(next);
            result.add(MAX_CODE_POINT);
        }
        return new CodePointSet(result.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePointSet intersect(CodePointSet other) {
        return complement().union(other.complement()).complement();
    }

    CodePointSet minus(CodePointSet other) {
        return intersect(other.complement());
    }

    /** Writes the set as an RE2 character class (or a lone escaped literal), matching nothing when empty. */
    void appendRe2(StringBuilder out) {
        int single = single();
        if (single >= 0) {
            appendLiteral(out, single);
            return;
        }
        if (isEmpty()) {
            out.append("[^\\x00-\\x{10FFFF}]");
            return;
        }
        out.append('[');
        for (int i = 0; i < ranges.length; i += 2) {
            appendClassMember(out, ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                out.append('-');
                appendClassMember(out, ranges[i + 1]);
            }
        }
        out.append(']');
    }

    static void appendLiteral(StringBuilder out, int codePoint) {
        if (codePoint < 0x80 && Character.isLetterOrDigit(codePoint)) {
            out.append((char) codePoint);
        } else {
            appendClassMember(out, codePoint);
        }
    }

    private static void appendClassMember(StringBuilder out, int codePoint) {
        out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
    }

    private static CodePointSet normalized(int[] unsorted) {
        int count = unsorted.length / 2;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(unsorted[2 * a], unsorted[2 * b]));
        List<Integer> result = new ArrayList<>();
        for (int index : order) {
            int first = unsorted[2 * index];
            int last = unsorted[2 * index + 1];
            int size = result.size();
            if (size > 0 && first <= result.get(size - 1) + 1) {
                result.set(size - 1, Math.max(last, result.get(size - 1)));
            } else {
                result.add(first);
                result.add(last);
            }
        }
        return new CodePointSet(result.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodePointSet set && Arrays.equals(ranges, set.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendRe2(out);
        return out.toString();
    }
}
