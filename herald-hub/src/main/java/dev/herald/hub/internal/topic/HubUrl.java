package dev.herald.hub.internal.topic;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

/**
 * The hub's URL as Mercure uses it: the base that relative topics and relative URL patterns resolve against, and
 * the owner of a reserved namespace (its own path and everything below it, where subscription events live).
 *
 * <p>Resolution follows the URL Standard closely enough for both uses: characters a URL parser would
 * percent-encode are encoded first, a backslash counts as a slash in the {@code http(s)} paths the hub's URL
 * has, dot segments are removed (never climbing above the root), and the result is serialized. A topic that is not a
 * URL reference at all resolves to nothing: it matches no URL pattern and names no hub path.
 *
 * @param url the absolute {@code http} or {@code https} URL of the hub, e.g. {@code https://example.com/.well-known/mercure}
 */
public record HubUrl(URI url) {

    /** The default hub path, which every Mercure client knows. */
    public static final String DEFAULT_PATH = "/.well-known/mercure";

    public HubUrl {
        if (!url.isAbsolute() || url.getRawPath() == null || url.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("the hub URL must be absolute with a path: " + url);
        }
    }

    /**
     * The hub URL {@code scheme://authority/.well-known/mercure}.
     *
     * @throws IllegalArgumentException when {@code authority} (a client's {@code Host} header) is not a host and
     *     port alone: one carrying a path, query, fragment or user would move the hub's reserved namespace
     */
    public static HubUrl of(String scheme, String authority) {
        return of(scheme, authority, DEFAULT_PATH);
    }

    /** {@code host:port} as a URL's authority: an IPv6 address in brackets. */
    public static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The hub at {@code path} of {@code scheme://authority}, where an application mounted it.
     *
     * @throws IllegalArgumentException when {@code authority} is not a host and port, or {@code path} not a plain path
     */
    public static HubUrl of(String scheme, String authority, String path) {
        URI url;
        try {
            url = URI.create(scheme + "://" + authority + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host and port: " + authority, e);
        }
        if (!path.equals(url.getRawPath()) || url.getRawUserInfo() != null || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getHost() == null) {
            throw new IllegalArgumentException("not a host and port: " + authority);
        }
        return new HubUrl(url);
    }

    /** Parses an absolute hub URL, such as a configured resource identifier; empty when it is not one. */
    public static Optional<HubUrl> parse(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getRawAuthority() == null || uri.getRawPath() == null
                    || uri.getRawPath().isEmpty()
                    || !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                return Optional.empty();
            }
            return Optional.of(new HubUrl(uri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** This URL with another {@code path}. */
    public HubUrl withPath(String path) {
        if (path.equals(path())) {
            return this;
        }
        return new HubUrl(URI.create(url.getScheme() + "://" + url.getRawAuthority() + path));
    }

    /** The URL's path, such as {@code /.well-known/mercure}. */
    public String path() {
        return url.getRawPath();
    }

    @Override
    public String toString() {
        return url.toString();
    }

    /**
     * Whether {@code topic}, resolved against this URL, names the hub's path or a path below it, whatever its scheme
     * and host. Percent-encoded unreserved characters and dot segments are normalized first, so
     * {@code /.well-known/%6Dercure/x} and {@code /a/../.well-known/mercure/x} are caught too.
     */
    public boolean reserves(String topic) {
        Optional<URI> resolved = resolve(topic);
        if (resolved.isEmpty() || resolved.get().getRawPath() == null) {
            return false;
        }
        String path = decodeUnreserved(resolved.get().getRawPath());
        String own = decodeUnreserved(path());
        return path.equals(own) || path.startsWith(own.endsWith("/") ? own : own + "/");
    }

    /**
     * {@code topic} as an absolute URL: unchanged in substance when it has a scheme, else resolved against this URL.
     * Empty when it is not a URL reference.
     */
    Optional<URI> resolve(String topic) {
        String encoded = encodeForParsing(topic);
        try {
            URI reference = new URI(encoded);
            URI absolute;
            if (reference.isAbsolute()) {
                absolute = reference;
            } else if (encoded.isEmpty() || encoded.startsWith("#")) {
                absolute = new URI(withoutFragment(url.toString()) + encoded);
            } else if (encoded.startsWith("?")) {
                absolute = new URI(withoutQuery(url.toString()) + encoded);
            } else {
                absolute = url.resolve(reference);
            }
            return Optional.of(withoutDotSegments(absolute));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code topic} as the serialized absolute URL that URL patterns are matched against: a topic with a scheme is
     * taken as written; a relative one is resolved against this URL. Empty when it is not a URL reference.
     */
    Optional<String> absolute(String topic) {
        if (hasScheme(topic)) {
            return Optional.of(topic);
        }
        return resolve(topic).map(URI::toString);
    }

    /** Whether {@code text} starts with a URL scheme ({@code letter *(letter / digit / + / - / .) ":"}). */
    static boolean hasScheme(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return true;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /**
     * Percent-encodes what {@link URI} refuses but a URL parser accepts (spaces, quotes, braces, non-ASCII, a '%'
     * not starting an escape...), and turns backslashes into slashes in the path of a special (http-like) URL.
     */
    private static String encodeForParsing(String topic) {
        boolean special = !hasScheme(topic) || isSpecialScheme(topic.substring(0, topic.indexOf(':')));
        StringBuilder out = new StringBuilder(topic.length() + 8);
        int hashes = 0;
        boolean inPath = true;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '?' || c == '#') {
                inPath = false;
            }
            if (c == '#' && ++hashes > 1) {
                out.append("%23");
            } else if (c == '\\' && special && inPath) {
                out.append('/');
            } else if (c == '%' && !(i + 2 < topic.length() && isHex(topic.charAt(i + 1)) && isHex(topic.charAt(i + 2)))) {
                out.append("%25");
            } else if (c > 0x20 && c < 0x7F && "\"<>`{}|^".indexOf(c) < 0) {
                out.append(c); // including '[' and ']', which an IPv6 host needs
            } else {
                int codePoint = topic.codePointAt(i);
                if (Character.charCount(codePoint) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
        }
        return out.toString();
    }

    private static boolean isSpecialScheme(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "https", "ws", "wss", "ftp", "file" -> true;
            default -> false;
        };
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String withoutFragment(String text) {
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    private static String withoutQuery(String text) {
        String base = withoutFragment(text);
        int query = base.indexOf('?');
        return query < 0 ? base : base.substring(0, query);
    }

    /** Removes {@code .} and {@code ..} segments (RFC 3986 section 5.2.4); {@code ..} at the root stays at the root. */
    private static URI withoutDotSegments(URI uri) throws URISyntaxException {
        String path = uri.getRawPath();
        if (uri.isOpaque() || path == null || !path.startsWith("/") || !path.contains(".")) {
            return uri;
        }
        ArrayDeque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i].toLowerCase(Locale.ROOT).replace("%2e", ".");
            boolean last = i == parts.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..")) {
                    segments.pollLast();
                }
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(parts[i]);
            }
        }
        StringBuilder text = new StringBuilder(uri.getScheme()).append(':');
        if (uri.getRawAuthority() != null) {
            text.append("//").append(uri.getRawAuthority());
        }
        text.append('/').append(String.join("/", segments));
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            text.append('#').append(uri.getRawFragment());
        }
        return new URI(text.toString());
    }

    /** Decodes {@code %XX} escapes of unreserved characters (ALPHA, DIGIT, {@code -._~}), which name the same path. */
    private static String decodeUnreserved(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
                char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
                if (isAsciiLetter(decoded) || decoded >= '0' && decoded <= '9' || "-._~".indexOf(decoded) >= 0) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
                out.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
                        .append(Character.toUpperCase(path.charAt(i + 2)));
                i += 2;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
