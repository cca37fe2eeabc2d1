package dev.herald.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A test hub on 127.0.0.1: {@code GET /sub/TOPIC} streams events, {@code POST /pub/TOPIC} (raw body) or
 * {@code POST /pub} (Mercure form) or {@code POST /publish/} (GRIP) publishes one. Each published event is delivered to each subscriber after the
 * delays the {@link Plan} gives for its sequence number: none drops it, two duplicate it, a longer one reorders it.
 * It keeps a history and replays it after a Last-Event-ID, as a hub should.
 */
final class StubHub implements AutoCloseable {

    /** One GRIP item of one Server-Sent Event, as the generator sends it. */
    private static final Pattern GRIP = Pattern.compile(
            "\\{\"items\":\\[\\{\"channel\":\"([^\"]*)\",\"formats\":\\{\"http-stream\":"
            + "\\{\"content\":\"data: ([^\"]*)\\\\n\\\\n\"}}}]}");

    /** How one event is delivered. */
    @FunctionalInterface
    interface Plan {
        /**
         * The delays, in milliseconds, of each delivery of event {@code sequence} to each subscriber;
         * {@link #AFTER_NEXT} holds it back until the next event of its topic has been sent.
         */
        long[] delaysMillis(long sequence);

        /** A delay meaning: right after the next event. */
        long AFTER_NEXT = -1;
    }

    private record Published(long id, String data) {
    }

    private final Plan plan;
    private final boolean backdate;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;
    private final Map<String, List<Channel>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, List<Published>> history = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger publishesToRefuse = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Published> held = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long nextId;

    /** A stub listening on an ephemeral loopback port that holds each delivery back by the plan's delays. */
    StubHub(Plan plan) throws InterruptedException {
        this(plan, false);
    }

    /**
     * A stub listening on an ephemeral loopback port. When {@code backdate}, it delivers at once but rewrites each
     * payload's timestamp to the write time minus the planned delay: the client then sees exactly that latency plus
     * the loopback hop, free of the timer lateness of a busy machine.
     */
    StubHub(Plan plan, boolean backdate) throws InterruptedException {
        this.plan = plan;
        this.backdate = backdate;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The Authorization headers of the publish requests. */
    List<String> authorizations() {
        return authorizations;
    }

    /** The Accept headers of the subscribe requests. */
    List<String> accepts() {
        return accepts;
    }

    /** The Last-Event-ID headers of the subscribe requests that had one. */
    List<String> lastEventIds() {
        return lastEventIds;
    }

    /** How many subscribers are connected now. */
    int subscriberCount() {
        return subscribers.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Ends every stream cleanly after a {@code retry:} of {@code retryMillis}, keeping the connections open, as a
     * proxy in front of a stopping hub does.
     */
    void endStreams(long retryMillis) {
        for (List<Channel> channels : subscribers.values()) {
            for (Channel channel : channels) {
                channel.eventLoop().execute(() -> {
                    channel.write(new DefaultHttpContent(Unpooled.copiedBuffer("retry: " + retryMillis + "\n\n",
                            StandardCharsets.UTF_8)));
                    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                });
            }
            channels.clear();
        }
    }

    /** Answers the next {@code count} publishes 503 with {@code Retry-After: 1}, storing nothing. */
    void refusePublishes(int count) {
        publishesToRefuse.set(count);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Writes {@code event} after {@code delay} ms; tasks of one event loop run in order, so 0 keeps the order. */
    private static void deliver(Channel target, Published event, long delay) {
        if (delay == 0) {
            target.eventLoop().execute(() -> target.writeAndFlush(event(event)));
        } else {
            target.eventLoop().schedule(() -> target.writeAndFlush(event(event)), delay, TimeUnit.MILLISECONDS);
        }
    }

    private static Published backdated(Published event, long delayMillis) {
        Payload payload = Payload.parse(event.data());
        Payload earlier = new Payload(payload.sequence(), System.nanoTime() - delayMillis * 1_000_000);
        return new Published(event.id(), earlier.encode(event.data().length()));
    }

    private static DefaultHttpContent event(Published event) {
        return new DefaultHttpContent(Unpooled.copiedBuffer("id: " + event.id() + "\ndata: " + event.data()
                + "\n\n", StandardCharsets.UTF_8));
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!ctx.channel().config().isAutoRead()) {
                return; // a request pipelined after one answered with Connection: close: never read
            }
            String path = new QueryStringDecoder(request.uri()).path();
            if (request.method().equals(HttpMethod.GET) && path.startsWith("/sub/")) {
                subscribe(ctx.channel(), path.substring("/sub/".length()), request);
            } else if (request.method().equals(HttpMethod.POST) && path.startsWith("/pub")) {
                publish(ctx, path, request);
            } else {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void subscribe(Channel channel, String topic, FullHttpRequest request) {
            accepts.add(String.valueOf(request.headers().get(HttpHeaderNames.ACCEPT)));
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            HttpUtil.setTransferEncodingChunked(response, true);
            channel.write(response);
            String lastId = request.headers().get("Last-Event-ID");
            if (lastId != null) {
                lastEventIds.add(lastId);
            }
            List<Published> replay = new ArrayList<>();
            synchronized (lock) {
                subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(channel);
                if (lastId != null) {
                    long after = Long.parseLong(lastId);
                    history.getOrDefault(topic, List.of()).stream().filter(p -> p.id() > after).forEach(replay::add);
                }
            }
            replay.forEach(p -> channel.write(event(p)));
            channel.flush();
            channel.closeFuture().addListener(f -> subscribers.get(topic).remove(channel));
        }

        private void publish(ChannelHandlerContext ctx, String path, FullHttpRequest request) {
            authorizations.add(String.valueOf(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
            if (publishesToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                DefaultFullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.SERVICE_UNAVAILABLE);
                refused.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                HttpUtil.setContentLength(refused, 0);
                ctx.writeAndFlush(refused);
                return;
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            String topic;
            String data;
            if (path.startsWith("/pub/")) {
                topic = path.substring("/pub/".length());
                data = body;
            } else if (path.equals("/publish/")) {
                // GRIP, as Pushpin takes it: the channel, and the event already framed as http-stream content.
                Matcher grip = GRIP.matcher(body);
                if (!grip.matches()) {
                    throw new IllegalArgumentException("not a GRIP publish: " + body);
                }
                topic = grip.group(1);
                data = grip.group(2);
            } else {
                Map<String, List<String>> form = new QueryStringDecoder(body, false).parameters();
                topic = form.get("topic").get(0);
                data = form.get("data").get(0);
            }
            Published event;
            List<Channel> targets;
            Payload payload = Payload.parse(data);
            long[] delays = payload == null ? new long[] {0} : plan.delaysMillis(payload.sequence()); // a warm-up
            Published released;
            synchronized (lock) {
                event = new Published(nextId++, data);
                history.computeIfAbsent(topic, t -> new ArrayList<>()).add(event);
                targets = List.copyOf(subscribers.getOrDefault(topic, List.of()));
                released = held.remove(topic);
                if (delays.length == 1 && delays[0] == Plan.AFTER_NEXT) {
                    held.put(topic, event);
                    delays = new long[0];
                }
            }
            for (Channel target : targets) {
                for (long delay : delays) {
                    if (backdate) {
                        target.eventLoop().execute(() -> target.writeAndFlush(event(backdated(event, delay))));
                        continue;
                    }
                    deliver(target, event, delay);
                }
                if (released != null) {
                    deliver(target, released, 0);
                }
            }
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, Unpooled.copiedBuffer(Long.toString(event.id()), StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            if (path.equals("/publish/")) {
                // As Pushpin's publish API: one request per connection.
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                ctx.channel().config().setAutoRead(false);
                return;
            }
            ctx.writeAndFlush(response);
        }
    }
}
