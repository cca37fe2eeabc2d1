package dev.herald.urlpattern.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A URL record as the WHATWG URL Standard's parser ({@link UrlParser}) makes it, with its serializer. Every string
 * is already percent-encoded and canonical: serializing and parsing again gives the same record.
 *
 * @param scheme the lowercase scheme, without its colon
 * @param username the percent-encoded username, possibly empty
 * @param password the percent-encoded password, possibly empty
 * @param host the serialized host, absent for a URL without one (an empty host is present and empty)
 * @param port the port, absent when none was given or it is the scheme's default
 * @param path the path segments; for an opaque path, its one element is the whole path
 * @param opaquePath whether the path is opaque ({@code mailto:x}, {@code urn:a:b}) rather than a list of segments
 * @param query the query without its {@code ?}, absent when there is none
 * @param fragment the fragment without its {@code #}, absent when there is none
 */
record Url(String scheme, String username, String password, Optional<String> host, OptionalInt port,
        List<String> path, boolean opaquePath, Optional<String> query, Optional<String> fragment) {

    Url {
        path = List.copyOf(path);
    }

    boolean special() {
        return SpecialScheme.isSpecial(scheme);
    }

    /** The standard's "URL path serializer": the opaque path, or each segment after a {@code /}. */
    String pathname() {
        if (opaquePath) {
            return path.get(0);
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** The standard's "URL serializer", fragment included. */
    String href() {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (host.isPresent()) {
            out.append("//");
            if (!username.isEmpty() || !password.isEmpty()) {
                out.append(username);
                if (!password.isEmpty()) {
                    out.append(':').append(password);
                }
                out.append('@');
            }
            out.append(host.get());
            port.ifPresent(number -> out.append(':').append(number));
        } else if (!opaquePath && path.size() > 1 && path.get(0).isEmpty()) {
            // Without it, a path starting with an empty segment would read back as a host.
            out.append("/.");
        }
        out.append(pathname());
        query.ifPresent(text -> out.append('?').append(text));
        fragment.ifPresent(text -> out.append('#').append(text));
        return out.toString();
    }

    @Override
    public String toString() {
        return href();
    }
}
