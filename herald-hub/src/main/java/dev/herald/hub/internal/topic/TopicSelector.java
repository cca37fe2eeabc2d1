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
 * share the pattern. Made by {@link SelectorCompiler}, which shares patterns.
 */
public abstract sealed class TopicSelector permits TopicSelector.Exact, TopicSelector.Any, TopicSelector.Matching {

    /** How a selector selects topics. */
    public enum Kind {
        /** Every topic: the reserved {@code *}, whatever the matcher type. */
        ANY,
        /** The topic equal to the selector, byte for byte. */
        EXACT,
        /**
         * A Mercure 0.x selector containing '{' that parses as an RFC 6570 template: the topics it matches, and the
         * topic equal to its text.
         */
        URI_TEMPLATE,
        /** A Mercure 1.0 URL pattern: the topics (relative ones resolved against the hub's URL) it matches. */
        URL_PATTERN
    }

    /** How many topics a pattern remembers its answer for before it starts over. */
    private static final int CACHE_SIZE = 4096;

    private static final TopicSelector ANY = new Any();

    /** What identifies the selector: selectors with the same key (and kind) select the same topics. */
    private final String key;
    /** The selector as written, by a subscriber or in a token. */
    private final String text;

    private TopicSelector(String key, String text) {
        this.key = key;
        this.text = text;
    }

    static TopicSelector exact(String topic) {
        return new Exact(topic);
    }

    static TopicSelector any() {
        return ANY;
    }

    /** A URI template (Mercure 0.x): it also selects a topic that is the template's own text. */
    static TopicSelector template(String template, UriTemplate pattern) {
        return new Matching(template, template, Kind.URI_TEMPLATE, pattern::matches, Optional.empty());
    }

    /**
     * A URL pattern (Mercure 1.0), compiled against {@code hubUrl} when there is one: a relative topic is then
     * resolved against the same URL before it is matched, and a topic that is no URL matches nothing.
     */
    static TopicSelector urlPattern(String urlPattern, UrlPattern pattern, Optional<HubUrl> hubUrl) {
        return new Matching(key(urlPattern, hubUrl), urlPattern, Kind.URL_PATTERN, pattern::matches, hubUrl);
    }

    /** What identifies a compiled URL pattern: its text and the URL it was resolved against. */
    static String key(String urlPattern, Optional<HubUrl> hubUrl) {
        return "urlpattern:" + hubUrl.map(HubUrl::toString).orElse("") + " " + urlPattern;
    }

    /** Whether this selector selects {@code topic}. */
    public abstract boolean matches(String topic);

    /** How this selector selects. */
    public abstract Kind kind();

    /** The selector as written ({@code *} for every topic). */
    public String text() {
        return text;
    }

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

    static final class Exact extends TopicSelector {
        private Exact(String topic) {
            super(topic, topic);
        }

        @Override
        public boolean matches(String topic) {
            return text().equals(topic);
        }

        @Override
        public Kind kind() {
            return Kind.EXACT;
        }

        @Override
        public String exactTopic() {
            return text();
        }
    }

    static final class Any extends TopicSelector {
        private Any() {
            super("*", "*");
        }

        @Override
        public boolean matches(String topic) {
            return true;
        }

        @Override
        public Kind kind() {
            return Kind.ANY;
        }
    }

    static final class Matching extends TopicSelector {
        private final Kind kind;
        private final Predicate<String> pattern;
        /** For URL patterns compiled against the hub's URL: the URL relative topics resolve against. */
        private final Optional<HubUrl> base;
        private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

        private Matching(String key, String text, Kind kind, Predicate<String> pattern, Optional<HubUrl> base) {
            super(key, text);
            this.kind = kind;
            this.pattern = pattern;
            this.base = base;
        }

        @Override
        public boolean matches(String topic) {
            Boolean known = answers.get(topic);
            if (known != null) {
                return known;
            }
            boolean matches = kind == Kind.URI_TEMPLATE && text().equals(topic)
                    || base.isEmpty() && pattern.test(topic)
                    || base.isPresent() && base.get().absolute(topic).map(pattern::test).orElse(false);
            if (answers.size() >= CACHE_SIZE) {
                answers.clear(); // bounded: a flood of distinct topics cannot grow it
            }
            answers.put(topic, matches);
            return matches;
        }

        @Override
        public Kind kind() {
            return kind;
        }
    }
}
