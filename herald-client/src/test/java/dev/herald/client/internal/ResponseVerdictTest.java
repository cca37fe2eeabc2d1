package dev.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseVerdictTest {

    @Test
    void recognisesTheEventStreamContentType() {
        assertThat(ResponseVerdict.isEventStream(Optional.of("text/event-stream"))).isTrue();
        assertThat(ResponseVerdict.isEventStream(Optional.of("TEXT/Event-Stream"))).isTrue();
        assertThat(ResponseVerdict.isEventStream(Optional.of("text/event-stream;charset=utf-8"))).isTrue();
        assertThat(ResponseVerdict.isEventStream(Optional.of("\ttext/event-stream ; a=b"))).isTrue();
        assertThat(ResponseVerdict.isEventStream(Optional.empty())).isFalse();
        assertThat(ResponseVerdict.isEventStream(Optional.of(""))).isFalse();
        assertThat(ResponseVerdict.isEventStream(Optional.of("text/event-stream-x"))).isFalse();
        assertThat(ResponseVerdict.isEventStream(Optional.of("text/plain; x=text/event-stream"))).isFalse();
    }
}
