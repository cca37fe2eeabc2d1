package dev.herald.urlpattern.internal;

/**
 * One part of a parsed URL pattern string: fixed text, or one matching group with its fixed prefix and suffix and
 * its modifier, as the URL Pattern standard defines a part.
 *
 * @param type what the part matches
 * @param value the fixed text (already canonicalized) or a regexp group's expression; empty for wildcards
 * @param modifier how many times the part may occur
 * @param name the group's name (a number for unnamed groups); empty for fixed text
 * @param prefix canonicalized fixed text before the group
 * @param suffix canonicalized fixed text after the group
 */
record UrlPatternPart(Type type, String value, Modifier modifier, String name, String prefix, String suffix) {

    /** The standard's part types. */
    enum Type { FIXED_TEXT, REGEXP, SEGMENT_WILDCARD, FULL_WILDCARD }

    /** The standard's part modifiers. */
    enum Modifier { NONE, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE }
}
