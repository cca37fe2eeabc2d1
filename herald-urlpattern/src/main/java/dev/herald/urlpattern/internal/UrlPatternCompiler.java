package dev.herald.urlpattern.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.herald.urlpattern.internal.UrlPatternPart.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a WHATWG URL Pattern, in its constructor-string form ({@code https://example.com/books/:id},
 * {@code https://*.example.com/*}, {@code http{s}?://example.com/:year(\d+)}, ...), into one RE2/J pattern whose full
 * match of a topic decides whether the topic matches. Matching runs in time linear in the topic, whatever the
 * pattern.
 *
 * <p>Parsing follows the URL Pattern standard: its tokenizer, its constructor string parser (component boundaries,
 * the wildcards it implies for unmentioned components, the empty port a named host implies), its pattern string
 * parser (named groups, regexp groups, {@code {...}} groups, the {@code ?}, {@code +} and {@code *} modifiers, the
 * automatic {@code /} prefix in special-scheme paths, the {@code .} and {@code /} segment delimiters), its
 * canonicalization of each component's fixed text, its default-port removal, its resolution of relative patterns
 * against a base URL, and its regular expression generation for each component.
 *
 * <p>Deliberate simplifications, each documented where it is made:
 * <ul>
 *   <li><b>One expression for the whole topic.</b> The standard parses the input URL and matches each component on
 *       its own. Here the components' expressions are joined the way a URL serializer joins components, and matched
 *       against the topic as written. So a topic matches as the standard would match it only when the topic is in
 *       serialized form (as URLs normally are: lowercase scheme and host, no default port, percent-encoding applied).
 *       To keep a joined expression from splitting a topic anywhere a URL parser would not, every wildcard and
 *       regexp group is confined to the characters its component can hold ({@link UrlComponent}), an authority must
 *       be followed by an empty path or one starting with {@code /}, and a topic without an authority must not have
 *       a path starting with {@code //}. The scheme and host compare ASCII letters without case, as canonicalization
 *       would lowercase them in the topic.</li>
 *   <li><b>Regexp groups</b> are translated from ECMAScript to RE2 ({@link RegexpGroupTranslator}). What RE2
 *       cannot run in linear time (backreferences, lookaround) is rejected, as are {@code ^}, {@code $}, {@code \b}
 *       and {@code \B} (they would see the neighbouring components), Unicode property escapes, {@code \q{...}} and
 *       inline modifiers.</li>
 *   <li><b>Canonicalization</b> of fixed text ({@link UrlComponentCanonicalization}) converts internationalized
 *       host names with {@link java.net.IDN} (IDNA 2003) rather than UTS #46, does not parse IPv4 addresses (so
 *       {@code 0x7f.1} is not {@code 127.0.0.1}), and treats the backslash in paths as the non-special URL
 *       parser the standard's callbacks use does.</li>
 *   <li>The {@code ignoreCase} option does not exist: the Mercure protocol forbids it.</li>
 *   <li>As implementation limits, patterns longer than {@value #MAX_PATTERN_LENGTH} characters, patterns whose
 *       expression would pass {@value #MAX_PROGRAM_SIZE} RE2 instructions or {@value RegexNode#MAX_RE2_LENGTH}
 *       characters (they would make every match slow), regexp groups nested too deeply, and paths starting with
 *       more than {@value RegexNode#MAX_NULLABLE_PREFIX} optional parts in a row are refused.</li>
 * </ul>
 * Patterns the standard rejects are rejected here too, with an {@link IllegalArgumentException}, within the limits of
 * the simplified canonicalization above.
 */
public final class UrlPatternCompiler {

    /** The URL Standard's special schemes. */
    private static final List<String> SPECIAL_SCHEMES = List.of("ftp", "file", "http", "https", "ws", "wss");
    /** Longest pattern accepted: an implementation limit, as the Mercure specification asks hubs to have. */
    public static final int MAX_PATTERN_LENGTH = 4096;
    /**
     * Largest expression accepted, in RE2 instructions: RE2/J's matching time is linear in the topic but also in
     * the program size, which counted repetitions such as {@code [a-z]{1000}} multiply.
     */
    public static final long MAX_PROGRAM_SIZE = 20_000;

    private UrlPatternCompiler() {
    }

    /**
     * Compiles an absolute URL pattern.
     *
     * @throws IllegalArgumentException if the pattern is invalid, relative, or uses a construct RE2 cannot run
     */
    public static Pattern compile(String pattern) {
        return compile(pattern, Optional.empty());
    }

    /**
     * Compiles a URL pattern, resolving a relative one (such as {@code /books/:id}) against {@code baseUrl}, as a
     * Mercure hub resolves relative patterns against its own URL. Topics must be resolved the same way before they
     * are matched.
     *
     * @throws IllegalArgumentException if the pattern or the base URL is invalid
     */
    public static Pattern compile(String pattern, String baseUrl) {
        return compile(pattern, Optional.of(baseUrl));
    }

    private static Pattern compile(String pattern, Optional<String> baseUrl) {
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
        if (components.get(UrlComponent.PORT).equals(defaultPort(protocol))) {
            components.put(UrlComponent.PORT, "");
        }

        RegexNode protocolNode = component(components, UrlComponent.PROTOCOL, "", "",
                UrlComponentCanonicalization.PROTOCOL);
        RegexNode username = component(components, UrlComponent.USERNAME, "", "",
                UrlComponentCanonicalization.USERNAME);
        RegexNode password = component(components, UrlComponent.PASSWORD, "", "",
                UrlComponentCanonicalization.PASSWORD);
        String hostname = components.get(UrlComponent.HOSTNAME);
        RegexNode host = component(components, UrlComponent.HOSTNAME, ".", "",
                isIpv6(hostname) ? UrlComponentCanonicalization.IPV6_HOSTNAME : UrlComponentCanonicalization.HOSTNAME);
        RegexNode port = component(components, UrlComponent.PORT, "", "", UrlComponentCanonicalization.PORT);
        RegexNode path = matchesSpecialScheme(protocolNode)
                ? component(components, UrlComponent.PATHNAME, "/", "/", UrlComponentCanonicalization.PATHNAME)
                : component(components, UrlComponent.PATHNAME, "", "", UrlComponentCanonicalization.OPAQUE_PATHNAME);
        RegexNode search = component(components, UrlComponent.SEARCH, "", "", UrlComponentCanonicalization.SEARCH);
        RegexNode hash = component(components, UrlComponent.HASH, "", "", UrlComponentCanonicalization.HASH);

        RegexNode whole = RegexNode.sequence(protocolNode, RegexNode.literal(":"),
                hierarchy(username, password, host, port, path), delimited("?", search), delimited("#", hash));
        return toPattern(whole, pattern);
    }

    /**
     * Everything between "scheme:" and the query: the authority and path. Serialized URLs with a host write
     * {@code //} and then a path that is empty or starts with {@code /}; those without write a path that does not
     * start with {@code //} (a serializer inserts {@code /.} there), which is what keeps the two apart.
     */
    private static RegexNode hierarchy(RegexNode username, RegexNode password, RegexNode host, RegexNode port,
            RegexNode path) {
        RegexNode passwordPart = delimited(":", password);
        RegexNode userinfo = RegexNode.sequence(username, passwordPart, RegexNode.literal("@"));
        if (username.nullable() && password.nullable()) {
            userinfo = RegexNode.optional(userinfo);
        }
        CodePointSet slash = CodePointSet.of('/');
        RegexNode pathAfterAuthority = RegexNode.choice(emptyIfNullable(path), path.restrictFirst(slash));
        RegexNode withAuthority = RegexNode.sequence(RegexNode.literal("//"), userinfo, host, delimited(":", port),
                pathAfterAuthority);
        if (!(username.nullable() && password.nullable() && host.nullable() && port.nullable())) {
            return withAuthority;
        }
        CodePointSet notSlash = slash.complement();
        RegexNode afterSlash = path.derivative('/');
        RegexNode pathWithoutAuthority = RegexNode.choice(emptyIfNullable(path), path.restrictFirst(notSlash),
                RegexNode.sequence(RegexNode.literal("/"),
                        RegexNode.choice(emptyIfNullable(afterSlash), afterSlash.restrictFirst(notSlash))));
        return RegexNode.choice(withAuthority, pathWithoutAuthority);
    }

    /** The component after its delimiter, optional (delimiter included) when the component may be empty. */
    private static RegexNode delimited(String delimiter, RegexNode component) {
        RegexNode part = RegexNode.sequence(RegexNode.literal(delimiter), component);
        return component.nullable() ? RegexNode.optional(part) : part;
    }

    private static RegexNode emptyIfNullable(RegexNode node) {
        return node.nullable() ? RegexNode.EMPTY : RegexNode.NOTHING;
    }

    private static RegexNode component(Map<UrlComponent, String> components, UrlComponent component,
            String delimiter, String prefix, UrlComponentCanonicalization encoding) {
        return componentNode(components.get(component), component, delimiter, prefix, encoding);
    }

    /** The standard's "compile a component", producing a tree instead of an ECMAScript expression. */
    private static RegexNode componentNode(String patternString, UrlComponent component, String delimiter,
            String prefix, UrlComponentCanonicalization encoding) {
        List<UrlPatternPart> parts = UrlPatternPartParser.parse(patternString, delimiter, prefix, encoding);
        CodePointSet allowed = component.allowed;
        RegexNode segmentWildcard = RegexNode.repeat(
                RegexNode.chars(delimiter.isEmpty() ? allowed : allowed.minus(CodePointSet.of(delimiter))), 1, -1);
        RegexNode fullWildcard = RegexNode.repeat(
                RegexNode.chars(allowed.minus(CodePointSet.LINE_TERMINATORS)), 0, -1);
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
                default -> RegexpGroupTranslator.translate(part.value(), allowed);
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
        RegexNode node = RegexNode.sequence(items);
        return component.caseInsensitive ? node.caseFolded() : node;
    }

    private static boolean protocolMatchesSpecialScheme(String protocolPattern) {
        return matchesSpecialScheme(componentNode(protocolPattern, UrlComponent.PROTOCOL, "", "",
                UrlComponentCanonicalization.PROTOCOL));
    }

    private static boolean matchesSpecialScheme(RegexNode protocol) {
        Pattern compiled = toPattern(protocol, "protocol");
        return SPECIAL_SCHEMES.stream().anyMatch(scheme -> compiled.matches(scheme));
    }

    /** The anchored RE2/J pattern of {@code node}, refused when it would be too costly to run. */
    private static Pattern toPattern(RegexNode node, String pattern) {
        if (node.programSize() > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException("URL pattern '" + pattern + "' is too complex: its expression "
                    + "would exceed " + MAX_PROGRAM_SIZE + " RE2 instructions");
        }
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

    private static String defaultPort(String protocol) {
        return switch (protocol) {
            case "ftp" -> "21";
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            default -> null;
        };
    }

    private static boolean isIpv6(String hostname) {
        int[] codePoints = hostname.codePoints().limit(2).toArray();
        return codePoints.length == 2 && (codePoints[0] == '['
                || (codePoints[0] == '{' || codePoints[0] == '\\') && codePoints[1] == '[');
    }

    /** The standard's "process a URLPatternInit" for a pattern: inherits from the base URL what the pattern omits. */
    private static Map<UrlComponent, String> processInit(Map<UrlComponent, String> init, Optional<String> baseUrl) {
        Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
        Optional<URI> base = baseUrl.map(UrlPatternCompiler::parseBaseUrl);
        base.ifPresent(url -> {
            boolean has = init.containsKey(UrlComponent.PROTOCOL);
            if (!has) {
                result.put(UrlComponent.PROTOCOL, escapePatternString(url.getScheme()));
            }
            // A base URL never supplies a pattern's username or password.
            has |= init.containsKey(UrlComponent.HOSTNAME);
            if (!has) {
                result.put(UrlComponent.HOSTNAME, escapePatternString(Optional.ofNullable(url.getHost()).orElse("")));
            }
            has |= init.containsKey(UrlComponent.PORT);
            if (!has) {
                result.put(UrlComponent.PORT, url.getPort() < 0 ? "" : Integer.toString(url.getPort()));
            }
            has |= init.containsKey(UrlComponent.PATHNAME);
            if (!has) {
                result.put(UrlComponent.PATHNAME, escapePatternString(basePath(url)));
            }
            has |= init.containsKey(UrlComponent.SEARCH);
            if (!has) {
                result.put(UrlComponent.SEARCH, escapePatternString(Optional.ofNullable(url.getRawQuery()).orElse("")));
            }
            has |= init.containsKey(UrlComponent.HASH);
            if (!has) {
                result.put(UrlComponent.HASH,
                        escapePatternString(Optional.ofNullable(url.getRawFragment()).orElse("")));
            }
        });
        init.forEach((component, value) -> {
            String processed = switch (component) {
                case PROTOCOL -> value.endsWith(":") ? value.substring(0, value.length() - 1) : value;
                case SEARCH -> value.startsWith("?") ? value.substring(1) : value;
                case HASH -> value.startsWith("#") ? value.substring(1) : value;
                case PATHNAME -> base.filter(url -> !url.isOpaque() && !isAbsolutePathname(value))
                        .map(url -> {
                            String basePath = escapePatternString(basePath(url));
                            return basePath.substring(0, basePath.lastIndexOf('/') + 1) + value;
                        })
                        .orElse(value);
                default -> value;
            };
            result.put(component, processed);
        });
        return result;
    }

    private static URI parseBaseUrl(String baseUrl) {
        try {
            URI url = new URI(baseUrl);
            if (url.getScheme() == null) {
                throw new IllegalArgumentException("base URL '" + baseUrl + "' is not absolute");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid base URL '" + baseUrl + "': " + e.getMessage(), e);
        }
    }

    private static String basePath(URI url) {
        if (url.isOpaque()) {
            return url.getRawSchemeSpecificPart();
        }
        String path = Optional.ofNullable(url.getRawPath()).orElse("");
        return path.isEmpty() && url.getRawAuthority() != null ? "/" : path;
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
