package dev.herald.hub.internal.dispatch;

import static dev.herald.hub.internal.dispatch.DispatchFixture.encoded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Update;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays take the updates a loop dispatched last as they were encoded for live delivery, each encoded once for all
 * the subscribers that ask for it; what is no longer kept (past the count or the bytes) is encoded again.
 */
class RecentUpdatesTest {

    private final RecentUpdates recent = new RecentUpdates();
    private final List<EncodedUpdate> taken = new ArrayList<>();

    @AfterEach
    void release() {
        taken.forEach(EncodedUpdate::release);
        recent.clear();
    }

    /** Dispatches an update: kept with the queue's reference; returns it for identity checks (no reference). */
    private EncodedUpdate dispatched(long position) {
        EncodedUpdate update = encoded(position, "t");
        recent.keep(update);
        return update;
    }

    private EncodedUpdate replayed(long position, Update update) {
        EncodedUpdate encoded = recent.encoded(new Replayed(position, update), UnpooledByteBufAllocator.DEFAULT);
        taken.add(encoded);
        return encoded;
    }

    @Test
    void aRecentUpdateIsTakenAsEncodedNotEncodedAgain() {
        EncodedUpdate five = dispatched(5);
        dispatched(6);

        EncodedUpdate first = replayed(5, five.update);
        EncodedUpdate second = replayed(5, five.update);

        assertThat(first).isSameAs(five).isSameAs(second);
        assertThat(five.refCnt()).as("kept, plus one reference per replay").isEqualTo(3);
    }

    @Test
    void anEqualUpdateReadBackFromAFileIsTakenToo() {
        EncodedUpdate five = dispatched(5);
        Update readBack = Update.builder().topics(five.update.topics()).id("u5").data("x").build();

        assertThat(replayed(5, readBack)).isSameAs(five);
    }

    @Test
    void anotherUpdateAtTheSamePositionOrAPositionNotKeptIsEncodedAnew() {
        EncodedUpdate five = dispatched(5);
        Update other = Update.builder().topic("t").id("other").data("y").build();

        assertThat(replayed(5, other)).isNotSameAs(five);
        assertThat(replayed(4, five.update)).isNotSameAs(five);
        assertThat(replayed(7, five.update)).isNotSameAs(five);
    }

    @Test
    void onlyTheNewestAreKept() {
        List<EncodedUpdate> all = new ArrayList<>();
        for (long position = 1; position <= RecentUpdates.MAX_UPDATES + 10; position++) {
            EncodedUpdate update = dispatched(position);
            update.retain(); // the test's own, to see when the ring lets go
            all.add(update);
        }

        assertThat(all.get(9).refCnt()).as("the tenth, dropped from the ring").isEqualTo(1);
        assertThat(all.get(10).refCnt()).as("the oldest still kept").isEqualTo(2);
        EncodedUpdate newest = all.get(all.size() - 1);
        assertThat(replayed(newest.position, newest.update)).isSameAs(newest);
        assertThat(replayed(10, all.get(9).update)).isNotSameAs(all.get(9));
        all.forEach(EncodedUpdate::release);
    }

    @Test
    void theBytesKeptAreBounded() {
        String data = "x".repeat(300 * 1024);
        List<EncodedUpdate> all = new ArrayList<>();
        for (long position = 1; position <= 5; position++) {
            Update update = Update.builder().topic("t").id("big" + position).data(data).build();
            EncodedUpdate encoded = EncodedUpdate.encode(position, update, UnpooledByteBufAllocator.DEFAULT);
            encoded.retain();
            recent.keep(encoded);
            all.add(encoded);
        }

        // 300 KiB each within 1 MiB: the three newest.
        assertThat(all).extracting(EncodedUpdate::refCnt).containsExactly(1, 1, 2, 2, 2);
        all.forEach(EncodedUpdate::release);
    }

    @Test
    void clearReleasesEverythingKept() {
        EncodedUpdate five = dispatched(5);
        five.retain();

        recent.clear();

        assertThat(five.refCnt()).isEqualTo(1);
        five.release();
    }
}
