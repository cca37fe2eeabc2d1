package dev.herald.urlpattern.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.herald.urlpattern.internal.UrlPatternPart.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a WHATWG URL Pattern, in its constructor-string form ({@code https://example.com/books/:id},
 * {@code https://*.example.com/*}, {@code http{s}?://example.com/:year(\\d+)}, ...), into one RE2/J pattern per URL
 * component, which {@link UrlPatternMatcher} runs on the components of a parsed URL. Matching runs in time linear in
 * the URL, whatever the pattern.
 *
 * <p>Parsing follows the URL Pattern standard: its tokenizer, its constructor string parser (component boundaries,
 * the wildcards it implies for unmentioned components, the empty port a named host implies), its pattern string
 * parser (named groups, regexp groups, {@code {...}} groups, the {@code ?}, {@code +} and {@code *} modifiers, the
 * automatic {@code /} prefix in special-scheme paths, the {@code .} and {@code /} segment delimiters), its
 * canonicalization of each component's fixed text, its default-port removal, its resolution of relative patterns
 * against a base URL (parsed with {@link UrlParser}), and its regular expression generation for each component.
 *
 * <p>Deliberate differences, each documented where it is made:
 * <ul>
 *   <li><b>Regexp groups</b> are translated from ECMAScript to RE2 ({@link RegexpGroupTranslator}). What RE2
 *       cannot run in linear time (backreferences, lookaround) is rejected, as are {@code ^}, {@code $}, {@code \\b}
 *       and {@code \\B}, Unicode property escapes, {@code \\q{...}} and inline modifiers.</li>
 *   <li><b>Internationalized host names</b> are converted with {@link java.net.IDN} (IDNA 2003) rather than UTS #46
 *       ({@link HostParser}), in patterns and in URLs alike.</li>
 *   <li>The {@code ignoreCase} option does not exist: the Mercure protocol forbids it.</li>
 *   <li>As implementation limits, patterns longer than {@value #MAX_PATTERN_LENGTH} characters, patterns whose
 *       expressions would pass {@value #MAX_PROGRAM_SIZE} RE2 instructions in all or
 *       {@value RegexNode#MAX_RE2_LENGTH} characters in one (they would make every match slow), and regexp groups
 *       nested too deeply are refused.</li>
 * </ul>
 * Patterns the standard rejects are rejected here too, with an {@link IllegalArgumentException}.
 */
public final class UrlPatternCompiler {

    /** Longest pattern accepted: an implementation limit, as the Mercure specification asks hubs to have. */
    public static final int MAX_PATTERN_LENGTH = 4096;
    /**
     * Largest expression accepted, in RE2 instructions over all components: RE2/J's matching time is linear in the
     * URL but also in the program size, which counted repetitions such as {@code [a-z]{1000}} multiply.
     */
    public static final long MAX_PROGRAM_SIZE = 20_000;

    private UrlPatternCompiler() {
    }

    /**
     * Compiles an absolute URL pattern.
     *
     * @throws IllegalArgumentException if the pattern is invalid, relative, or uses a construct RE2 cannot run
     */
    public static UrlPatternMatcher compile(String pattern) {
        return compile(pattern, Optional.empty());
    }

    /**
     * Compiles a URL pattern, resolving a relative one (such as {@code /books/:id}) against {@code baseUrl}, as a
     * Mercure hub resolves relative patterns against its own URL.
     *
     * @throws IllegalArgumentException if the pattern or the base URL is invalid
     */
    public static UrlPatternMatcher compile(String pattern, String baseUrl) {
        return compile(pattern, Optional.of(baseUrl));
    }

    private static UrlPatternMatcher compile(String pattern, Optional<String> baseUrl) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("URL pattern longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        Map<UrlComponent, String> init =
                UrlPatternConstructorParser.parse(pattern, UrlPatternCompiler::protocolMatchesSpecialScheme);
        if (baseUrl.isEmpty() && !init.containsKey(UrlComponent.PROTOCOL)) {
            throw new IllegalArgumentException("relative URL pattern '" + pattern + "' needs a base URL");
        }
        Map<UrlComponent, String> components = processInit(init, baseUrl);
        for (UrlComponent component : UrlComponent.values()) {
            components.putIfAbsent(component, "*");
        }
        String protocol = components.get(UrlComponent.PROTOCOL);
        if (SpecialScheme.isDefaultPort(protocol, components.get(UrlComponent.PORT))) {
            components.put(UrlComponent.PORT, "");
        }

        Map<UrlComponent, RegexNode> nodes = new EnumMap<>(UrlComponent.class);
        for (UrlComponent component : UrlComponent.values()) {
            // Values run in order: the protocol's expression is there when the pathname's needs it.
            nodes.put(component, componentNode(component, components.get(component), nodes));
        }

        long programSize = nodes.values().stream().mapToLong(RegexNode::programSize).sum();
        if (programSize > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException("URL pattern '" + pattern + "' is too complex: its expressions "
                    + "would exceed " + MAX_PROGRAM_SIZE + " RE2 instructions");
        }
        Map<UrlComponent, Pattern> expressions = new EnumMap<>(UrlComponent.class);
        nodes.forEach((component, node) -> {
            // "*" matches any component of a parsed URL, which holds no line terminator: nothing to run.
            if (!components.get(component).equals("*")) {
                expressions.put(component, toPattern(node, pattern));
            }
        });
        return new UrlPatternMatcher(expressions);
    }

    /** The component's delimiter, automatic prefix and canonicalization, as the standard gives them. */
    private static RegexNode componentNode(UrlComponent component, String patternString,
            Map<UrlComponent, RegexNode> earlier) {
        return switch (component) {
            case PROTOCOL -> componentNode(patternString, "", "", UrlComponentCanonicalization.PROTOCOL);
            case USERNAME -> componentNode(patternString, "", "", UrlComponentCanonicalization.USERNAME);
            case PASSWORD -> componentNode(patternString, "", "", UrlComponentCanonicalization.PASSWORD);
            case HOSTNAME -> componentNode(patternString, ".", "", isIpv6(patternString)
                    ? UrlComponentCanonicalization.IPV6_HOSTNAME : UrlComponentCanonicalization.HOSTNAME);
            case PORT -> componentNode(patternString, "", "", UrlComponentCanonicalization.PORT);
            case PATHNAME -> matchesSpecialScheme(earlier.get(UrlComponent.PROTOCOL))
                    ? componentNode(patternString, "/", "/", UrlComponentCanonicalization.PATHNAME)
                    : componentNode(patternString, "", "", UrlComponentCanonicalization.OPAQUE_PATHNAME);
            case SEARCH -> componentNode(patternString, "", "", UrlComponentCanonicalization.SEARCH);
            case HASH -> componentNode(patternString, "", "", UrlComponentCanonicalization.HASH);
        };
    }

    /** The standard's "compile a component", producing a tree instead of an ECMAScript expression. */
    private static RegexNode componentNode(String patternString, String delimiter, String prefix,
            UrlComponentCanonicalization encoding) {
        List<UrlPatternPart> parts = UrlPatternPartParser.parse(patternString, delimiter, prefix, encoding);
        RegexNode segmentWildcard = RegexNode.repeat(RegexNode.chars(delimiter.isEmpty()
                ? CodePointSet.ALL : CodePointSet.of(delimiter).complement()), 1, -1);
        RegexNode fullWildcard = RegexNode.repeat(RegexNode.chars(CodePointSet.LINE_TERMINATORS.complement()), 0, -1);
        List<RegexNode> items = new ArrayList<>();
        for (UrlPatternPart part : parts) {
            int min = part.modifier() == Modifier.NONE || part.modifier() == Modifier.ONE_OR_MORE ? 1 : 0;
            int max = part.modifier() == Modifier.NONE || part.modifier() == Modifier.OPTIONAL ? 1 : -1;
            if (part.type() == UrlPatternPart.Type.FIXED_TEXT) {
                items.add(RegexNode.repeat(RegexNode.literal(part.value()), min, max));
                continue;
            }
            RegexNode group = switch (part.type()) {
                case SEGMENT_WILDCARD -> segmentWildcard;
                case FULL_WILDCARD -> fullWildcard;
                default -> RegexpGroupTranslator.translate(part.value());
            };
            RegexNode before = RegexNode.literal(part.prefix());
            RegexNode after = RegexNode.literal(part.suffix());
            if (max == 1 || part.prefix().isEmpty() && part.suffix().isEmpty()) {
                items.add(RegexNode.repeat(RegexNode.sequence(before, group, after), min, max));
            } else {
                // A repeated group with a prefix or suffix repeats them between occurrences, not around them.
                RegexNode repeated = RegexNode.sequence(before, group,
                        RegexNode.repeat(RegexNode.sequence(after, before, group), 0, -1), after);
                items.add(min == 0 ? RegexNode.optional(repeated) : repeated);
            }
        }
        return RegexNode.sequence(items);
    }

    private static boolean protocolMatchesSpecialScheme(String protocolPattern) {
        return matchesSpecialScheme(componentNode(protocolPattern, "", "", UrlComponentCanonicalization.PROTOCOL));
    }

    private static boolean matchesSpecialScheme(RegexNode protocol) {
        Pattern compiled = toPattern(protocol, "protocol");
        for (SpecialScheme special : SpecialScheme.values()) {
            if (compiled.matches(special.scheme)) {
                return true;
            }
        }
        return false;
    }

    /** The anchored RE2/J pattern of {@code node}. */
    private static Pattern toPattern(RegexNode node, String pattern) {
        StringBuilder expression = new StringBuilder("^");
        try {
            node.appendRe2(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL pattern '" + pattern + "' is too complex", e);
        }
        expression.append('$');
        try {
            return Pattern.compile(expression.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("URL pattern '" + pattern + "' cannot be compiled: "
                    + e.getDescription(), e);
        }
    }

    private static boolean isIpv6(String hostname) {
        int[] codePoints = hostname.codePoints().limit(2).toArray();
        return codePoints.length == 2 && (codePoints[0] == '['
                || (codePoints[0] == '{' || codePoints[0] == '\\') && codePoints[1] == '[');
    }

    /** The standard's "process a URLPatternInit" for a pattern: inherits from the base URL what the pattern omits. */
    private static Map<UrlComponent, String> processInit(Map<UrlComponent, String> init, Optional<String> baseUrl) {
        Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
        Optional<Url> base = baseUrl.map(text -> UrlParser.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("invalid base URL '" + text + "'")));
        base.ifPresent(url -> {
            // Each component the pattern omits, up to the first it gives; never the username or password.
            boolean given = false;
            for (UrlComponent component : UrlComponent.values()) {
                if (component == UrlComponent.USERNAME || component == UrlComponent.PASSWORD) {
                    continue;
                }
                given |= init.containsKey(component);
                if (!given) {
                    result.put(component, escapePatternString(component.of(url)));
                }
            }
        });
        init.forEach((component, value) -> {
            String processed = switch (component) {
                case PROTOCOL -> value.endsWith(":") ? value.substring(0, value.length() - 1) : value;
                case SEARCH -> value.startsWith("?") ? value.substring(1) : value;
                case HASH -> value.startsWith("#") ? value.substring(1) : value;
                case PATHNAME -> base.filter(url -> !url.opaquePath() && !isAbsolutePathname(value))
                        .map(url -> {
                            String basePath = escapePatternString(url.pathname());
                            return basePath.substring(0, basePath.lastIndexOf('/') + 1) + value;
                        })
                        .orElse(value);
                default -> value;
            };
            result.put(component, processed);
        });
        return result;
    }

    private static boolean isAbsolutePathname(String input) {
        return input.startsWith("/") || input.startsWith("\\/") || input.startsWith("{/");
    }

    /** The standard's "escape a pattern string": makes base URL text literal in a pattern. */
    private static String escapePatternString(String input) {
        StringBuilder result = new StringBuilder();
        for (char c : input.toCharArray()) {
            if ("+*?:{}()\\".indexOf(c) >= 0) {
                result.append('\\');
            }
            result.append(c);
        }
        return result.toString();
    }
}
