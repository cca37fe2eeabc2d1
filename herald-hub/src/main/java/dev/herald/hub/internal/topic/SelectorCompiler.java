package dev.herald.hub.internal.topic;

import dev.herald.hub.internal.auth.TopicRule;
import dev.herald.urlpattern.UriTemplate;
import dev.herald.urlpattern.UrlPattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns selector strings into {@link TopicSelector}s and shares them: subscribers that send the same pattern get the
 * same instance, so its per-topic answers are cached once for all of them. The table is bounded; past its size it
 * starts over, which costs recompiling, never correctness.
 */
public final class SelectorCompiler {

    private static final int MAX_SHARED = 16_384;

    private final Map<String, TopicSelector> templates = new ConcurrentHashMap<>();
    private final Map<String, TopicSelector> urlPatterns = new ConcurrentHashMap<>();

    /**
     * A Mercure 0.x {@code topic} selector: {@code *}, a URI template when it contains {@code {}, else an exact
     * topic. A template that does not parse is taken as an exact topic, as the reference hub does.
     */
    public TopicSelector legacy(String selector) {
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
            compiled = TopicSelector.template(selector, UriTemplate.compile(selector));
        } catch (IllegalArgumentException e) {
            compiled = TopicSelector.exact(selector);
        }
        return share(templates, selector, compiled);
    }

    /** A Mercure 1.0 {@code match} / {@code match_exact} selector: {@code *} or an exact topic. */
    public TopicSelector exact(String selector) {
        return selector.equals("*") ? TopicSelector.any() : TopicSelector.exact(selector);
    }

    /**
     * A Mercure 1.0 URL pattern, from a {@code match_urlpattern} parameter or a token's grant, resolved against
     * {@code hubUrl} when relative. Compiled once and shared: the same text and URL give the same selector.
     *
     * @throws IllegalArgumentException when it does not compile
     */
    public TopicSelector urlPattern(String selector, HubUrl hubUrl) {
        if (selector.equals("*")) {
            return TopicSelector.any();
        }
        String key = TopicSelector.key(selector, hubUrl);
        TopicSelector known = urlPatterns.get(key);
        if (known != null) {
            return known;
        }
        return share(urlPatterns, key, TopicSelector.urlPattern(selector, compile(selector, hubUrl), hubUrl));
    }

    /**
     * An absolute pattern is compiled on its own (a base URL would lend it the base's query and fragment); only a
     * relative one, which the compiler refuses without a base, is resolved against the hub's URL.
     */
    private static UrlPattern compile(String pattern, HubUrl hubUrl) {
        try {
            return UrlPattern.compile(pattern);
        } catch (IllegalArgumentException relativeOrInvalid) {
            return UrlPattern.compile(pattern, hubUrl.toString());
        }
    }

    /**
     * The selector a token's rule grants. The rule's URL pattern was compiled (through {@link #urlPattern}) when
     * the token was validated, so this finds it shared; one that no longer does grants nothing.
     */
    public TopicSelector rule(TopicRule rule, HubUrl hubUrl) {
        return switch (rule.kind()) {
            case ANY -> TopicSelector.any();
            case EXACT -> TopicSelector.exact(rule.match());
            case URI_TEMPLATE -> legacy(rule.match());
            case URL_PATTERN -> urlPatternOrNothing(rule.match(), hubUrl);
        };
    }

    private TopicSelector urlPatternOrNothing(String pattern, HubUrl hubUrl) {
        try {
            return urlPattern(pattern, hubUrl);
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
