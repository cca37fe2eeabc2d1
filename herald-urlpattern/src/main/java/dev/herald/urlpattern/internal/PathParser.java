package dev.herald.urlpattern.internal;

/**
 * The URL Standard's parser states after the authority: path start, path, opaque path, query and fragment. The
 * machine only moves forward through them, so {@link UrlParser} hands the rest of the input over once it reaches
 * one.
 */
final class PathParser {

    /** Where the hand-over starts. */
    enum State { PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT }

    private static final int EOF = -1;

    private final int[] input;
    private final UrlBuilder url;
    /** The standard's state override, as canonicalizing a pattern's path text uses it: '?' and '#' end nothing. */
    private final boolean pathOnly;
    private final StringBuilder buffer;
    private State state;
    private int pointer;

    private PathParser(int[] input, UrlBuilder url, boolean pathOnly, State state, String buffer) {
        this.input = input;
        this.url = url;
        this.pathOnly = pathOnly;
        this.state = state;
        this.buffer = new StringBuilder(buffer);
    }

    /**
     * Runs from {@code state} at code point {@code start} to the end of the input.
     *
     * @param buffer what the file host state leaves for the path state (a drive letter), else empty
     */
    static void run(int[] input, int start, UrlBuilder url, boolean pathOnly, State state, String buffer) {
        PathParser parser = new PathParser(input, url, pathOnly, state, buffer);
        for (parser.pointer = start; ; parser.pointer++) {
            parser.step(parser.pointer < input.length ? input[parser.pointer] : EOF);
            if (parser.pointer >= input.length) {
                return;
            }
        }
    }

    private void step(int c) {
        switch (state) {
            case PATH_START -> pathStart(c);
            case PATH -> path(c);
            case OPAQUE_PATH -> {
                if (c == '?') {
                    startQuery();
                } else if (c == '#') {
                    startFragment();
                } else if (c == ' ') {
                    // A space before a query or fragment would be lost to the trimming of a reparse.
                    url.opaquePath.append(nextIs('?') || nextIs('#') ? "%20" : " ");
                } else if (c != EOF) {
                    PercentEncodeSet.C0_CONTROL.append(url.opaquePath, c);
                }
            }
            case QUERY -> {
                if (c == EOF || c == '#') {
                    PercentEncodeSet set = url.special() ? PercentEncodeSet.SPECIAL_QUERY : PercentEncodeSet.QUERY;
                    url.query.append(set.encode(buffer.toString()));
                    buffer.setLength(0);
                    if (c == '#') {
                        startFragment();
                    }
                } else {
                    buffer.appendCodePoint(c);
                }
            }
            case FRAGMENT -> {
                if (c != EOF) {
                    PercentEncodeSet.FRAGMENT.append(url.fragment, c);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void pathStart(int c) {
        if (url.special()) {
            state = State.PATH;
            if (c != '/' && c != '\\') {
                pointer--;
            }
        } else if (!pathOnly && c == '?') {
            startQuery();
        } else if (!pathOnly && c == '#') {
            startFragment();
        } else if (c != EOF) {
            state = State.PATH;
            if (c != '/') {
                pointer--;
            }
        }
    }

    private void path(int c) {
        boolean slash = c == '/' || url.special() && c == '\\';
        if (!(c == EOF || slash || !pathOnly && (c == '?' || c == '#'))) {
            PercentEncodeSet.PATH.append(buffer, c);
            return;
        }
        String segment = buffer.toString();
        buffer.setLength(0);
        if (PathSegments.isDoubleDot(segment)) {
            url.shortenPath();
            if (!slash) {
                url.path.add("");
            }
        } else if (PathSegments.isSingleDot(segment)) {
            if (!slash) {
                url.path.add("");
            }
        } else {
            if (url.isFile() && url.path.isEmpty() && PathSegments.isWindowsDriveLetter(segment, false)) {
                segment = segment.charAt(0) + ":";
            }
            url.path.add(segment);
        }
        if (c == '?') {
            startQuery();
        } else if (c == '#') {
            startFragment();
        }
    }

    private void startQuery() {
        url.query = new StringBuilder();
        state = State.QUERY;
    }

    private void startFragment() {
        url.fragment = new StringBuilder();
        state = State.FRAGMENT;
    }

    private boolean nextIs(int c) {
        return pointer + 1 < input.length && input[pointer + 1] == c;
    }
}
