package dev.herald.hub.internal.assembly;

import dev.herald.hub.HubOptions;
import dev.herald.hub.PublishException;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.hub.internal.HubMetrics;
import dev.herald.hub.internal.HubMount;
import dev.herald.hub.internal.HubPhase;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.dispatch.EncodedUpdate;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.Fanout;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.StreamRegistry;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.netty.HubInitializer;
import dev.herald.hub.internal.netty.connection.AcceptGate;
import dev.herald.hub.internal.netty.connection.ConnectionBudget;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.PublishRequest;
import dev.herald.hub.internal.mercure.Publisher;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.topic.SelectorCompiler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub, assembled: event loops (epoll where available, NIO otherwise), one {@link LoopDispatcher} per
 * loop, the transport feeding them through {@link Fanout}, the open streams ({@link StreamRegistry}), and the
 * listening socket, whose connections get the HTTP front-end ({@link HubInitializer}) with a {@link HubContext}.
 */
public final class HubServer implements Publisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

    private final HubSettings settings;
    private final HubMetrics metrics;
    private final Authorizer authorizer;
    /** Open subscriber streams, for the meters, the subscriptions API and shutdown. */
    private final StreamRegistry streams;
    private final HubContext context;
    private final EventLoopGroup group;
    private final Map<EventLoop, LoopDispatcher> dispatchers = new IdentityHashMap<>();
    private final List<ScheduledFuture<?>> heartbeats = new ArrayList<>();
    /** Publishes taken and not yet answered, which a drain waits for. */
    private final AtomicInteger publishesInFlight = new AtomicInteger();
    private Channel serverChannel;
    private final SubscriptionEvents subscriptionEvents;

    public HubServer(HubSettings settings) {
        this.settings = settings;
        SelectorCompiler selectors = new SelectorCompiler();
        this.authorizer = new Authorizer(settings.auth(), selectors, settings.naming());
        HubMount mount = new HubMount(settings.path());
        this.subscriptionEvents = new SubscriptionEvents(settings.subscriptions(), this, settings.transport(), mount);
        this.streams = new StreamRegistry(subscriptionEvents);
        this.metrics = new HubMetrics(streams, settings.meterRegistry());
        // At most 512 ready connections handled per loop turn, the queued deliveries running between turns: when
        // thousands of subscribers leave at once, their closes would otherwise all go before any delivery.
        IoHandlerFactory io = Epoll.isAvailable()
                ? EpollIoHandler.newFactory(512, DefaultSelectStrategyFactory.INSTANCE) : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), io);
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            dispatchers.put(loop, new LoopDispatcher(loop, metrics));
        }
        metrics.bindEventLoops(group);
        this.context = new HubContext(settings, metrics, authorizer, selectors, this, streams, subscriptionEvents,
                Collections.unmodifiableMap(dispatchers), mount);
    }

    /**
     * Binds the socket and starts taking updates from the transport.
     *
     * @throws IllegalStateException when the address cannot be bound (taken, or not this machine's); the hub is
     *     closed then
     */
    public HubServer start() throws InterruptedException {
        authorizer.prefetchKeys();
        settings.transport().start(new Fanout(new ArrayList<>(dispatchers.values()), ByteBufAllocator.DEFAULT));
        subscriptionEvents.start();
        // Counted before the first connection: what the JVM, the loops and the transport hold of the open files.
        ConnectionBudget files = ConnectionBudget.ofThisProcess();
        AcceptGate gate = new AcceptGate(files.acceptLimit(ConnectionBudget.filesOpenNow().orElse(0)));
        Class<? extends ServerSocketChannel> channelType =
                Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(gate)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client's end is a user event, and ClientClose decides when the connection closes (see there).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // A bounded send buffer: left to autotuning, the kernel let each subscriber that stopped reading
                // queue up to 4 MiB before the hub saw its own queue grow (325 MiB for 100 stalled subscribers),
                // and the cut-off came late and all at once. As large as the hub's own bound, so one option sizes
                // both (the kernel doubles the figure for its bookkeeping); 64 KiB cut off readers that were only
                // a moment behind at 800 KB/s each.
                .childOption(ChannelOption.SO_SNDBUF, settings.maxQueuedBytes())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.maxQueuedBytes() / 2, settings.maxQueuedBytes()))
                // One read-size policy for all connections (each keeps its own sizing state, its handle): Netty
                // would otherwise give every connection its own instance, 32 bytes an idle subscriber holds.
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .childHandler(new HubInitializer(context, gate));
        if (settings.listen()) {
            ChannelFuture bound = bootstrap.bind(settings.address()).await();
            if (!bound.isSuccess()) {
                // A hub that cannot listen is of no use: what started so far (the transport, the loops) stops.
                close();
                throw new IllegalStateException("cannot listen on " + settings.address() + ": "
                        + bound.cause().getMessage(), bound.cause());
            }
            serverChannel = bound.channel();
        }
        long every = settings.heartbeat().toMillis();
        if (every > 0) {
            for (LoopDispatcher dispatcher : dispatchers.values()) {
                heartbeats.add(dispatcher.loop().scheduleAtFixedRate(
                        () -> dispatcher.broadcastComment(EncodedUpdate.EMPTY_COMMENT), every, every,
                        TimeUnit.MILLISECONDS));
            }
        }
        if (!settings.listen()) {
            LOG.info("Herald hub started, served by the application's servlet container");
            return this;
        }
        LOG.info("Herald hub listening on {} ({} transport, {} I/O threads, at most {} connections; "
                + "open-file limit {})", address(), Epoll.isAvailable() ? "epoll" : "nio", settings.ioThreads(),
                settings.maxConnections(), files.openFileLimit().isPresent() ? files.openFileLimit().getAsLong()
                        : "unknown");
        if (files.openFileLimit().isPresent() && settings.maxConnections() > files.maxConnections()) {
            LOG.warn("{} {} leaves too few of the {} open files for anything else: past about {} "
                    + "connections the hub may fail to accept any, even to answer 503",
                    settings.naming().nameOf(HubOptions.MAX_CONNECTIONS), settings.maxConnections(),
                    files.openFileLimit().getAsLong(), files.maxConnections());
        }
        return this;
    }

    /** The address the hub listens on (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        if (serverChannel == null) {
            throw new IllegalStateException(settings.listen() ? "the hub is not started"
                    : "the hub does not listen: it is served by a servlet container");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** What the front-ends use of the hub. */
    public HubContext context() {
        return context;
    }

    /** How many subscribers are connected now. */
    public int subscribers() {
        return streams.size();
    }

    /** {@code https} when the hub serves TLS, else {@code http}. */
    public String scheme() {
        return settings.tlsCertificate().isPresent() ? "https" : "http";
    }

    /**
     * Publishes an application's update, checked by the rules a publisher's form is ({@link PublishRequest#check}):
     * completes with its id once stored, or fails with {@link PublishException} saying what is not allowed, with the
     * status a publisher's form would get.
     */
    public CompletableFuture<String> publishChecked(Update update) {
        if (context.phase().refusesPublishes()) {
            return CompletableFuture.failedFuture(new TransportUnavailableException("the hub is stopping", null));
        }
        try {
            PublishRequest.check(update, context.reservedNamespace());
        } catch (BadRequest e) {
            return CompletableFuture.failedFuture(new PublishException(e.status(), e.getMessage()));
        }
        return publish(update);
    }

    /** Publishes an update through the transport, unchecked (the hub's own); completes with its id once stored. */
    @Override
    public CompletableFuture<String> publish(Update update) {
        publishesInFlight.incrementAndGet();
        return settings.transport().append(update).whenComplete((stored, failure) ->
                publishesInFlight.decrementAndGet()).thenApply(stored -> {
                    metrics.published();
                    return update.id();
                });
    }

    /**
     * Ends the streams one by one over {@code drainTime}, refusing new subscribers, while publishing goes on (see
     * {@link Drain#endStreams}); blocks until they have ended.
     */
    public void endStreams(Duration drainTime) {
        try {
            new Drain(context, streams, metrics::connections, publishesInFlight::get).endStreams(drainTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drains, then stops (see {@link Drain}): not ready for the configured drain delay, streams ended one by one over
     * {@code drainTime}, accepted publishes answered. Blocks until the hub has stopped. A hub whose streams
     * {@link #endStreams} already ended (an application's own server stopped first) only answers its publishes.
     */
    public void close(Duration drainTime) {
        Drain drain = new Drain(context, streams, metrics::connections, publishesInFlight::get);
        try {
            if (drainTime.isZero()) {
                // stops at once
            } else if (context.phase().compareTo(HubPhase.DRAINING) <= 0) {
                drain.run(settings.drainDelay(), drainTime);
            } else if (context.phase() == HubPhase.ENDING_STREAMS) {
                drain.answerPublishes();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Whether every event loop of the hub runs a task within {@code limit}: false when one is stuck, or the hub has
     * stopped ({@link LoopLiveness}).
     */
    public boolean loopsAnswer(Duration limit) {
        return new LoopLiveness(group).answerWithin(limit);
    }

    /** Stops listening, ends every stream (subscribers reconnect elsewhere or later), and stops the loops. */
    @Override
    public void close() {
        if (!streams.beginShutdown()) {
            return;
        }
        context.enter(HubPhase.STOPPED);
        heartbeats.forEach(future -> future.cancel(false));
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        streams.endAll(EndReason.SHUTDOWN);
        // The transport stops first, so that nothing it still delivers meets stopped event loops.
        settings.transport().close();
        for (LoopDispatcher dispatcher : dispatchers.values()) {
            dispatcher.loop().execute(dispatcher::close); // a task still run by the graceful shutdown below
        }
        group.shutdownGracefully(0, Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        authorizer.close();
        metrics.close();
        LOG.info("Herald hub stopped");
    }
}
