package dev.herald.urlpattern;

import dev.herald.urlpattern.internal.UrlPatternCompiler;
import dev.herald.urlpattern.internal.UrlPatternMatcher;
import java.util.Objects;

/**
 * A compiled <a href="https://urlpattern.spec.whatwg.org/">WHATWG URL Pattern</a>, written in its constructor-string
 * form ({@code https://example.com/books/:id}, {@code https://*.example.com/*},
 * {@code http{s}?://example.com/:year(\d+)}), that decides in time linear in a URL whether the URL matches it.
 *
 * <p>A URL is parsed with the WHATWG URL parser, then each of its components is matched, as the standard does: so
 * {@code HTTP://EXAMPLE.com:80/caf\u00e9} is read as {@code http://example.com/caf%C3%A9}, and an internationalized
 * host as its punycode form. A string that is not a valid URL matches no pattern.
 *
 * <p>Deliberate differences from the standard:
 * <ul>
 *   <li>Regexp groups are ECMAScript expressions run by RE2: backreferences and lookaround (which RE2 cannot run in
 *       linear time), {@code ^}, {@code $}, {@code \b} and {@code \B}, Unicode property escapes, {@code \q{...}}
 *       and inline modifiers are refused.</li>
 *   <li>Internationalized host names, in patterns and URLs alike, are converted with IDNA 2003
 *       ({@link java.net.IDN}) rather than UTS #46; the two agree on ordinary names.</li>
 *   <li>There is no {@code ignoreCase} option.</li>
 * </ul>
 *
 * <p>Implementation limits, past which {@link #compile(String)} refuses a pattern: 4,096 characters; expressions
 * of more than 20,000 RE2 instructions in all, or one of more than 262,144 characters; regexp groups or classes
 * nested more than 32 deep; repetition counts above 1,000.
 *
 * <p>Instances are immutable and safe to share between threads. No method accepts or returns null.
 */
public final class UrlPattern {

    private final String pattern;
    private final UrlPatternMatcher expression;

    private UrlPattern(String pattern, UrlPatternMatcher expression) {
        this.pattern = pattern;
        this.expression = expression;
    }

    /** Compiles an absolute URL pattern, or throws IllegalArgumentException saying why it is invalid or relative. */
    public static UrlPattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return new UrlPattern(pattern, UrlPatternCompiler.compile(pattern));
    }

    /** Compiles a URL pattern, resolved against {@code baseUrl} when relative, or throws IllegalArgumentException. */
    public static UrlPattern compile(String pattern, String baseUrl) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(baseUrl, "baseUrl");
        return new UrlPattern(pattern, UrlPatternCompiler.compile(pattern, baseUrl));
    }

    /** Whether {@code url}, an absolute URL, matches this pattern; false when it is not a valid URL. */
    public boolean matches(String url) {
        Objects.requireNonNull(url, "url");
        return expression.matches(url);
    }

    /**
     * Whether {@code url}, resolved against {@code baseUrl} when relative (as a Mercure hub resolves topics against
     * its own URL), matches this pattern; false when either is not a valid URL.
     */
    public boolean matches(String url, String baseUrl) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(baseUrl, "baseUrl");
        return expression.matches(url, baseUrl);
    }

    /** The pattern as it was given to {@code compile}. */
    public String pattern() {
        return pattern;
    }

    /** The pattern as it was given to {@code compile}. */
    @Override
    public String toString() {
        return pattern;
    }
}
