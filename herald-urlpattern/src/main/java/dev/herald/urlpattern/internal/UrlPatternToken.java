package dev.herald.urlpattern.internal;

/**
 * One lexical token of a URL pattern string, as the URL Pattern standard's tokenizer produces it.
 *
 * @param type what the token is
 * @param index the code point offset of the token's first code point in the pattern string
 * @param value the token's code points: a name without its ':', a regexp without its parentheses, an escaped
 *     character without its backslash, otherwise the code points themselves
 */
record UrlPatternToken(Type type, int index, String value) {

    /** The standard's token types. */
    enum Type { OPEN, CLOSE, REGEXP, NAME, CHAR, ESCAPED_CHAR, OTHER_MODIFIER, ASTERISK, END, INVALID_CHAR }
}
