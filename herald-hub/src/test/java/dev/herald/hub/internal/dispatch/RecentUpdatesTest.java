package dev.herald.hub.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Update;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays of the updates a loop dispatched last share one encoding made for that loop on the first replay that needs
 * it; what is no longer kept (past the count), or past the bytes held, is encoded for the caller alone.
 */
class RecentUpdatesTest {

    private final RecentUpdates recent = new RecentUpdates();
    private final List<EncodedUpdate> taken = new ArrayList<>();

    @AfterEach
    void release() {
        taken.forEach(EncodedUpdate::release);
        recent.clear();
    }

    private static Update update(long position) {
        return Update.builder().topic("t").id("u" + position).data("x").build();
    }

    /** Dispatches an update: remembered by its position. */
    private Update dispatched(long position) {
        Update update = update(position);
        recent.keep(position, update);
        return update;
    }

    private EncodedUpdate replayed(long position, Update update) {
        EncodedUpdate encoded = recent.encoded(new Replayed(position, update), UnpooledByteBufAllocator.DEFAULT);
        taken.add(encoded);
        return encoded;
    }

    @Test
    void replaysOfARecentUpdateShareOneEncoding() {
        Update five = dispatched(5);
        dispatched(6);

        EncodedUpdate first = replayed(5, five);
        EncodedUpdate second = replayed(5, five);

        assertThat(first).isSameAs(second);
        assertThat(first.refCnt()).as("kept, plus one reference per replay").isEqualTo(3);
    }

    @Test
    void anEqualUpdateReadBackFromAFileSharesItToo() {
        Update five = dispatched(5);
        EncodedUpdate first = replayed(5, five);

        assertThat(replayed(5, update(5))).isSameAs(first);
    }

    @Test
    void anotherUpdateAtTheSamePositionOrAPositionNotKeptIsEncodedForTheCallerAlone() {
        Update five = dispatched(5);
        EncodedUpdate shared = replayed(5, five);
        Update other = Update.builder().topic("t").id("other").data("y").build();

        EncodedUpdate atFive = replayed(5, other);
        assertThat(atFive).isNotSameAs(shared);
        assertThat(atFive.refCnt()).isEqualTo(1);
        assertThat(replayed(4, update(4)).refCnt()).isEqualTo(1);
        assertThat(replayed(7, update(7)).refCnt()).isEqualTo(1);
    }

    @Test
    void onlyTheNewestAreKept() {
        List<Update> all = new ArrayList<>();
        for (long position = 1; position <= RecentUpdates.MAX_UPDATES + 10; position++) {
            all.add(dispatched(position));
        }

        assertThat(replayed(10, all.get(9)).refCnt()).as("the tenth, no longer kept").isEqualTo(1);
        EncodedUpdate oldestKept = replayed(11, all.get(10));
        assertThat(replayed(11, all.get(10))).isSameAs(oldestKept);
    }

    @Test
    void theBytesOfTheEncodingsHeldAreBounded() {
        String data = "x".repeat(300 * 1024);
        List<EncodedUpdate> shared = new ArrayList<>();
        for (long position = 1; position <= 5; position++) {
            Update update = Update.builder().topic("t").id("big" + position).data(data).build();
            recent.keep(position, update);
            EncodedUpdate first = replayed(position, update);
            shared.add(first);
        }

        // 300 KiB each within 1 MiB: the first three are held for later replays, the rest the caller's alone.
        assertThat(shared).extracting(EncodedUpdate::refCnt).containsExactly(2, 2, 2, 1, 1);
    }

    @Test
    void droppingAnUpdateOrClearingReleasesItsEncoding() {
        Update one = dispatched(1);
        EncodedUpdate encoded = replayed(1, one);
        encoded.retain(); // the test's own, to see the ring let go
        for (long position = 2; position <= RecentUpdates.MAX_UPDATES + 1; position++) {
            dispatched(position);
        }
        assertThat(encoded.refCnt()).as("the replay's and the test's").isEqualTo(2);
        encoded.release();

        EncodedUpdate last = replayed(RecentUpdates.MAX_UPDATES + 1, update(RecentUpdates.MAX_UPDATES + 1));
        recent.clear();
        assertThat(last.refCnt()).isEqualTo(1);
    }
}
