package dev.herald.hub.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class StreamPhaseTest {

    private static EnumSet<StreamPhase> next(StreamPhase from) {
        EnumSet<StreamPhase> next = EnumSet.noneOf(StreamPhase.class);
        for (StreamPhase to : StreamPhase.values()) {
            if (from.mayMoveTo(to)) {
                next.add(to);
            }
        }
        return next;
    }

    @Test
    void aStreamMovesOnlyForward() {
        assertThat(next(StreamPhase.OPENING)).containsExactly(StreamPhase.REPLAYING, StreamPhase.LIVE,
                StreamPhase.ENDED);
        assertThat(next(StreamPhase.REPLAYING)).containsExactly(StreamPhase.LIVE, StreamPhase.ENDING,
                StreamPhase.ENDED);
        assertThat(next(StreamPhase.LIVE)).containsExactly(StreamPhase.ENDING, StreamPhase.ENDED);
        assertThat(next(StreamPhase.ENDING)).containsExactly(StreamPhase.ENDED);
        assertThat(next(StreamPhase.ENDED)).isEmpty();
    }

    @Test
    void onlyAReplayingOrLiveStreamWrites() {
        assertThat(EnumSet.allOf(StreamPhase.class)).filteredOn(StreamPhase::writes)
                .containsExactly(StreamPhase.REPLAYING, StreamPhase.LIVE);
    }
}
