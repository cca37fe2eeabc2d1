package dev.herald.hub.internal.assembly;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The hub's event loops, in two groups. The stream loops carry subscribers' streams. When the hub listens on its own
 * port, as many request loops accept its connections and read their requests, and a connection whose request opens a
 * stream moves to a stream loop ({@code netty.StreamLoops}). Kept apart, a request never waits behind the streams'
 * work: when seventeen thousand subscribers left at once, each loop read all their ends, in the kernel's order,
 * before a publisher's request that came after them, and deliveries stalled for up to a fifth of a second.
 */
final class EventLoops {

    private final EventLoopGroup streams;
    private final Optional<EventLoopGroup> requests;

    /** {@code threads} stream loops, and as many request loops if {@code listens}. */
    EventLoops(int threads, boolean listens) {
        this.streams = group(threads, "herald-streams");
        this.requests = listens ? Optional.of(group(threads, "herald-requests")) : Optional.empty();
    }

    private static EventLoopGroup group(int threads, String name) {
        // At most 512 ready connections handled per loop turn, the queued deliveries running between turns: when
        // thousands of subscribers leave at once, their closes would otherwise all go before any delivery.
        IoHandlerFactory io = Epoll.isAvailable()
                ? EpollIoHandler.newFactory(512, DefaultSelectStrategyFactory.INSTANCE) : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, false, Thread.MAX_PRIORITY), io);
    }

    /** The loops streams live on, and the servlet front-end's requests are served on. */
    EventLoopGroup streams() {
        return streams;
    }

    /** The loops that accept the hub's own connections and read their requests; empty when the hub does not listen. */
    Optional<EventLoopGroup> requests() {
        return requests;
    }

    /** The stream loops, one by one. */
    List<EventLoop> streamLoops() {
        List<EventLoop> loops = new ArrayList<>();
        streams.forEach(loop -> loops.add((EventLoop) loop));
        return loops;
    }

    /** Every loop, stream loops first. */
    List<EventLoop> all() {
        List<EventLoop> all = streamLoops();
        requests.ifPresent(group -> group.forEach(loop -> all.add((EventLoop) loop)));
        return all;
    }

    /** Every loop as an executor, for the meters and the liveness check. */
    List<EventExecutor> executors() {
        return List.copyOf(all());
    }

    /** Stops every loop, giving each up to {@code timeout} to run what it still has. */
    void shutdown(Duration timeout) {
        List<Future<?>> stopping = new ArrayList<>();
        stopping.add(streams.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS));
        requests.ifPresent(group -> stopping.add(group.shutdownGracefully(0, timeout.toMillis(),
                TimeUnit.MILLISECONDS)));
        stopping.forEach(Future::syncUninterruptibly);
    }
}
