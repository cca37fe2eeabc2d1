package dev.herald.hub.internal.topic;

import dev.herald.hub.Update;
import java.util.List;

/**
 * What a subscriber asked for and may see.
 *
 * @param id the subscriber's id ({@code urn:uuid:...}), used in subscription events
 * @param selectors the topics it subscribed to
 * @param privateSelectors the topics its token lets it receive private updates for
 */
public record Subscription(String id, List<TopicSelector> selectors, List<TopicSelector> privateSelectors) {

    public Subscription {
        selectors = List.copyOf(selectors);
        privateSelectors = List.copyOf(privateSelectors);
    }

    /** Whether a matching update may go to this subscriber: public ones always, private ones when authorised. */
    public boolean mayReceive(Update update) {
        if (!update.privateUpdate()) {
            return true;
        }
        for (TopicSelector selector : privateSelectors) {
            for (String topic : update.topics()) {
                if (selector.matches(topic)) {
                    return true;
                }
            }
        }
        return false;
    }
}
