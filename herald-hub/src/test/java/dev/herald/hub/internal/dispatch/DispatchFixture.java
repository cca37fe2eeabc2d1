package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Update;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import dev.herald.hub.internal.topic.Subscription;
import dev.herald.hub.internal.topic.TopicSelector;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** A real event loop, a selector compiler and counting meters, for the dispatch core's tests. */
class DispatchFixture implements AutoCloseable {

    /** Meters that count what the dispatch core reports. */
    static final class CountingMetrics implements DispatchMetrics {
        long delivered;
        int dispatched;
        final List<EndReason> ended = new ArrayList<>();

        @Override
        public void delivered(long count) {
            delivered += count;
        }

        @Override
        public void dispatched(long nanos) {
            dispatched++;
        }

        @Override
        public void ended(EndReason reason) {
            ended.add(reason);
        }
    }

    static final HubUrl HUB = HubUrl.of("https", "hub.example.com");

    final DefaultEventLoop loop = new DefaultEventLoop();
    final SelectorCompiler selectors = new SelectorCompiler();
    final CountingMetrics metrics = new CountingMetrics();

    /** Runs {@code task} on the loop and returns its result. */
    <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the loop. */
    void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    /** Waits until every task queued on the loop so far has run. */
    void sync() throws Exception {
        onLoop(() -> { });
    }

    static Subscription subscription(TopicSelector... selectors) {
        return new Subscription(java.util.UUID.randomUUID(), List.of(selectors), List.of(), List.of());
    }

    /** An update to {@code topics} with the id {@code "u" + position}, encoded at {@code position}. */
    static EncodedUpdate encoded(long position, String... topics) {
        Update update = Update.builder().topics(List.of(topics)).id("u" + position).data("x").build();
        return EncodedUpdate.encode(position, update, UnpooledByteBufAllocator.DEFAULT);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
