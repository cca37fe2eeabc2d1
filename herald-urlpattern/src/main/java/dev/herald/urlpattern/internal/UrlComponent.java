package dev.herald.urlpattern.internal;

/**
 * The eight components of a URL, in serialization order, with what each can hold in a serialized URL.
 *
 * <p>{@link #allowed} is the set every wildcard and regexp group of the component is confined to. It excludes the
 * characters that end the component in a serialized URL, so that one regular expression over a whole topic splits
 * it where a URL parser would: a username cannot swallow {@code :} or {@code @}, a hostname cannot swallow
 * {@code /}, a path cannot swallow {@code ?}. Characters that a serializer would percent-encode are otherwise
 * allowed, so a topic that is not canonical fails to match only where its delimiters are ambiguous.
 */
enum UrlComponent {

    PROTOCOL(CodePointSet.of("+-.").union(CodePointSet.DIGITS).union(CodePointSet.range('A', 'Z'))
            .union(CodePointSet.range('a', 'z')), true),
    USERNAME(CodePointSet.of(":@/?#\\").complement(), false),
    PASSWORD(CodePointSet.of("@/?#\\").complement(), false),
    HOSTNAME(CodePointSet.of(":@/?#\\").complement(), true),
    PORT(CodePointSet.DIGITS, false),
    PATHNAME(CodePointSet.of("?#").complement(), false),
    SEARCH(CodePointSet.of("#").complement(), false),
    HASH(CodePointSet.ALL, false);

    /** What the component's wildcards and regexp groups may match. */
    final CodePointSet allowed;
    /** Whether the component compares ASCII letters without case, as URL canonicalization lowercases it. */
    final boolean caseInsensitive;

    UrlComponent(CodePointSet allowed, boolean caseInsensitive) {
        this.allowed = allowed;
        this.caseInsensitive = caseInsensitive;
    }
}
