package dev.herald.urlpattern.internal;

import dev.herald.urlpattern.internal.UrlPatternPart.Modifier;
import dev.herald.urlpattern.internal.UrlPatternPart.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The URL Pattern standard's "parse a pattern string": turns one component's pattern string into its part list,
 * canonicalizing fixed text with the component's encoding callback.
 */
final class UrlPatternPartParser {

    private final List<UrlPatternToken> tokens;
    private final UnaryOperator<String> encoding;
    private final String segmentWildcardRegexp;
    private final String prefixCodePoint;
    private final List<UrlPatternPart> parts = new ArrayList<>();
    private final StringBuilder pendingFixedValue = new StringBuilder();
    private int index;
    private int nextNumericName;

    private UrlPatternPartParser(String input, String delimiter, String prefixCodePoint,
            UnaryOperator<String> encoding) {
        this.tokens = UrlPatternTokenizer.tokenize(input, false);
        this.encoding = encoding;
        this.segmentWildcardRegexp = segmentWildcardRegexp(delimiter);
        this.prefixCodePoint = prefixCodePoint;
    }

    /**
     * Parses {@code input}.
     *
     * @param delimiter the component's segment separator ("" for none)
     * @param prefixCodePoint the component's automatic group prefix ("" for none)
     * @param encoding canonicalizes fixed text; throws IllegalArgumentException for text the component cannot hold
     */
    static List<UrlPatternPart> parse(String input, String delimiter, String prefixCodePoint,
            UnaryOperator<String> encoding) {
        UrlPatternPartParser parser = new UrlPatternPartParser(input, delimiter, prefixCodePoint, encoding);
        parser.run();
        return List.copyOf(parser.parts);
    }

    /** The standard's segment wildcard regexp text, used to recognize a regexp group that is a plain wildcard. */
    static String segmentWildcardRegexp(String delimiter) {
        return "[^" + escapeRegexpString(delimiter) + "]+?";
    }

    static String escapeRegexpString(String input) {
        StringBuilder result = new StringBuilder();
        for (char c : input.toCharArray()) {
            if (".+*?^${}()[]|/\\".indexOf(c) >= 0) {
                result.append('\\');
            }
            result.append(c);
        }
        return result.toString();
    }

    private void run() {
        while (index < tokens.size()) {
            UrlPatternToken charToken = tryConsume(UrlPatternToken.Type.CHAR);
            UrlPatternToken nameToken = tryConsume(UrlPatternToken.Type.NAME);
            UrlPatternToken regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
            if (nameToken != null || regexpOrWildcard != null) {
                String prefix = charToken == null ? "" : charToken.value();
                if (!prefix.isEmpty() && !prefix.equals(prefixCodePoint)) {
                    pendingFixedValue.append(prefix);
                    prefix = "";
                }
                maybeAddPartFromPendingFixedValue();
                UrlPatternToken modifierToken = tryConsumeModifier();
                addPart(prefix, nameToken, regexpOrWildcard, "", modifierToken);
                continue;
            }
            UrlPatternToken fixedToken = charToken;
            if (fixedToken == null) {
                fixedToken = tryConsume(UrlPatternToken.Type.ESCAPED_CHAR);
            }
            if (fixedToken != null) {
                pendingFixedValue.append(fixedToken.value());
                continue;
            }
            UrlPatternToken openToken = tryConsume(UrlPatternToken.Type.OPEN);
            if (openToken != null) {
                String prefix = consumeText();
                nameToken = tryConsume(UrlPatternToken.Type.NAME);
                regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
                String suffix = consumeText();
                consumeRequired(UrlPatternToken.Type.CLOSE);
                UrlPatternToken modifierToken = tryConsumeModifier();
                addPart(prefix, nameToken, regexpOrWildcard, suffix, modifierToken);
                continue;
            }
            maybeAddPartFromPendingFixedValue();
            consumeRequired(UrlPatternToken.Type.END);
        }
    }

    private UrlPatternToken tryConsume(UrlPatternToken.Type type) {
        UrlPatternToken next = tokens.get(index);
        if (next.type() != type) {
            return null;
        }
        index++;
        return next;
    }

    private UrlPatternToken tryConsumeModifier() {
        UrlPatternToken token = tryConsume(UrlPatternToken.Type.OTHER_MODIFIER);
        return token != null ? token : tryConsume(UrlPatternToken.Type.ASTERISK);
    }

    private UrlPatternToken tryConsumeRegexpOrWildcard(UrlPatternToken nameToken) {
        UrlPatternToken token = tryConsume(UrlPatternToken.Type.REGEXP);
        if (nameToken == null && token == null) {
            token = tryConsume(UrlPatternToken.Type.ASTERISK);
        }
        return token;
    }

    private void consumeRequired(UrlPatternToken.Type type) {
        if (tryConsume(type) == null) {
            UrlPatternToken found = tokens.get(index);
            throw new IllegalArgumentException("unexpected '" + found.value() + "' at offset " + found.index()
                    + " of URL pattern component");
        }
    }

    private String consumeText() {
        StringBuilder result = new StringBuilder();
        while (true) {
            UrlPatternToken token = tryConsume(UrlPatternToken.Type.CHAR);
            if (token == null) {
                token = tryConsume(UrlPatternToken.Type.ESCAPED_CHAR);
            }
            if (token == null) {
                return result.toString();
            }
            result.append(token.value());
        }
    }

    private void maybeAddPartFromPendingFixedValue() {
        if (pendingFixedValue.length() == 0) {
            return;
        }
        String encoded = encoding.apply(pendingFixedValue.toString());
        pendingFixedValue.setLength(0);
        parts.add(new UrlPatternPart(Type.FIXED_TEXT, encoded, Modifier.NONE, "", "", ""));
    }

    private void addPart(String prefix, UrlPatternToken nameToken, UrlPatternToken regexpOrWildcard, String suffix,
            UrlPatternToken modifierToken) {
        Modifier modifier = Modifier.NONE;
        if (modifierToken != null) {
            modifier = switch (modifierToken.value()) {
                case "?" -> Modifier.OPTIONAL;
                case "*" -> Modifier.ZERO_OR_MORE;
                default -> Modifier.ONE_OR_MORE;
            };
        }
        if (nameToken == null && regexpOrWildcard == null && modifier == Modifier.NONE) {
            pendingFixedValue.append(prefix);
            return;
        }
        maybeAddPartFromPendingFixedValue();
        if (nameToken == null && regexpOrWildcard == null) {
            if (prefix.isEmpty()) {
                return;
            }
            parts.add(new UrlPatternPart(Type.FIXED_TEXT, encoding.apply(prefix), modifier, "", "", ""));
            return;
        }
        String regexpValue;
        if (regexpOrWildcard == null) {
            regexpValue = segmentWildcardRegexp;
        } else if (regexpOrWildcard.type() == UrlPatternToken.Type.ASTERISK) {
            regexpValue = ".*";
        } else {
            regexpValue = regexpOrWildcard.value();
        }
        Type type = Type.REGEXP;
        if (regexpValue.equals(segmentWildcardRegexp)) {
            type = Type.SEGMENT_WILDCARD;
            regexpValue = "";
        } else if (regexpValue.equals(".*")) {
            type = Type.FULL_WILDCARD;
            regexpValue = "";
        }
        String name;
        if (nameToken != null) {
            name = nameToken.value();
        } else {
            name = Integer.toString(nextNumericName++);
        }
        for (UrlPatternPart part : parts) {
            if (part.name().equals(name)) {
                throw new IllegalArgumentException("duplicate group name '" + name + "' in URL pattern");
            }
        }
        parts.add(new UrlPatternPart(type, regexpValue, modifier, name, encoding.apply(prefix),
                encoding.apply(suffix)));
    }
}
