package dev.herald.hub.internal.dispatch;

import static dev.herald.hub.internal.dispatch.DispatchFixture.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Update;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream's life: open, replay, and one end whatever ends it. */
class StreamTest {

    /** Records what the registry tells of streams opening and ending. */
    private static final class RecordingListener implements StreamRegistry.Listener {
        final List<Stream> opened = new ArrayList<>();
        final List<Stream> ended = new ArrayList<>();

        @Override
        public void opened(Stream stream) {
            opened.add(stream);
        }

        @Override
        public void ended(Stream stream) {
            ended.add(stream);
        }
    }

    private final DispatchFixture fixture = new DispatchFixture();
    private final LoopDispatcher dispatcher = new LoopDispatcher(fixture.loop, fixture.metrics);
    private final RecordingListener listener = new RecordingListener();
    private final StreamRegistry registry = new StreamRegistry(listener);
    private final RecordingSink sink = new RecordingSink();
    private final Stream stream = new Stream(subscription(fixture.selectors.exact("t")), sink, dispatcher, registry,
            1024 * 1024, UnpooledByteBufAllocator.DEFAULT);

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aStreamEndsOnceWhateverEndsIt() throws Exception {
        fixture.onLoop(() -> {
            stream.open(Optional.empty());
            stream.start();
        });
        assertThat(registry.streams()).containsExactly(stream);
        assertThat(listener.opened).containsExactly(stream);
        assertThat(sink.opened).isTrue();

        fixture.onLoop(() -> {
            stream.end(EndReason.SLOW);
            stream.end(EndReason.CLIENT); // the connection's close, which the cut-off caused
            stream.end(EndReason.ERROR);
        });

        assertThat(fixture.metrics.ended).containsExactly(EndReason.SLOW);
        assertThat(listener.ended).containsExactly(stream);
        assertThat(registry.size()).isZero();
        assertThat(sink.closed).isTrue();
        assertThat(sink.ended).isFalse();
        assertThat(sink.ids()).containsExactly(":"); // the opening comment only
    }

    @Test
    void theTokensExpiryEndsTheStreamCleanly() throws Exception {
        fixture.onLoop(() -> {
            stream.open(Optional.of(Instant.now().plus(Duration.ofMillis(50))));
            stream.start();
        });
        TimeUnit.MILLISECONDS.sleep(200);
        fixture.sync();

        assertThat(fixture.metrics.ended).containsExactly(EndReason.EXPIRED);
        assertThat(sink.ended).isTrue();
        assertThat(registry.size()).isZero();
    }

    @Test
    void atShutdownStreamsEndCleanlyAndTheirEndIsNotAnnounced() throws Exception {
        fixture.onLoop(() -> {
            stream.open(Optional.empty());
            stream.start();
        });
        assertThat(registry.beginShutdown()).isTrue();
        assertThat(registry.beginShutdown()).isFalse();

        registry.endAll(EndReason.SHUTDOWN);
        fixture.sync();

        assertThat(sink.ended).isTrue();
        assertThat(fixture.metrics.ended).containsExactly(EndReason.SHUTDOWN);
        assertThat(listener.ended).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aReplayWritesTheHeadNamingTheCursorThenTheHistoryThenLiveUpdates() throws Exception {
        MemoryTransport transport = new MemoryTransport(100);
        for (String id : List.of("a", "b", "c")) {
            transport.append(Update.builder().topic("t").id(id).data(id).build());
        }
        transport.append(Update.builder().topic("other").id("d").data("d").build());
        fixture.onLoop(() -> {
            stream.open(Optional.empty());
            stream.replay(transport, "a");
        });

        assertThat(sink.openedWith).isEqualTo("a");
        assertThat(sink.ids()).containsExactly(":", "b", "c");
        EncodedUpdate live = DispatchFixture.encoded(5, "t");
        dispatcher.enqueue(live);
        live.release();
        fixture.sync();
        assertThat(sink.ids()).containsExactly(":", "b", "c", "u5");
    }

    @Test
    void aReplayFromAnIdNoLongerInTheLogStartsFromTheEarliest() throws Exception {
        fixture.onLoop(() -> {
            stream.open(Optional.empty());
            stream.replay(new MemoryTransport(100), "gone");
        });

        assertThat(sink.openedWith).isEqualTo(MemoryTransport.EARLIEST);
        assertThat(sink.ids()).containsExactly(":");
    }
}
