package dev.herald.urlpattern.internal;

import dev.herald.urlpattern.internal.UrlPatternToken.Type;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The URL Pattern standard's "parse a constructor string": splits a pattern such as
 * {@code https://example.com/books/:id} into per-component pattern strings, without canonicalizing them. Components
 * the string does not mention are absent from the result (the caller makes them wildcards), except that the
 * standard fills in the empty port, pathname and search that an earlier component implies.
 */
final class UrlPatternConstructorParser {

    private enum State { INIT, PROTOCOL, AUTHORITY, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH, DONE }

    private final String input;
    private final List<UrlPatternToken> tokens;
    private final Predicate<String> protocolMatchesSpecialScheme;
    private final Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
    private int componentStart;
    private int tokenIndex;
    private int tokenIncrement = 1;
    private int groupDepth;
    private int hostnameIpv6BracketDepth;
    private boolean specialScheme;
    private State state = State.INIT;

    private UrlPatternConstructorParser(String input, Predicate<String> protocolMatchesSpecialScheme) {
        this.input = input;
        this.tokens = UrlPatternTokenizer.tokenize(input, true);
        this.protocolMatchesSpecialScheme = protocolMatchesSpecialScheme;
    }

    /**
     * Parses {@code input}.
     *
     * @param protocolMatchesSpecialScheme whether a protocol pattern string matches one of the special schemes
     */
    static Map<UrlComponent, String> parse(String input, Predicate<String> protocolMatchesSpecialScheme) {
        UrlPatternConstructorParser parser = new UrlPatternConstructorParser(input, protocolMatchesSpecialScheme);
        parser.run();
        return parser.result;
    }

    private void run() {
        while (tokenIndex < tokens.size()) {
            tokenIncrement = 1;
            if (tokens.get(tokenIndex).type() == Type.END) {
                if (state == State.INIT) {
                    // No protocol terminator: a relative pattern, starting at the pathname, search or hash.
                    rewind();
                    if (isHashPrefix()) {
                        changeState(State.HASH, 1);
                    } else if (isSearchPrefix()) {
                        changeState(State.SEARCH, 1);
                    } else {
                        changeState(State.PATHNAME, 0);
                    }
                    tokenIndex += tokenIncrement;
                    continue;
                }
                if (state == State.AUTHORITY) {
                    // No '@': no username or password.
                    rewindAndSetState(State.HOSTNAME);
                    tokenIndex += tokenIncrement;
                    continue;
                }
                changeState(State.DONE, 0);
                break;
            }
            if (tokens.get(tokenIndex).type() == Type.OPEN) {
                // A component boundary cannot lie inside a {...} group.
                groupDepth++;
                tokenIndex += tokenIncrement;
                continue;
            }
            if (groupDepth > 0) {
                if (tokens.get(tokenIndex).type() == Type.CLOSE) {
                    groupDepth--;
                } else {
                    tokenIndex += tokenIncrement;
                    continue;
                }
            }
            step();
            tokenIndex += tokenIncrement;
        }
        if (result.containsKey(UrlComponent.HOSTNAME) && !result.containsKey(UrlComponent.PORT)) {
            // A pattern naming a host but no port means the default port, not any port.
            result.put(UrlComponent.PORT, "");
        }
    }

    private void step() {
        switch (state) {
            case INIT -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    rewindAndSetState(State.PROTOCOL);
                }
            }
            case PROTOCOL -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    specialScheme = protocolMatchesSpecialScheme.test(makeComponentString());
                    State nextState = State.PATHNAME;
                    int skip = 1;
                    if (isNonSpecialPatternChar(tokenIndex + 1, "/") && isNonSpecialPatternChar(tokenIndex + 2, "/")) {
                        nextState = State.AUTHORITY;
                        skip = 3;
                    } else if (specialScheme) {
                        nextState = State.AUTHORITY;
                    }
                    changeState(nextState, skip);
                }
            }
            case AUTHORITY -> {
                if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    rewindAndSetState(State.USERNAME);
                } else if (isNonSpecialPatternChar(tokenIndex, "/") || isSearchPrefix() || isHashPrefix()) {
                    rewindAndSetState(State.HOSTNAME);
                }
            }
            case USERNAME -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    changeState(State.PASSWORD, 1);
                } else if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    changeState(State.HOSTNAME, 1);
                }
            }
            case PASSWORD -> {
                if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    changeState(State.HOSTNAME, 1);
                }
            }
            case HOSTNAME -> {
                if (isNonSpecialPatternChar(tokenIndex, "[")) {
                    hostnameIpv6BracketDepth++;
                } else if (isNonSpecialPatternChar(tokenIndex, "]")) {
                    hostnameIpv6BracketDepth--;
                } else if (isNonSpecialPatternChar(tokenIndex, ":") && hostnameIpv6BracketDepth == 0) {
                    changeState(State.PORT, 1);
                } else if (isNonSpecialPatternChar(tokenIndex, "/")) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case PORT -> {
                if (isNonSpecialPatternChar(tokenIndex, "/")) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case PATHNAME -> {
                if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case SEARCH -> {
                if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case HASH -> {
                // the rest of the string is the hash
            }
            case DONE -> throw new IllegalStateException("parsing continued after the end");
        }
    }

    private void changeState(State newState, int skip) {
        UrlComponent component = componentOf(state);
        if (component != null) {
            result.put(component, makeComponentString());
        }
        if (state != State.INIT && newState != State.DONE) {
            boolean beforeHostname = state == State.PROTOCOL || state == State.AUTHORITY || state == State.USERNAME
                    || state == State.PASSWORD;
            boolean beforePathname = beforeHostname || state == State.HOSTNAME || state == State.PORT;
            if (beforeHostname && (newState == State.PORT || newState == State.PATHNAME || newState == State.SEARCH
                    || newState == State.HASH)) {
                result.putIfAbsent(UrlComponent.HOSTNAME, "");
            }
            if (beforePathname && (newState == State.SEARCH || newState == State.HASH)) {
                result.putIfAbsent(UrlComponent.PATHNAME, specialScheme ? "/" : "");
            }
            if ((beforePathname || state == State.PATHNAME) && newState == State.HASH) {
                result.putIfAbsent(UrlComponent.SEARCH, "");
            }
        }
        state = newState;
        tokenIndex += skip;
        componentStart = tokenIndex;
        tokenIncrement = 0;
    }

    private static UrlComponent componentOf(State state) {
        return switch (state) {
            case PROTOCOL -> UrlComponent.PROTOCOL;
            case USERNAME -> UrlComponent.USERNAME;
            case PASSWORD -> UrlComponent.PASSWORD;
            case HOSTNAME -> UrlComponent.HOSTNAME;
            case PORT -> UrlComponent.PORT;
            case PATHNAME -> UrlComponent.PATHNAME;
            case SEARCH -> UrlComponent.SEARCH;
            case HASH -> UrlComponent.HASH;
            case INIT, AUTHORITY, DONE -> null;
        };
    }

    private void rewind() {
        tokenIndex = componentStart;
        tokenIncrement = 0;
    }

    private void rewindAndSetState(State newState) {
        rewind();
        state = newState;
    }

    private UrlPatternToken safeToken(int index) {
        return index < tokens.size() ? tokens.get(index) : tokens.get(tokens.size() - 1);
    }

    private boolean isNonSpecialPatternChar(int index, String value) {
        UrlPatternToken token = safeToken(index);
        return token.value().equals(value) && (token.type() == Type.CHAR || token.type() == Type.ESCAPED_CHAR
                || token.type() == Type.INVALID_CHAR);
    }

    private boolean isSearchPrefix() {
        if (isNonSpecialPatternChar(tokenIndex, "?")) {
            return true;
        }
        if (!tokens.get(tokenIndex).value().equals("?")) {
            return false;
        }
        if (tokenIndex == 0) {
            return true;
        }
        Type previous = safeToken(tokenIndex - 1).type();
        // After a group, '?' is that group's modifier, not the start of the search.
        return previous != Type.NAME && previous != Type.REGEXP && previous != Type.CLOSE
                && previous != Type.ASTERISK;
    }

    private boolean isHashPrefix() {
        return isNonSpecialPatternChar(tokenIndex, "#");
    }

    private String makeComponentString() {
        int start = safeToken(componentStart).index();
        int end = tokens.get(tokenIndex).index();
        return UrlPatternTokenizer.codePointSubstring(input, start, end);
    }
}
