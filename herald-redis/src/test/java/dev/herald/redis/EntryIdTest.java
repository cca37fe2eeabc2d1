package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntryIdTest {

    @Test
    void parsesAndPrintsRedisIds() {
        EntryId id = EntryId.parse("1700000000123-7");
        assertThat(id).isEqualTo(new EntryId(1_700_000_000_123L, 7));
        assertThat(id.toString()).isEqualTo("1700000000123-7");
    }

    @Test
    void positionsIncreaseAlongTheStream() {
        long[][] ids = {{0, 0}, {0, 1}, {1, 0}, {1_700_000_000_123L, 0}, {1_700_000_000_123L, 1},
            {1_700_000_000_123L, EntryId.MAX_SEQ}, {1_700_000_000_124L, 0}, {EntryId.MAX_MS, EntryId.MAX_SEQ}};
        long previous = -1;
        for (long[] id : ids) {
            long position = new EntryId(id[0], id[1]).position();
            assertThat(position).isGreaterThan(previous);
            previous = position;
        }
        assertThat(new EntryId(EntryId.MAX_MS, EntryId.MAX_SEQ).position()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void positionIsMillisecondsShiftedPastTwentyBitsOfSequence() {
        assertThat(new EntryId(3, 5).position()).isEqualTo((3L << 20) | 5);
    }

    @Test
    void aSequenceTooLargeForAPositionSharesItsMillisecondsLastPosition() {
        long last = new EntryId(10, EntryId.MAX_SEQ).position();
        assertThat(new EntryId(10, EntryId.MAX_SEQ + 1).position()).isEqualTo(last);
        assertThat(new EntryId(11, 0).position()).isGreaterThan(last);
    }

    @Test
    void comparesLikeRedis() {
        assertThat(EntryId.parse("5-10").isBefore(EntryId.parse("6-0"))).isTrue();
        assertThat(EntryId.parse("5-2").isBefore(EntryId.parse("5-10"))).isTrue();
        assertThat(EntryId.parse("5-2").isBefore(EntryId.parse("5-2"))).isFalse();
    }

    @Test
    void rejectsWhatIsNotAnEntryId() {
        assertThatThrownBy(() -> EntryId.parse("12")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryId.parse("-1-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryId.parse("1-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EntryId(EntryId.MAX_MS + 1, 0).position())
                .isInstanceOf(IllegalStateException.class);
    }
}
