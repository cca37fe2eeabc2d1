package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.Optional;

/**
 * The WHATWG URL Standard's basic URL parser: a string, and optionally a base URL to resolve it against, to a
 * canonical {@link Url}, or to nothing when it is not a valid URL. It runs in time linear in the input and never
 * throws.
 *
 * <p>This class runs the standard's state machine up to the path: scheme, relative resolution, authority
 * ({@link AuthorityParser}) and the file states. {@link PathParser} runs the rest. Only UTF-8 is supported for
 * queries (as for every URL outside an HTML form); hosts are parsed by {@link HostParser}, with its documented
 * difference for internationalized domains.
 */
final class UrlParser {

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE, RELATIVE_SLASH,
        SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, FILE, FILE_SLASH, FILE_HOST
    }

    private static final int EOF = -1;

    private final int[] input;
    private final Url base;
    private final UrlBuilder url = new UrlBuilder();
    private final StringBuilder buffer = new StringBuilder();
    private State state = State.SCHEME_START;
    private int pointer;
    /** The state the rest of the input is handed to {@link PathParser} in, once reached. */
    private PathParser.State next;

    private UrlParser(int[] input, Url base) {
        this.input = input;
        this.base = base;
    }

    /** Parses an absolute URL. */
    static Optional<Url> parse(String input) {
        return parse(input, Optional.empty());
    }

    /** Parses {@code input}, resolved against {@code base} when it is relative. */
    static Optional<Url> parse(String input, Optional<Url> base) {
        return new UrlParser(codePoints(trimControlsAndSpaces(input)), base.orElse(null)).run();
    }

    /**
     * The path that {@code input} gives a special URL when parsed from the path start state with a state override:
     * dot segments resolved, a backslash as a slash, the path percent-encode set applied, {@code ?} and {@code #}
     * encoded rather than ending the path. How the URL Pattern standard canonicalizes a pathname's fixed text.
     */
    static String specialPath(String input) {
        UrlBuilder url = new UrlBuilder();
        url.scheme = SpecialScheme.HTTPS.scheme;
        PathParser.run(codePoints(input), 0, url, true, PathParser.State.PATH_START, "");
        return url.build().pathname();
    }

    /** The input's code points, without tabs and newlines, lone surrogates read as U+FFFD. */
    static int[] codePoints(String input) {
        return input.codePoints()
                .map(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c)
                .filter(c -> c != '\t' && c != '\n' && c != '\r').toArray();
    }

    private static String trimControlsAndSpaces(String input) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= 0x20) {
            end--;
        }
        return input.substring(start, end);
    }

    private Optional<Url> run() {
        for (pointer = 0; next == null; pointer++) {
            if (!step(pointer < input.length ? input[pointer] : EOF)) {
                return Optional.empty();
            }
            if (pointer >= input.length && next == null) {
                return Optional.of(url.build());
            }
        }
        PathParser.run(input, pointer, url, false, next, buffer.toString());
        return Optional.of(url.build());
    }

    /** Runs the current state on {@code c}; false on failure. */
    private boolean step(int c) {
        switch (state) {
            case SCHEME_START -> {
                if (PathSegments.isAsciiAlpha(c)) {
                    buffer.append((char) Character.toLowerCase(c));
                    state = State.SCHEME;
                } else {
                    state = State.NO_SCHEME;
                    pointer--;
                }
            }
            case SCHEME -> scheme(c);
            case NO_SCHEME -> {
                if (base == null || base.opaquePath() && c != '#') {
                    return false;
                }
                if (base.opaquePath()) {
                    url.scheme = base.scheme();
                    url.opaquePath = new StringBuilder(base.path().get(0));
                    url.query = base.query().map(StringBuilder::new).orElse(null);
                    url.fragment = new StringBuilder();
                    next = PathParser.State.FRAGMENT;
                } else {
                    state = base.scheme().equals(SpecialScheme.FILE.scheme) ? State.FILE : State.RELATIVE;
                    pointer--;
                }
            }
            case SPECIAL_RELATIVE_OR_AUTHORITY, SPECIAL_AUTHORITY_SLASHES -> {
                if (c == '/' && nextIs('/')) {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    pointer++;
                } else {
                    state = state == State.SPECIAL_AUTHORITY_SLASHES
                            ? State.SPECIAL_AUTHORITY_IGNORE_SLASHES : State.RELATIVE;
                    pointer--;
                }
            }
            case PATH_OR_AUTHORITY -> {
                if (c == '/') {
                    state = State.AUTHORITY;
                } else {
                    toPath(PathParser.State.PATH);
                }
            }
            case RELATIVE -> relative(c);
            case RELATIVE_SLASH -> {
                if (url.special() && (c == '/' || c == '\\')) {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                } else if (c == '/') {
                    state = State.AUTHORITY;
                } else {
                    url.copyAuthority(base);
                    toPath(PathParser.State.PATH);
                }
            }
            case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                if (c != '/' && c != '\\') {
                    state = State.AUTHORITY;
                    pointer--;
                }
            }
            case AUTHORITY -> {
                int end = AuthorityParser.parse(input, pointer, url);
                if (end < 0) {
                    return false;
                }
                pointer = end;
                toPath(PathParser.State.PATH_START);
            }
            case FILE -> file(c);
            case FILE_SLASH -> fileSlash(c);
            case FILE_HOST -> {
                return fileHost(c);
            }
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    private void scheme(int c) {
        if (PathSegments.isAsciiAlpha(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
            buffer.append((char) Character.toLowerCase(c));
        } else if (c == ':') {
            url.scheme = buffer.toString();
            buffer.setLength(0);
            if (url.isFile()) {
                state = State.FILE;
            } else if (url.special() && base != null && base.scheme().equals(url.scheme)) {
                state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
            } else if (url.special()) {
                state = State.SPECIAL_AUTHORITY_SLASHES;
            } else if (nextIs('/')) {
                state = State.PATH_OR_AUTHORITY;
                pointer++;
            } else {
                url.opaquePath = new StringBuilder();
                next = PathParser.State.OPAQUE_PATH;
            }
        } else {
            // Not a scheme after all: start over, reading the input as relative.
            buffer.setLength(0);
            state = State.NO_SCHEME;
            pointer = -1;
        }
    }

    private void relative(int c) {
        url.scheme = base.scheme();
        if (c == '/' || url.special() && c == '\\') {
            state = State.RELATIVE_SLASH;
            return;
        }
        url.copyAuthority(base);
        url.path = new ArrayList<>(base.path());
        url.query = base.query().map(StringBuilder::new).orElse(null);
        copyRest(c, false);
    }

    /** After a base URL's path and query were copied: a new query, a new fragment, or a path relative to it. */
    private void copyRest(int c, boolean file) {
        if (c == '?') {
            url.query = new StringBuilder();
            next = PathParser.State.QUERY;
        } else if (c == '#') {
            url.fragment = new StringBuilder();
            next = PathParser.State.FRAGMENT;
        } else if (c != EOF) {
            url.query = null;
            if (!file || !PathSegments.startsWithWindowsDriveLetter(input, pointer)) {
                url.shortenPath();
            } else {
                url.path = new ArrayList<>();
            }
            toPath(PathParser.State.PATH);
        }
    }

    private void file(int c) {
        url.scheme = SpecialScheme.FILE.scheme;
        url.host = "";
        if (c == '/' || c == '\\') {
            state = State.FILE_SLASH;
        } else if (base != null && base.scheme().equals(SpecialScheme.FILE.scheme)) {
            url.host = base.host().orElse(null);
            url.path = new ArrayList<>(base.path());
            url.query = base.query().map(StringBuilder::new).orElse(null);
            copyRest(c, true);
        } else {
            toPath(PathParser.State.PATH);
        }
    }

    private void fileSlash(int c) {
        if (c == '/' || c == '\\') {
            state = State.FILE_HOST;
            return;
        }
        if (base != null && base.scheme().equals(SpecialScheme.FILE.scheme)) {
            url.host = base.host().orElse(null);
            if (!PathSegments.startsWithWindowsDriveLetter(input, pointer) && !base.path().isEmpty()
                    && PathSegments.isWindowsDriveLetter(base.path().get(0), true)) {
                url.path.add(base.path().get(0));
            }
        }
        toPath(PathParser.State.PATH);
    }

    private boolean fileHost(int c) {
        if (!(c == EOF || c == '/' || c == '\\' || c == '?' || c == '#')) {
            buffer.appendCodePoint(c);
            return true;
        }
        if (PathSegments.isWindowsDriveLetter(buffer, false)) {
            // The standard's quirk: "file://c:/x" is a drive letter, not a host; the buffer starts the path.
            toPath(PathParser.State.PATH);
            return true;
        }
        url.host = buffer.length() == 0 ? "" : HostParser.parse(buffer.toString(), true).orElse(null);
        if ("localhost".equals(url.host)) {
            url.host = "";
        }
        buffer.setLength(0);
        toPath(PathParser.State.PATH_START);
        return url.host != null;
    }

    /** Hands the input from the current code point on to {@link PathParser}, starting in {@code state}. */
    private void toPath(PathParser.State state) {
        next = state;
        pointer--;
    }

    private boolean nextIs(int c) {
        return pointer + 1 < input.length && input[pointer + 1] == c;
    }
}
