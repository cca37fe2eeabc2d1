package dev.herald.urlpattern.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The URL record that {@link UrlParser} and {@link PathParser} fill in, turned into a {@link Url} at the end. */
final class UrlBuilder {

    String scheme = "";
    final StringBuilder username = new StringBuilder();
    final StringBuilder password = new StringBuilder();
    /** The serialized host, or null when the URL has none. */
    String host;
    /** The port, or -1 when none. */
    int port = -1;
    List<String> path = new ArrayList<>();
    /** The opaque path, or null when the path is a list of segments. */
    StringBuilder opaquePath;
    /** The query, or null when there is none. */
    StringBuilder query;
    /** The fragment, or null when there is none. */
    StringBuilder fragment;

    boolean special() {
        return SpecialScheme.isSpecial(scheme);
    }

    boolean isFile() {
        return scheme.equals(SpecialScheme.FILE.scheme);
    }

    /** Takes the base URL's username, password, host and port. */
    void copyAuthority(Url base) {
        username.append(base.username());
        password.append(base.password());
        host = base.host().orElse(null);
        port = base.port().orElse(-1);
    }

    /** The standard's "shorten a URL's path": drops the last segment, but never a file URL's drive letter. */
    void shortenPath() {
        if (isFile() && path.size() == 1 && PathSegments.isWindowsDriveLetter(path.get(0), true)) {
            return;
        }
        if (!path.isEmpty()) {
            path.remove(path.size() - 1);
        }
    }

    Url build() {
        boolean opaque = opaquePath != null;
        return new Url(scheme, username.toString(), password.toString(), Optional.ofNullable(host),
                port < 0 ? OptionalInt.empty() : OptionalInt.of(port), opaque ? List.of(opaquePath.toString()) : path,
                opaque, Optional.ofNullable(query).map(StringBuilder::toString),
                Optional.ofNullable(fragment).map(StringBuilder::toString));
    }
}
