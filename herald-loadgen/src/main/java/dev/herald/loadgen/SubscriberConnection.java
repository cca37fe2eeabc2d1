package dev.herald.loadgen;

import dev.herald.core.EventStreamHandler;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import dev.herald.core.StreamLimitException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber: an HTTP/1.1 GET of an event stream, parsed with herald-core's parser, whose events are checked
 * for sequence and latency. It can stop reading (a slow consumer) and drop and reconnect with Last-Event-ID. With
 * {@code resume} it behaves as {@code EventSource}: whenever its stream ends (cleanly or not) or a reconnection is
 * refused, it opens a new one after the reconnection time (the server's last {@code retry:}, else
 * {@value #DEFAULT_RECONNECTION_MILLIS} ms, the specification's suggestion and browsers' choice), with the
 * Last-Event-ID it last received. Everything but the constructor and the control methods runs on the connection's
 * event loop.
 */
final class SubscriberConnection implements EventStreamHandler {

    /** How often a failed reconnection is retried before the subscriber gives up. */
    private static final int RECONNECT_ATTEMPTS = 5;
    /** The reconnection time until the server sends {@code retry:}. */
    static final long DEFAULT_RECONNECTION_MILLIS = 3_000;

    /** Reused per thread to hand direct buffers to the parser without a copy per connection. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final int index;
    private final int topicIndex;
    private final URI uri;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Transport transport;
    private final Measurements measurements;
    private final boolean resume;
    private final SequenceTracker tracker = new SequenceTracker();
    private final EventStreamParser parser = EventStreamParser.create(this);
    private final CompletableFuture<Boolean> firstSettled = new CompletableFuture<>();

    private volatile Channel channel;
    private volatile boolean measured = true;
    private volatile boolean everConnected;
    private volatile boolean closing;
    private boolean reconnectPlanned;
    private int reconnectAttempts;
    private long connectStartNanos;
    private boolean isReconnect;
    private long reconnectionMillis = DEFAULT_RECONNECTION_MILLIS;

    /**
     * A subscriber, not yet connected, that records into {@code measurements}; with {@code resume}, reconnects
     * whenever its stream ends.
     */
    SubscriberConnection(int index, int topicIndex, URI uri, InetSocketAddress remote, InetSocketAddress local,
            Transport transport, Measurements measurements, boolean resume) {
        this.index = index;
        this.topicIndex = topicIndex;
        this.uri = uri;
        this.remote = remote;
        this.local = local;
        this.transport = transport;
        this.measurements = measurements;
        this.resume = resume;
    }

    /** Opens the stream; the returned future completes with whether the target answered 200. */
    CompletableFuture<Boolean> connect() {
        open(false);
        return firstSettled;
    }

    private void open(boolean reconnect) {
        isReconnect = reconnect;
        if (reconnect) {
            measurements.reconnectAttempts().record();
        }
        connectStartNanos = System.nanoTime();
        Bootstrap bootstrap = new Bootstrap().group(transport.group()).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new StreamHandler());
                    }
                });
        ChannelFuture future = local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local);
        channel = future.channel();
        future.addListener(done -> {
            if (!done.isSuccess()) {
                failed();
            }
        });
    }

    private void failed() {
        if (isReconnect && !closing && resume) {
            measurements.counters().connectFailures.increment();
            reopenLater();
            return;
        }
        if (isReconnect && !closing && ++reconnectAttempts < RECONNECT_ATTEMPTS) {
            // A storm can overflow the target's accept queue: back off briefly and try again, as a browser would.
            transport.group().schedule(() -> open(true), 200, TimeUnit.MILLISECONDS);
            return;
        }
        measurements.counters().connectFailures.increment();
        firstSettled.complete(false);
    }

    /** As EventSource: a new stream after the reconnection time, unless the subscriber was closed meanwhile. */
    private void reopenLater() {
        transport.group().schedule(() -> {
            if (!closing) {
                open(true);
            }
        }, reconnectionMillis, TimeUnit.MILLISECONDS);
    }

    /** The subscriber's index. */
    int index() {
        return index;
    }

    /** The index of the subscriber's topic. */
    int topicIndex() {
        return topicIndex;
    }

    /** Whether the stream was open at least once. */
    boolean everConnected() {
        return everConnected;
    }

    /** Whether its deliveries count in the results (slow subscribers do not). */
    boolean measured() {
        return measured;
    }

    /** What the subscriber received; read it only once the event loops have stopped. */
    SequenceTracker tracker() {
        return tracker;
    }

    /** Stops reading from the socket, leaving the target to buffer or cut off; excludes it from the results. */
    void stopReading() {
        measured = false;
        Channel ch = channel;
        ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
    }

    /** Closes the stream and opens a new one at once, sending the last event ID seen. */
    void dropAndReconnect() {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (ch.isActive()) {
                reconnectPlanned = true;
                reconnectAttempts = 0;
                ch.close();
            }
        });
    }

    /** Closes the stream for good. */
    void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void onRetry(Duration reconnectionTime) {
        reconnectionMillis = reconnectionTime.toMillis();
    }

    @Override
    public void onEvent(MessageEvent event) {
        Payload payload = Payload.parse(event.data());
        if (payload == null) {
            return; // not one of ours, e.g. a hub's subscription event
        }
        long latency = System.nanoTime() - payload.sentNanos();
        if (tracker.record(payload.sequence())) {
            if (measured) {
                measurements.latency().recordNanos(latency);
                measurements.counters().delivered.increment();
            }
        } else {
            measurements.counters().duplicated.increment();
        }
    }

    /** The HTTP side of one connection; a new one per connection so a closed one cannot mix into the next. */
    private final class StreamHandler extends SimpleChannelInboundHandler<HttpObject> {

        private boolean streaming;
        private boolean answered;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    UrlTemplate.requestTarget(uri));
            request.headers().set(HttpHeaderNames.HOST, UrlTemplate.hostHeader(uri))
                    .set(HttpHeaderNames.ACCEPT, "text/event-stream")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            if (isReconnect && !parser.lastEventId().isEmpty()) {
                request.headers().set("Last-Event-ID", parser.lastEventId());
            }
            ctx.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse response) {
                answered = true;
                if (!response.status().equals(HttpResponseStatus.OK)) {
                    ctx.close();
                    failed();
                    return;
                }
                streaming = true;
                everConnected = true;
                long took = System.nanoTime() - connectStartNanos;
                (isReconnect ? measurements.reconnectTimes() : measurements.connectTimes()).recordNanos(took);
                if (isReconnect) {
                    measurements.reconnects().record();
                }
                measurements.counters().connected.increment();
                firstSettled.complete(true);
            }
            if (message instanceof HttpContent content && streaming) {
                feed(ctx, content.content());
                if (message instanceof LastHttpContent) {
                    // The stream ended (a proxy keeps the connection for another request): this one is over.
                    ctx.close();
                }
            }
        }

        private void feed(ChannelHandlerContext ctx, ByteBuf bytes) {
            try {
                if (bytes.hasArray()) {
                    parser.feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
                    return;
                }
                byte[] scratch = SCRATCH.get();
                for (int at = bytes.readerIndex(), end = bytes.writerIndex(); at < end; ) {
                    int length = Math.min(scratch.length, end - at);
                    bytes.getBytes(at, scratch, 0, length);
                    parser.feed(scratch, 0, length);
                    at += length;
                }
            } catch (StreamLimitException e) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (streaming) {
                measurements.counters().connected.decrement();
                parser.endOfStream(); // keeps the last event ID for the reconnection
            } else if (!answered) {
                failed(); // connected but closed before any answer
            }
            if (reconnectPlanned && !closing) {
                reconnectPlanned = false;
                open(true);
            } else if (streaming && !closing) {
                measurements.counters().disconnects.increment();
                if (resume) {
                    reopenLater();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the target shows up as a disconnect
        }
    }
}
