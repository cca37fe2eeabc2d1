package dev.herald.urlpattern;

import com.google.re2j.Pattern;
import dev.herald.urlpattern.internal.UrlPatternCompiler;
import java.util.Objects;

/**
 * A compiled <a href="https://urlpattern.spec.whatwg.org/">WHATWG URL Pattern</a>, written in its constructor-string
 * form ({@code https://example.com/books/:id}, {@code https://*.example.com/*},
 * {@code http{s}?://example.com/:year(\d+)}), that decides in time linear in a URL whether the URL matches it.
 *
 * <p>Deliberate differences from the standard:
 * <ul>
 *   <li>A URL is matched as written, in one piece, rather than parsed into components first: it matches as the
 *       standard would match it when it is in serialized form (lowercase scheme and host, no default port,
 *       percent-encoding applied), as URLs normally are.</li>
 *   <li>Regexp groups are ECMAScript expressions run by RE2: backreferences and lookaround (which RE2 cannot run in
 *       linear time), {@code ^}, {@code $}, {@code \b} and {@code \B} (which would see past their component),
 *       Unicode property escapes, {@code \q{...}} and inline modifiers are refused.</li>
 *   <li>Fixed text is canonicalized with IDNA 2003 ({@link java.net.IDN}) rather than UTS #46 for host names, and
 *       IPv4 addresses written in other notations (such as {@code 0x7f.1}) are not normalized.</li>
 *   <li>There is no {@code ignoreCase} option.</li>
 * </ul>
 *
 * <p>Implementation limits, past which {@link #compile(String)} refuses a pattern: 4,096 characters; an expression
 * of more than 20,000 RE2 instructions or 262,144 characters; regexp groups or classes nested more than 32 deep;
 * repetition counts above 1,000; more than 64 optional parts in a row at the start of a path.
 *
 * <p>Instances are immutable and safe to share between threads. No method accepts or returns null.
 */
public final class UrlPattern {

    private final String pattern;
    private final Pattern expression;

    private UrlPattern(String pattern, Pattern expression) {
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

    /** Whether {@code url}, an absolute URL in serialized form, matches this pattern as a whole. */
    public boolean matches(String url) {
        Objects.requireNonNull(url, "url");
        return expression.matches(url);
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
