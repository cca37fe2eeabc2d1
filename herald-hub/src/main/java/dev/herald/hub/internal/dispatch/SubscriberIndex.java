package dev.herald.hub.internal.dispatch;

import dev.herald.hub.internal.topic.TopicSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One loop's subscribers and their topic index: every subscriber, those of each exact topic, those of each pattern.
 * Adding and removing cost the same however many subscribers there are (a few steps per selector): each subscriber
 * remembers its place in each list, and a removal moves the list's last subscriber into the freed place. So
 * thousands of subscribers leaving at once cost the loop thousands of steps, not millions; the order of a list is
 * of no matter, as each subscriber gets its updates in log order whatever its place. Used on the loop only.
 */
final class SubscriberIndex {

    /** Subscribers by the exact topic they selected. */
    final Map<String, List<Subscriber>> byTopic = new HashMap<>();
    /** Subscribers by the pattern (or {@code *}) they selected: each pattern is tested once per topic. */
    final Map<TopicSelector, List<Subscriber>> byPattern = new HashMap<>();
    /** Every subscriber, for the heartbeat. */
    final List<Subscriber> all = new ArrayList<>();
    /** List elements moved, for the test that removal does not walk the lists. */
    private long moves;

    void add(Subscriber subscriber) {
        List<TopicSelector> selectors = subscriber.subscription.selectors();
        subscriber.allSlot = all.size();
        all.add(subscriber);
        subscriber.slots = new int[selectors.size()];
        for (int i = 0; i < selectors.size(); i++) {
            List<Subscriber> list = listOf(selectors.get(i), true);
            subscriber.slots[i] = list.size();
            list.add(subscriber);
        }
    }

    void remove(Subscriber subscriber) {
        if (subscriber.allSlot < 0) {
            return; // not indexed, or already removed
        }
        Subscriber moved = takeFrom(all, subscriber.allSlot);
        if (moved != null) {
            moved.allSlot = subscriber.allSlot;
        }
        subscriber.allSlot = -1;
        List<TopicSelector> selectors = subscriber.subscription.selectors();
        for (int i = 0; i < selectors.size(); i++) {
            TopicSelector selector = selectors.get(i);
            List<Subscriber> list = listOf(selector, false);
            int slot = subscriber.slots[i];
            int last = list.size() - 1;
            moved = takeFrom(list, slot);
            if (moved != null) {
                moved.slots[slotIndexOf(moved, selector, last)] = slot;
            }
            if (list.isEmpty()) {
                String topic = selector.exactTopic();
                if (topic != null) {
                    byTopic.remove(topic);
                } else {
                    byPattern.remove(selector);
                }
            }
        }
    }

    /** How many list elements removals have moved so far. */
    long moves() {
        return moves;
    }

    private List<Subscriber> listOf(TopicSelector selector, boolean create) {
        String topic = selector.exactTopic();
        if (topic != null) {
            return create ? byTopic.computeIfAbsent(topic, t -> new ArrayList<>(2)) : byTopic.get(topic);
        }
        return create ? byPattern.computeIfAbsent(selector, s -> new ArrayList<>(2)) : byPattern.get(selector);
    }

    /** Removes the element at {@code slot}, moving the last one there; returns the one moved, if one was. */
    private Subscriber takeFrom(List<Subscriber> list, int slot) {
        Subscriber last = list.remove(list.size() - 1);
        if (slot == list.size()) {
            return null;
        }
        list.set(slot, last);
        moves++;
        return last;
    }

    /** Which of {@code subscriber}'s selectors (equal to {@code selector}) sits at {@code slot} of their list. */
    private static int slotIndexOf(Subscriber subscriber, TopicSelector selector, int slot) {
        List<TopicSelector> selectors = subscriber.subscription.selectors();
        for (int i = 0; i < selectors.size(); i++) {
            if (subscriber.slots[i] == slot && sameList(selectors.get(i), selector)) {
                return i;
            }
        }
        throw new IllegalStateException("a subscriber moved in a list it is not indexed in");
    }

    private static boolean sameList(TopicSelector a, TopicSelector b) {
        String topic = a.exactTopic();
        return topic != null ? topic.equals(b.exactTopic()) : b.exactTopic() == null && a.equals(b);
    }
}
