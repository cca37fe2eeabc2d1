package dev.herald.hub.internal;

import dev.herald.hub.internal.auth.TopicRule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns selector strings into {@link TopicSelector}s and shares them: subscribers that send the same pattern get the
 * same instance, so its per-topic answers are cached once for all of them. The table is bounded; past its size it
 * starts over, which costs recompiling, never correctness.
 */
final class SelectorCompiler {

    private static final int MAX_SHARED = 16_384;

    private final Map<String, TopicSelector> templates = new ConcurrentHashMap<>();
    private final Map<String, TopicSelector> urlPatterns = new ConcurrentHashMap<>();

    /**
     * A Mercure 0.x {@code topic} selector: {@code *}, a URI template when it contains {@code {}, else an exact
     * topic. A template that does not parse is taken as an exact topic, as the reference hub does.
     */
    TopicSelector legacy(String selector) {
        if (selector.equals("*")) {
            return TopicSelector.any();
        }
        if (selector.indexOf('{') < 0) {
            return TopicSelector.exact(selector);
        }
        TopicSelector known = templates.get(selector);
        if (known != null) {
            return known;
        }
        TopicSelector compiled;
        try {
            compiled = TopicSelector.template(selector, UriTemplatePattern.compile(selector));
        } catch (IllegalArgumentException e) {
            compiled = TopicSelector.exact(selector);
        }
        return share(templates, selector, compiled);
    }

    /** A Mercure 1.0 {@code match} / {@code match_exact} selector: {@code *} or an exact topic. */
    TopicSelector exact(String selector) {
        return selector.equals("*") ? TopicSelector.any() : TopicSelector.exact(selector);
    }

    /** A Mercure 1.0 {@code match_urlpattern} selector; throws IllegalArgumentException when it does not compile. */
    TopicSelector urlPattern(String selector) {
        if (selector.equals("*")) {
            return TopicSelector.any();
        }
        TopicSelector known = urlPatterns.get(selector);
        if (known != null) {
            return known;
        }
        return share(urlPatterns, selector, TopicSelector.urlPattern(selector,
                UrlPatternCompiler.compile(selector)));
    }

    /** The selector a token's rule grants. */
    TopicSelector rule(TopicRule rule) {
        return switch (rule.kind()) {
            case ANY -> TopicSelector.any();
            case EXACT -> TopicSelector.exact(rule.match());
            case URI_TEMPLATE -> legacy(rule.match());
            case URL_PATTERN -> urlPatternOrNothing(rule.match());
        };
    }

    /** A token's URL pattern that does not compile grants nothing, rather than failing every request. */
    private TopicSelector urlPatternOrNothing(String pattern) {
        try {
            return urlPattern(pattern);
        } catch (IllegalArgumentException e) {
            return TopicSelector.nothing();
        }
    }

    private static TopicSelector share(Map<String, TopicSelector> table, String key, TopicSelector selector) {
        if (table.size() >= MAX_SHARED) {
            table.clear();
        }
        TopicSelector shared = table.putIfAbsent(key, selector);
        return shared != null ? shared : selector;
    }
}
