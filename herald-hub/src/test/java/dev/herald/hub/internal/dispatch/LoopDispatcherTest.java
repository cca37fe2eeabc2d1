package dev.herald.hub.internal.dispatch;

import static dev.herald.hub.internal.dispatch.DispatchFixture.HUB;
import static dev.herald.hub.internal.dispatch.DispatchFixture.encoded;
import static dev.herald.hub.internal.dispatch.DispatchFixture.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.internal.topic.TopicSelector;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topic index of one loop, its batches and flushes, on a real event loop with recording sinks. */
class LoopDispatcherTest {

    private final DispatchFixture fixture = new DispatchFixture();
    private final LoopDispatcher dispatcher = new LoopDispatcher(fixture.loop, fixture.metrics);

    @AfterEach
    void stop() {
        fixture.close();
    }

    private RecordingSink subscribe(TopicSelector... selectors) throws Exception {
        RecordingSink sink = new RecordingSink();
        fixture.onLoop(() -> dispatcher.add(subscriber(sink, selectors)));
        return sink;
    }

    private Subscriber subscriber(RecordingSink sink, TopicSelector... selectors) {
        Subscriber subscriber = new Subscriber(subscription(selectors), sink, fixture.loop, () -> { });
        subscriber.moveTo(StreamPhase.LIVE); // as a stream that has started
        return subscriber;
    }

    /** Queues an update as the fan-out does (from another thread) and waits until the loop has handled it. */
    private void publish(EncodedUpdate update) throws Exception {
        dispatcher.enqueue(update);
        update.release();
        fixture.sync();
    }

    @Test
    void exactTopicsAndPatternsFindTheirSubscribers() throws Exception {
        RecordingSink exact = subscribe(fixture.selectors.exact("https://example.com/books/1"));
        RecordingSink urlPattern = subscribe(fixture.selectors.urlPattern("https://example.com/books/:id", HUB));
        RecordingSink template = subscribe(fixture.selectors.legacy("https://example.com/books/{id}"));
        RecordingSink any = subscribe(fixture.selectors.exact("*"));
        RecordingSink other = subscribe(fixture.selectors.exact("https://example.com/authors/1"));

        publish(encoded(1, "https://example.com/books/1"));
        publish(encoded(2, "https://example.com/books/2"));
        publish(encoded(3, "https://example.com/authors/1"));

        assertThat(exact.ids()).containsExactly("u1");
        assertThat(urlPattern.ids()).containsExactly("u1", "u2");
        assertThat(template.ids()).containsExactly("u1", "u2");
        assertThat(any.ids()).containsExactly("u1", "u2", "u3");
        assertThat(other.ids()).containsExactly("u3");
        assertThat(fixture.metrics.delivered).isEqualTo(9);
        assertThat(fixture.metrics.dispatched).isEqualTo(3);
    }

    @Test
    void anUpdateMatchingSeveralSelectorsIsDeliveredOnce() throws Exception {
        RecordingSink sink = subscribe(fixture.selectors.exact("a"), fixture.selectors.exact("b"),
                fixture.selectors.urlPattern("/books/:id", HUB), fixture.selectors.exact("*"));

        publish(encoded(1, "a", "b", "https://hub.example.com/books/1"));

        assertThat(sink.ids()).containsExactly("u1");
        assertThat(fixture.metrics.delivered).isEqualTo(1);
    }

    @Test
    void aSubscriberRemovedDuringAWalkLeavesOnceTheWalkIsOver() throws Exception {
        RecordingSink first = new RecordingSink();
        Subscriber removed = subscriber(first, fixture.selectors.exact("t"));
        // As when a write fails and the connection's stream ends: the removal comes from inside the walk.
        first.onWrite = () -> dispatcher.remove(removed);
        fixture.onLoop(() -> dispatcher.add(removed));
        RecordingSink second = subscribe(fixture.selectors.exact("t"));
        RecordingSink third = subscribe(fixture.selectors.exact("t"));

        publish(encoded(1, "t"));
        publish(encoded(2, "t"));

        // Nobody after the removed one is skipped by the walk; the removed one gets nothing after it.
        assertThat(first.ids()).containsExactly("u1");
        assertThat(second.ids()).containsExactly("u1", "u2");
        assertThat(third.ids()).containsExactly("u1", "u2");
    }

    @Test
    void aBatchFlushesEachTouchedSubscriberOnce() throws Exception {
        RecordingSink a = subscribe(fixture.selectors.exact("t"));
        RecordingSink b = subscribe(fixture.selectors.exact("t"), fixture.selectors.exact("u"));
        RecordingSink untouched = subscribe(fixture.selectors.exact("z"));
        CountDownLatch hold = new CountDownLatch(1);
        fixture.loop.execute(() -> {
            try {
                hold.await(5, TimeUnit.SECONDS); // the loop is busy while three updates queue up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (EncodedUpdate update : List.of(encoded(1, "t"), encoded(2, "u"), encoded(3, "t", "u"))) {
            dispatcher.enqueue(update);
            update.release();
        }
        hold.countDown();
        fixture.sync();

        assertThat(a.ids()).containsExactly("u1", "u3");
        assertThat(b.ids()).containsExactly("u1", "u2", "u3");
        assertThat(a.flushes).isEqualTo(1);
        assertThat(b.flushes).isEqualTo(1);
        assertThat(untouched.flushes).isZero();
    }

    @Test
    void theHeartbeatGoesToEverySubscriberNotReplaying() throws Exception {
        RecordingSink a = subscribe(fixture.selectors.exact("t"));
        RecordingSink b = subscribe(fixture.selectors.urlPattern("/books/:id", HUB));
        RecordingSink replaying = new RecordingSink();
        Subscriber resuming = new Subscriber(subscription(fixture.selectors.exact("t")), replaying, fixture.loop,
                () -> { });
        fixture.onLoop(() -> {
            dispatcher.add(resuming);
            resuming.beginReplay(Long.MAX_VALUE);
        });
        EncodedUpdate heartbeat = EncodedUpdate.comment("", UnpooledByteBufAllocator.DEFAULT);

        fixture.onLoop(() -> dispatcher.broadcastComment(heartbeat));

        assertThat(a.ids()).containsExactly(":");
        assertThat(b.ids()).containsExactly(":");
        assertThat(a.flushes).isEqualTo(1);
        assertThat(b.flushes).isEqualTo(1);
        // A resuming subscriber's stream has not begun yet: its first bytes are the head and its history.
        assertThat(replaying.events).isEmpty();
        assertThat(heartbeat.release()).isTrue(); // each write took its own duplicate: the comment was ours alone
    }
}
