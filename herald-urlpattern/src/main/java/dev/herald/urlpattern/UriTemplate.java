package dev.herald.urlpattern;

import com.google.re2j.Pattern;
import dev.herald.urlpattern.internal.UriTemplatePattern;
import java.util.Objects;

/**
 * A compiled <a href="https://www.rfc-editor.org/rfc/rfc6570">RFC 6570</a> URI template (all four levels), such as
 * {@code https://example.com/books/{id}}, that decides in time linear in a URI whether the URI matches it, as the
 * Mercure reference hub matches topics against templates.
 *
 * <p>A URI matches when it is the template's own text, or when the template's variables could take values that
 * expand it to the URI: literal text matches itself, every expression is optional as a whole and starts with its
 * operator's first character when present, and a variable's value is any run of the characters its operator allows
 * (percent-encoded triplets included). Prefix lengths such as {@code {id:3}} do not constrain matching.
 *
 * <p>Implementation limits, past which {@link #compile(String)} refuses a template: 4,096 characters; more than 100
 * variables in one expression.
 *
 * <p>Instances are immutable and safe to share between threads. No method accepts or returns null.
 */
public final class UriTemplate {

    private final String template;
    private final Pattern expression;

    private UriTemplate(String template, Pattern expression) {
        this.template = template;
        this.expression = expression;
    }

    /** Compiles a URI template, or throws IllegalArgumentException saying why it is invalid. */
    public static UriTemplate compile(String template) {
        Objects.requireNonNull(template, "template");
        return new UriTemplate(template, UriTemplatePattern.compile(template));
    }

    /** Whether {@code uri} matches this template as a whole, or is the template's own text. */
    public boolean matches(String uri) {
        Objects.requireNonNull(uri, "uri");
        return expression.matches(uri);
    }

    /** The template as it was given to {@link #compile(String)}. */
    public String template() {
        return template;
    }

    /** The template as it was given to {@link #compile(String)}. */
    @Override
    public String toString() {
        return template;
    }
}
