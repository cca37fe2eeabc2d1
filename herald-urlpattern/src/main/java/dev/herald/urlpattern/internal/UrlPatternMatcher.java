package dev.herald.urlpattern.internal;

import com.google.re2j.Pattern;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled URL pattern: one RE2/J expression per URL component, each run on that component of a URL that the
 * WHATWG URL parser made, as the URL Pattern standard's "match" does. A component whose pattern is {@code *}
 * matches whatever the component holds (a parsed URL's components never hold a line terminator), so it is not run.
 * Parsing and each expression take time linear in the URL, so matching does too.
 */
public final class UrlPatternMatcher {

    private final Map<UrlComponent, Pattern> expressions;

    UrlPatternMatcher(Map<UrlComponent, Pattern> expressions) {
        this.expressions = new EnumMap<>(expressions);
    }

    /** Whether {@code url}, parsed as an absolute URL, matches; false when it is not a valid URL. */
    public boolean matches(String url) {
        return UrlParser.parse(url).map(this::matches).orElse(false);
    }

    /** Whether {@code url}, parsed against {@code baseUrl}, matches; false when either is not a valid URL. */
    public boolean matches(String url, String baseUrl) {
        Optional<Url> base = UrlParser.parse(baseUrl);
        return base.isPresent() && UrlParser.parse(url, base).map(this::matches).orElse(false);
    }

    boolean matches(Url url) {
        for (Map.Entry<UrlComponent, Pattern> entry : expressions.entrySet()) {
            if (!entry.getValue().matches(entry.getKey().of(url))) {
                return false;
            }
        }
        return true;
    }
}
