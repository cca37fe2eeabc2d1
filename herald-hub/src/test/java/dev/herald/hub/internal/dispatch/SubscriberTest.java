package dev.herald.hub.internal.dispatch;

import static dev.herald.hub.internal.dispatch.DispatchFixture.encoded;
import static dev.herald.hub.internal.dispatch.DispatchFixture.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switch from replay to live delivery: live updates that arrive while history is read are held, those the
 * history already covers are dropped by log position, and nothing is lost or written twice; a subscriber whose
 * held updates pass its bound is cut off.
 */
class SubscriberTest {

    private final DispatchFixture fixture = new DispatchFixture();
    private final RecordingSink sink = new RecordingSink();
    private final List<EncodedUpdate> mine = new ArrayList<>();
    private int encodings;

    @AfterEach
    void stop() {
        mine.forEach(EncodedUpdate::release);
        fixture.close();
    }

    private Subscriber subscriber(Runnable onSlow) {
        return new Subscriber(subscription(fixture.selectors.exact("t")), sink, fixture.loop, onSlow);
    }

    /** A live update, as the dispatcher hands it: the test keeps its own reference, as the queue does. */
    private EncodedUpdate live(long position) {
        EncodedUpdate update = encoded(position, "t");
        mine.add(update);
        return update;
    }

    /** The stream's opening comment, written ahead of its history; the test keeps the reference, as a stream does. */
    private EncodedUpdate opening() {
        EncodedUpdate opening = EncodedUpdate.comment("", ByteBufAllocator.DEFAULT);
        mine.add(opening);
        return opening;
    }

    /** History read from the log, not yet encoded. */
    private static List<Replayed> history(long... positions) {
        List<Replayed> history = new ArrayList<>();
        for (long position : positions) {
            EncodedUpdate update = encoded(position, "t");
            history.add(new Replayed(position, update.update));
            update.release();
        }
        return history;
    }

    /** Encodes each history entry when the subscriber writes it, counting how many it encoded. */
    private EncodedUpdate encode(Replayed entry) {
        encodings++;
        return EncodedUpdate.encode(entry.position(), entry.update(), ByteBufAllocator.DEFAULT);
    }

    @Test
    void liveUpdatesCoveredByTheHistoryAreDroppedAndTheOthersFollowIt() throws Exception {
        Subscriber subscriber = subscriber(() -> { });
        fixture.onLoop(() -> {
            subscriber.beginReplay(Long.MAX_VALUE);
            // Published while the history was being read: 3 and 4 are in it, 5 is not.
            assertThat(subscriber.deliver(live(3))).isFalse();
            assertThat(subscriber.deliver(live(4))).isFalse();
            assertThat(subscriber.deliver(live(5))).isFalse();
        });
        assertThat(sink.events).isEmpty();

        fixture.onLoop(() -> subscriber.replay(opening(), history(1, 2, 3, 4), 4, this::encode, null));
        // The opening, the history and the held update it did not cover leave in one flush: one send, not several.
        assertThat(sink.ids()).containsExactly(":", "u1", "u2", "u3", "u4", "u5");
        assertThat(sink.flushes).isEqualTo(1);
        fixture.onLoop(() -> {
            subscriber.deliver(live(5)); // an update matching two selectors arrives twice
            subscriber.deliver(live(6));
            subscriber.flushIfDirty();
        });

        assertThat(sink.ids()).containsExactly(":", "u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(mine).allSatisfy(update -> assertThat(update.refCnt()).isEqualTo(1)); // held ones released
    }

    @Test
    void aReplayPausesWhileTheConnectionIsFullAndLosesNothing() throws Exception {
        Subscriber subscriber = subscriber(() -> { });
        sink.onWrite = () -> sink.writable = sink.events.size() < 3; // full after the opening and two updates
        fixture.onLoop(() -> {
            subscriber.beginReplay(Long.MAX_VALUE);
            subscriber.deliver(live(3));
            subscriber.deliver(live(5));
            subscriber.replay(opening(), history(1, 2, 3, 4), 4, this::encode, null);
        });
        assertThat(sink.ids()).containsExactly(":", "u1", "u2");
        assertThat(sink.flushes).isEqualTo(1); // what was written goes out while the rest waits
        assertThat(encodings).as("the history waiting to be written is not encoded yet").isEqualTo(2);

        fixture.onLoop(() -> {
            subscriber.deliver(live(6)); // still replaying: held
            sink.writable = true;
            sink.onWrite = () -> { };
            subscriber.resumeReplay();
        });

        assertThat(sink.ids()).containsExactly(":", "u1", "u2", "u3", "u4", "u5", "u6");
        fixture.onLoop(() -> subscriber.deliver(live(7)));
        assertThat(sink.ids()).endsWith("u6", "u7");
    }

    @Test
    void aReplayInPagesReadsTheNextOnlyOnceThePageIsWrittenAndWaitsForIt() throws Exception {
        Subscriber subscriber = subscriber(() -> { });
        List<String> pagesAsked = new ArrayList<>();
        fixture.onLoop(() -> {
            subscriber.beginReplay(Long.MAX_VALUE);
            subscriber.deliver(live(4)); // in the last page
            subscriber.deliver(live(6)); // after the history
            subscriber.replay(opening(), history(1, 2), 5, this::encode, () -> pagesAsked.add("second"));
        });
        assertThat(sink.ids()).containsExactly(":", "u1", "u2");
        assertThat(pagesAsked).containsExactly("second");

        fixture.onLoop(() -> {
            subscriber.resumeReplay(); // the connection writable again: still waiting for the page, nothing ends
            subscriber.deliver(live(7)); // still held
        });
        assertThat(sink.ids()).containsExactly(":", "u1", "u2");
        assertThat(pagesAsked).hasSize(1);

        fixture.onLoop(() -> subscriber.continueReplay(history(3, 4, 5), null));
        assertThat(sink.ids()).containsExactly(":", "u1", "u2", "u3", "u4", "u5", "u6", "u7");
        assertThat(pagesAsked).hasSize(1);
        assertThat(mine).allSatisfy(update -> assertThat(update.refCnt()).isEqualTo(1));
    }

    @Test
    void heldUpdatesOverTheBoundCutTheSubscriberOff() throws Exception {
        CountDownLatch cutOff = new CountDownLatch(1);
        long bound = 3 * live(1).eventLength();
        Subscriber subscriber = subscriber(cutOff::countDown);
        fixture.onLoop(() -> {
            subscriber.beginReplay(bound);
            for (long position = 1; position <= 4; position++) {
                subscriber.deliver(live(position));
            }
            assertThat(cutOff.getCount()).isEqualTo(1); // ended as a later task, not inside the dispatch
        });

        assertThat(cutOff.await(5, TimeUnit.SECONDS)).isTrue();
        fixture.onLoop(() -> {
            subscriber.replay(opening(), history(), 0, this::encode, null);
            assertThat(subscriber.deliver(live(5))).isFalse();
            subscriber.moveTo(StreamPhase.ENDED);
        });
        assertThat(sink.events).isEmpty();
        assertThat(mine).allSatisfy(update -> assertThat(update.refCnt()).isEqualTo(1));
    }

    @Test
    void aSubscriberTooSlowForALiveUpdateIsCutOffAndWritesNothingMore() throws Exception {
        CountDownLatch cutOff = new CountDownLatch(1);
        Subscriber subscriber = subscriber(cutOff::countDown);
        fixture.onLoop(() -> {
            subscriber.moveTo(StreamPhase.LIVE);
            assertThat(subscriber.deliver(live(1))).isTrue();
            sink.writable = false;
            assertThat(subscriber.deliver(live(2))).isFalse();
            sink.writable = true;
            assertThat(subscriber.deliver(live(3))).isFalse();
            assertThat(subscriber.phase()).isEqualTo(StreamPhase.ENDING);
        });

        assertThat(cutOff.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.ids()).containsExactly("u1");
    }
}
