package dev.herald.hub.internal.topic;

import dev.herald.urlpattern.UriTemplate;
import dev.herald.urlpattern.UrlPattern;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns selector strings, from subscriptions and from tokens' grants, into {@link TopicSelector}s and shares them:
 * subscribers that send the same pattern get the same instance, so its per-topic answers are cached once for all of
 * them. The table is bounded; past its size it starts over, which costs recompiling, never correctness.
 */
public final class SelectorCompiler {

    private static final int MAX_SHARED = 16_384;

    private final Map<String, TopicSelector> templates = new ConcurrentHashMap<>();
    private final Map<String, TopicSelector> urlPatterns = new ConcurrentHashMap<>();

    /**
     * A Mercure 0.x selector, from a {@code topic} parameter or a 0.x token's claim: {@code *}, a URI template when
     * it contains <code>{</code> and parses, else an exact topic (a template that does not parse is an exact topic,
     * as in the reference hub). The one place a 0.x selector is classified.
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
        return urlPattern(selector, Optional.of(hubUrl));
    }

    /**
     * A URL pattern with no hub URL to resolve against (a token checked outside the hub, for a resource identifier
     * that is no hub URL): an absolute pattern compiles, a relative one does not.
     *
     * @throws IllegalArgumentException when it does not compile
     */
    public TopicSelector absoluteUrlPattern(String selector) {
        return urlPattern(selector, Optional.empty());
    }

    private TopicSelector urlPattern(String selector, Optional<HubUrl> hubUrl) {
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
    private static UrlPattern compile(String pattern, Optional<HubUrl> hubUrl) {
        try {
            return UrlPattern.compile(pattern);
        } catch (IllegalArgumentException relativeOrInvalid) {
            if (hubUrl.isEmpty()) {
                throw relativeOrInvalid;
            }
            return UrlPattern.compile(pattern, hubUrl.get().toString());
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
