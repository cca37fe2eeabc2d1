package dev.herald.urlpattern.internal;

import java.util.function.Function;

/** The eight components of a URL that a URL pattern matches one by one, each read from a parsed {@link Url}. */
enum UrlComponent {

    PROTOCOL(Url::scheme),
    USERNAME(Url::username),
    PASSWORD(Url::password),
    HOSTNAME(url -> url.host().orElse("")),
    PORT(url -> url.port().isPresent() ? Integer.toString(url.port().getAsInt()) : ""),
    PATHNAME(Url::pathname),
    SEARCH(url -> url.query().orElse("")),
    HASH(url -> url.fragment().orElse(""));

    private final Function<Url, String> reader;

    UrlComponent(Function<Url, String> reader) {
        this.reader = reader;
    }

    /** This component of {@code url}, as the standard's "match" reads it: empty when the URL has none. */
    String of(Url url) {
        return reader.apply(url);
    }
}
