package dev.herald.hub.internal.topic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.hub.Update;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a subscriber asked for and may see, and the one rule deciding whether an update goes to it
 * ({@link #receives}).
 *
 * @param idHigh the high half of the subscriber's id, a random UUID, kept as its two numbers (its text is made
 *     when needed, and a {@link UUID} would be one more object for each idle subscriber)
 * @param idLow the low half of the id
 * @param selectors the topics it subscribed to
 * @param texts each of {@code selectors} as the subscriber wrote it, for subscription events
 * @param privateSelectors the topics its token lets it receive private updates for
 */
public record Subscription(long idHigh, long idLow, List<TopicSelector> selectors, List<SelectorText> texts,
        List<TopicSelector> privateSelectors) {

    /**
     * A selector as the subscriber wrote it, for subscription events.
     *
     * @param type its matcher type: {@code exact}, {@code urlpattern}, or {@code topic} for a 0.x selector
     * @param text the selector itself
     * @param payload what the subscriber's token attaches to this subscription (Mercure "Payloads")
     */
    public record SelectorText(String type, String text, Optional<JsonNode> payload) {

        /** Checks for nulls. */
        public SelectorText {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(payload, "payload");
        }

        /** A selector with no payload. */
        public SelectorText(String type, String text) {
            this(type, text, Optional.empty());
        }
    }

    /** Copies the lists. */
    public Subscription {
        selectors = List.copyOf(selectors);
        texts = List.copyOf(texts);
        privateSelectors = List.copyOf(privateSelectors);
    }

    /** A subscription whose subscriber has the id {@code id}. */
    public Subscription(UUID id, List<TopicSelector> selectors, List<SelectorText> texts,
            List<TopicSelector> privateSelectors) {
        this(id.getMostSignificantBits(), id.getLeastSignificantBits(), selectors, texts, privateSelectors);
    }

    /** The subscriber's id, {@code urn:uuid:...}, as subscription events name it. */
    public String id() {
        return "urn:uuid:" + new UUID(idHigh, idLow);
    }

    /**
     * THE rule: whether {@code update} goes to this subscriber. It does when one of the subscriber's selectors selects
     * one of the update's topics, and the update is public or, private, one of its topics is granted by the
     * subscriber's token (one of {@link #privateSelectors}). Replay applies it to every update read from history;
     * live delivery applies it to every update its topic index offers (the index only narrows the subscribers
     * whose selectors may select the update, it decides nothing).
     */
    public boolean receives(Update update) {
        return selects(update) && allows(update);
    }

    /** Whether one of the subscriber's selectors selects one of the update's topics. */
    private boolean selects(Update update) {
        return anyMatches(selectors, update.topics());
    }

    /** Whether the subscriber may see the update: a public one always, a private one if a topic of it is granted. */
    private boolean allows(Update update) {
        return !update.privateUpdate() || anyMatches(privateSelectors, update.topics());
    }

    /** Indexed loops: this runs per update and per subscriber, and must not allocate an iterator. */
    private static boolean anyMatches(List<TopicSelector> selectors, List<String> topics) {
        for (int s = 0; s < selectors.size(); s++) {
            TopicSelector selector = selectors.get(s);
            for (int t = 0; t < topics.size(); t++) {
                if (selector.matches(topics.get(t))) {
                    return true;
                }
            }
        }
        return false;
    }
}
