package dev.herald.hub.internal.topic;

import dev.herald.urlpattern.UriTemplate;
import dev.herald.urlpattern.UrlPattern;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Decides which topics a subscription (or a token's grant) covers: one exact topic, every topic ({@code *}), or a
 * pattern (a URI template or a URL pattern, compiled to a linear-time RE2/J expression). A pattern's answer for a
 * topic is remembered, in a bounded cache, so it is evaluated once per (pattern, topic) however many subscribers
 * share the pattern.
 */
public abstract sealed class TopicSelector permits TopicSelector.Exact, TopicSelector.Any, TopicSelector.Nothing,
        TopicSelector.Matching {

    /** How many topics a pattern remembers its answer for before it starts over. */
    private static final int CACHE_SIZE = 4096;

    private static final TopicSelector ANY = new Any();
    private static final TopicSelector NOTHING = new Nothing();

    /** The selector's text as the client sent it; selectors with the same key select the same topics. */
    public final String key;

    private TopicSelector(String key) {
        this.key = key;
    }

    public static TopicSelector exact(String topic) {
        return new Exact(topic);
    }

    public static TopicSelector any() {
        return ANY;
    }

    /** Selects no topic: what an unusable grant amounts to. */
    public static TopicSelector nothing() {
        return NOTHING;
    }

    /** A URI template (Mercure 0.x): it also selects a topic that is the template's own text. */
    public static TopicSelector template(String template, UriTemplate pattern) {
        return new Matching(template, pattern::matches, true, Optional.empty());
    }

    /**
     * A URL pattern (Mercure 1.0), compiled against {@code hubUrl}: a relative topic is resolved against the same URL
     * before it is matched, and a topic that is no URL matches nothing.
     */
    public static TopicSelector urlPattern(String urlPattern, UrlPattern pattern, HubUrl hubUrl) {
        return new Matching(key(urlPattern, hubUrl), pattern::matches, false, Optional.of(hubUrl));
    }

    /** What identifies a compiled URL pattern: its text and the URL it was resolved against. */
    public static String key(String urlPattern, HubUrl hubUrl) {
        return "urlpattern:" + hubUrl + " " + urlPattern;
    }

    public abstract boolean matches(String topic);

    /** The one topic this selector selects, or null when it selects by pattern. */
    public String exactTopic() {
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicSelector selector && selector.getClass() == getClass() && selector.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }

    public static final class Exact extends TopicSelector {
        private Exact(String topic) {
            super(topic);
        }

        @Override
        public boolean matches(String topic) {
            return key.equals(topic);
        }

        @Override
        public String exactTopic() {
            return key;
        }
    }

    public static final class Any extends TopicSelector {
        private Any() {
            super("*");
        }

        @Override
        public boolean matches(String topic) {
            return true;
        }
    }

    public static final class Nothing extends TopicSelector {
        private Nothing() {
            super("");
        }

        @Override
        public boolean matches(String topic) {
            return false;
        }
    }

    public static final class Matching extends TopicSelector {
        private final Predicate<String> pattern;
        private final boolean matchesItsOwnText;
        /** For URL patterns: the URL relative topics resolve against. */
        private final Optional<HubUrl> base;
        private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

        private Matching(String key, Predicate<String> pattern, boolean matchesItsOwnText, Optional<HubUrl> base) {
            super(key);
            this.pattern = pattern;
            this.matchesItsOwnText = matchesItsOwnText;
            this.base = base;
        }

        @Override
        public boolean matches(String topic) {
            Boolean known = answers.get(topic);
            if (known != null) {
                return known;
            }
            boolean matches = matchesItsOwnText && key.equals(topic) || base.isEmpty() && pattern.test(topic)
                    || base.isPresent() && base.get().absolute(topic).map(pattern::test).orElse(false);
            if (answers.size() >= CACHE_SIZE) {
                answers.clear(); // bounded: a flood of distinct topics cannot grow it
            }
            answers.put(topic, matches);
            return matches;
        }
    }
}
