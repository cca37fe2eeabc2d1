package dev.herald.hub.internal.dispatch;

import static dev.herald.hub.internal.dispatch.DispatchFixture.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.internal.topic.TopicSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Removing a subscriber from its loop's index costs a bounded number of steps whatever the number of subscribers:
 * counted (list elements moved), not timed. Mass departures, in any order, leave the index exactly as the
 * subscribers that stay.
 */
class SubscriberIndexTest {

    private final DispatchFixture fixture = new DispatchFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The most elements one removal moves: one per list it is in (every subscriber's, and one per selector). */
    private static long movesPerRemoval(SubscriberIndex index, List<Subscriber> removed) {
        long before = index.moves();
        for (Subscriber subscriber : removed) {
            index.remove(subscriber);
        }
        return (index.moves() - before) / Math.max(1, removed.size());
    }

    private List<Subscriber> fill(SubscriberIndex index, int count, TopicSelector shared, TopicSelector pattern) {
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicSelector own = fixture.selectors.exact("https://example.com/own/" + i);
            Subscriber subscriber = new Subscriber(i % 2 == 0 ? subscription(shared, own) : subscription(own, pattern,
                    shared), new RecordingSink(), fixture.loop, () -> { });
            index.add(subscriber);
            subscribers.add(subscriber);
        }
        return subscribers;
    }

    @Test
    void removalCostDoesNotGrowWithTheSubscribers() {
        TopicSelector shared = fixture.selectors.exact("https://example.com/shared");
        TopicSelector pattern = fixture.selectors.legacy("https://example.com/books/{id}");
        for (int count : new int[] {1_000, 10_000, 100_000}) {
            SubscriberIndex index = new SubscriberIndex();
            List<Subscriber> subscribers = fill(index, count, shared, pattern);
            List<Subscriber> leaving = new ArrayList<>(subscribers.subList(0, count * 9 / 10));
            Collections.shuffle(leaving, new Random(count));
            long moves = movesPerRemoval(index, leaving);
            // Every list it is in, at most one move each: at most 4 here (all, shared, own, pattern).
            assertThat(moves).as("moves per removal among %d subscribers", count).isLessThanOrEqualTo(4);
            List<Subscriber> staying = subscribers.subList(count * 9 / 10, count);
            assertThat(index.all).containsExactlyInAnyOrderElementsOf(staying);
            assertThat(index.byTopic.get(shared.exactTopic())).containsExactlyInAnyOrderElementsOf(staying);
            assertThat(index.byPattern.get(pattern)).hasSize(staying.size() / 2);
            assertThat(index.byTopic).hasSize(staying.size() + 1);
            for (Subscriber subscriber : staying) {
                index.remove(subscriber);
                index.remove(subscriber); // twice: the second does nothing
            }
            assertThat(index.all).isEmpty();
            assertThat(index.byTopic).isEmpty();
            assertThat(index.byPattern).isEmpty();
        }
    }

    @Test
    void aSubscriberNamingOneTopicTwiceIsIndexedAndRemovedTwice() {
        SubscriberIndex index = new SubscriberIndex();
        TopicSelector a = fixture.selectors.exact("https://example.com/a");
        Subscriber twice = new Subscriber(subscription(a, a), new RecordingSink(), fixture.loop, () -> { });
        Subscriber other = new Subscriber(subscription(a), new RecordingSink(), fixture.loop, () -> { });
        index.add(twice);
        index.add(other);
        assertThat(index.byTopic.get(a.exactTopic())).containsExactly(twice, twice, other);
        index.remove(twice);
        assertThat(index.byTopic.get(a.exactTopic())).containsExactly(other);
        assertThat(index.all).containsExactly(other);
    }
}
